"""Capabilities of community correction, merged into accounts.roles.CAPABILITIES at start-up.

Correction records are sensitive: only roles with that duty see them (not workstation staff, leaders or HR).
Every read of one record is logged (sifasuo.core.sensitive.log_read)."""

from sifasuo.accounts.roles import ADMINS, CLERKS, Role

DUTY = ADMINS | CLERKS | {Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF}

CAPABILITIES: dict[str, set[str]] = {
    "correction.view": DUTY,
    # intake, reports, plans, check-ins, leave requests: the county bureau and the office
    "correction.edit": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK, Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF},
    # decisions: supervision level, leave approval, rewards and sanctions, release (the services also check
    # that warnings, revocation requests and long leave are decided at county level)
    "correction.decide": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK, Role.OFFICE_DIRECTOR},
    # aggregate figures (the dashboards' 脱管/漏管 counts): those with the duty and leaders, not workstation staff
    "correction.view_figures": DUTY | {Role.LEADER},
}
