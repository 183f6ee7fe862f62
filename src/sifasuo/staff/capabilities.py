"""Capabilities of the staff module, merged into accounts.roles.CAPABILITIES at start-up.

`staff.view` and `staff.edit` are the foundation's (accounts/roles.py). Office directors also enter their
people's training and writing (谁使用、谁管理, DQ-10); levels, contracts, assessments, rewards, pay, exit
and transfers are the county's (YQ-8)."""

from sifasuo.accounts.roles import ADMINS, CLERKS, OFFICE, STAFF_ROLES, Role  # noqa: F401

CAPABILITIES: dict[str, set[str]] = {
    "staff.records": ADMINS | CLERKS | {Role.OFFICE_DIRECTOR},
}
