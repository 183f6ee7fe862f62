"""Menu entries of the recruitment module."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("员额与招聘计划", "recruitment_plans:list", "recruitment.plan.view",
             quick=(R.COUNTY_CLERK, R.COUNTY_ADMIN, R.CITY_CLERK, R.CITY_ADMIN)),
    MenuItem("招聘公告", "recruitment:announcement_list", "recruitment.view", quick=(R.HR_REVIEWER,)),
    MenuItem("报名与审查", "recruitment:application_list", "recruitment.view", quick=(R.HR_REVIEWER, R.COUNTY_CLERK)),
    MenuItem("名单", "recruitment:list_list", "recruitment.view"),
    MenuItem("在线报名", "recruitment:open_list", "recruitment.apply", quick=(R.APPLICANT,)),
    MenuItem("我的报名", "recruitment:my_applications", "recruitment.apply", quick=(R.APPLICANT,)),
]
