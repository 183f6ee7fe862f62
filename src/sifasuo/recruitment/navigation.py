"""Menu entries of the recruitment module."""

from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("员额与招聘计划", "recruitment_plans:list", "recruitment.plan.view"),
    MenuItem("招聘公告", "recruitment:announcement_list", "recruitment.view"),
    MenuItem("报名与审查", "recruitment:application_list", "recruitment.view"),
    MenuItem("名单", "recruitment:list_list", "recruitment.view"),
    MenuItem("在线报名", "recruitment:open_list", "recruitment.apply"),
    MenuItem("我的报名", "recruitment:my_applications", "recruitment.apply"),
]
