"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.core.navigation import MenuItem  # noqa: F401

MENU: list = []
