"""Capabilities of the alerts inbox. Which alerts a user sees also depends on each rule's own capability
(a correction alert needs correction.view)."""

from sifasuo.accounts.roles import STAFF_ROLES

CAPABILITIES: dict[str, set[str]] = {
    "alerts.view": set(STAFF_ROLES),
}
