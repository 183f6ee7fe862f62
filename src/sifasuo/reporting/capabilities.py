"""Capabilities of this module, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import ADMINS, CLERKS, STAFF_ROLES, Role

CAPABILITIES: dict[str, set[str]] = {
    # read reports, tables, completeness of the units in scope
    "reporting.view": STAFF_ROLES,
    # fill in and submit a unit's own report (an office its own; a county or city its sum)
    "reporting.submit": ADMINS | CLERKS | {Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF},
    # approve or return the reports of the units directly below; unlock a late period
    "reporting.approve": ADMINS | CLERKS,
    # a hub office's staff review their cluster members' monthly reports before the county (HZ-1, HZ-3)
    "reporting.hub_review": {Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF},
    # create and edit report templates (fields, rules, deadlines): the same for the whole province
    "reporting.templates": {Role.PROVINCE_ADMIN, Role.PROVINCE_CLERK},
}
