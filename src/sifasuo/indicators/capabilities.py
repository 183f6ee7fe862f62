"""Capabilities of this module, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import STAFF_ROLES, Role

CAPABILITIES: dict[str, set[str]] = {
    # dashboards, indicators against targets, assessment results of the units in scope
    "indicators.view": STAFF_ROLES,
    # the county's scoring scheme, departments' marks, computing scores and funds (HZ-7, HZ-9)
    "indicators.assess": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK},
}
