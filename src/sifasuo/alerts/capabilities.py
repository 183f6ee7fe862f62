"""Capabilities of the alerts inbox. Which alerts a user sees also depends on each rule's own capability
(a correction alert needs correction.view)."""

from sifasuo.accounts.roles import STAFF_ROLES, Role

CAPABILITIES: dict[str, set[str]] = {
    "alerts.view": set(STAFF_ROLES),
    # 办结, 暂缓, 指派 (and, at county level and above, clearing the historical list): those who do the work,
    # not leaders (read-only).
    "alerts.act": set(STAFF_ROLES) - {Role.LEADER},
}
