"""Capabilities of this module, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import ADMINS, CLERKS, OFFICE, STAFF_ROLES

CAPABILITIES: dict[str, set[str]] = {
    # the registers (七簿二册) and people's mediation of the units in scope
    "casework.view": STAFF_ROLES,
    "casework.edit": ADMINS | CLERKS | OFFICE,
}
