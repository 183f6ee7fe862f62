"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.core.navigation import MenuItem

_G = "统计报表"
MENU: list = [
    MenuItem("报表上报情况", "reporting:status", "reporting.view", _G),
    MenuItem("本单位报表", "reporting:open", "reporting.view", _G),
    MenuItem("报表列表", "reporting:list", "reporting.view", _G),
    MenuItem("统计汇总表", "reporting:table", "reporting.view", _G),
    MenuItem("报表模板", "reporting:templates", "reporting.view", _G),
]
