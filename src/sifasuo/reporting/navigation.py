"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

_G = "统计报表"
MENU: list = [
    MenuItem("报表上报情况", "reporting:status", "reporting.view", _G,
             quick=(R.COUNTY_CLERK, R.COUNTY_ADMIN, R.CITY_CLERK, R.CITY_ADMIN, R.PROVINCE_CLERK, R.LEADER)),
    MenuItem("本单位报表", "reporting:open", "reporting.view", _G, quick=(R.OFFICE_DIRECTOR, R.OFFICE_STAFF)),
    MenuItem("报表列表", "reporting:list", "reporting.view", _G),
    MenuItem("统计汇总表", "reporting:table", "reporting.view", _G, quick=(R.PROVINCE_ADMIN, R.PROVINCE_CLERK, R.CITY_CLERK)),
    MenuItem("报表模板", "reporting:templates", "reporting.view", _G),
]
