"""Menu entries of the staff module."""

from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("工作人员", "staff:list", "staff.view"),
]
