"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.core.navigation import MenuItem

MENU: list = [
    MenuItem("全国汇总看板", "national:dashboard", "national.view", "指标与考核"),
]
