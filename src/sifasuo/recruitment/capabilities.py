"""Capabilities of the recruitment module, merged into accounts.roles.CAPABILITIES at start-up (D19).

Named lists (名单) that policies require applicants to be on are imported by the justice bureau that owns
them, of county level or above; every role that sees recruitment sees them (ID numbers masked)."""

from sifasuo.accounts.roles import ADMINS, CLERKS

CAPABILITIES: dict[str, set[str]] = {
    "recruitment.lists.edit": ADMINS | CLERKS,
}
