"""Capabilities of resettlement (安置帮教), merged into accounts.roles.CAPABILITIES at start-up.

Released persons' records are sensitive: only roles with that duty see them; every read of one is logged."""

from sifasuo.accounts.roles import ADMINS, CLERKS, Role

CAPABILITIES: dict[str, set[str]] = {
    "resettlement.view": ADMINS | CLERKS | {Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF},
    "resettlement.edit": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK, Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF},
}
