"""Capabilities of office administration, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import ADMINS, CLERKS, STAFF_ROLES, Role

CAPABILITIES: dict[str, set[str]] = {
    # budgets, spending, inspections hosted, plans and summaries of the offices in scope
    "officeadmin.view": STAFF_ROLES,
    # an office records its spending and files its plans and summaries (HZ-6, HZ-7)
    "officeadmin.edit": ADMINS | CLERKS | {Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF},
    # the county sets budgets and records inspections hosted with their points (HZ-7)
    "officeadmin.budget": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK},
}
