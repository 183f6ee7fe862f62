"""Menu entries of community correction."""

from sifasuo.core.navigation import MenuItem

MENU: list = [
    MenuItem("社区矫正", "correction:list", "correction.view"),
    MenuItem("调查评估", "correction:investigation_list", "correction.view"),
]
