"""Menu entries of resettlement."""

from sifasuo.core.navigation import MenuItem

MENU: list = [MenuItem("安置帮教", "resettlement:list", "resettlement.view")]
