"""Menu entry of the alerts inbox."""

from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("待办提醒", "alerts:inbox", "alerts.view"),
]
