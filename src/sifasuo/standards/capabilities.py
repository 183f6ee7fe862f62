"""Capabilities of the standardization module, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import ADMINS, CLERKS, OFFICE, STAFF_ROLES, Role  # noqa: F401

CAPABILITIES: dict[str, set[str]] = {
    # see compliance, checklists, workstations, plans and progress, inspections
    "standards.view": STAFF_ROLES,
    # an office's premises, rooms, equipment ledger; a workstation's build status and items
    "standards.edit": ADMINS | CLERKS | OFFICE,
    # plans, phases, milestones, task force (city or province); county progress reports
    "standards.plan": ADMINS | CLERKS,
    # inspections, findings, photos, follow-ups (city or county inspectors)
    "standards.inspect": ADMINS | CLERKS,
}
