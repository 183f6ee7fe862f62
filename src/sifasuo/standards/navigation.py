"""Menu entries of the standardization module."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("达标总览", "standards:overview", "standards.view", "规范化建设",
             quick=(R.LEADER, R.CITY_ADMIN, R.PROVINCE_ADMIN)),
    MenuItem("司法所达标情况", "standards:office_list", "standards.view", "规范化建设"),
    MenuItem("司法行政工作室", "standards:workstation_list", "standards.view", "规范化建设"),
    MenuItem("试点与建设方案", "standards:plan_list", "standards.view", "规范化建设"),
    MenuItem("督导检查", "standards:inspection_list", "standards.view", "规范化建设"),
]
