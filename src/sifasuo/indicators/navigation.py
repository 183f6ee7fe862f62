"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

_G = "指标与考核"
MENU: list = [
    MenuItem("工作指标看板", "indicators:dashboard", "indicators.view", _G,
             quick=(R.LEADER, R.PROVINCE_ADMIN, R.PROVINCE_CLERK, R.CITY_ADMIN, R.CITY_CLERK, R.COUNTY_ADMIN)),
    MenuItem("指标与目标", "indicators:targets", "indicators.view", _G),
    MenuItem("每月报送与片区工作", "indicators:submissions", "indicators.view", _G),
    MenuItem("司法所考核", "indicators:schemes", "indicators.view", _G, quick=(R.COUNTY_ADMIN,)),
    MenuItem("年度考核与表彰", "indicators:annual_list", "indicators.view", _G),
]
