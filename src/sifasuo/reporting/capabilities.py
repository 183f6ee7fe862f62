"""Capabilities of this module, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import ADMINS, CLERKS, OFFICE, STAFF_ROLES, Role  # noqa: F401

CAPABILITIES: dict[str, set[str]] = {}
