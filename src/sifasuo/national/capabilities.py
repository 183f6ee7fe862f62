"""Capabilities of this module, merged into accounts.roles.CAPABILITIES at start-up."""

from sifasuo.accounts.roles import Role

CAPABILITIES: dict[str, set[str]] = {
    # the national dashboard of a national installation (aggregates by province and city, no personal data)
    "national.view": {Role.PROVINCE_ADMIN, Role.PROVINCE_CLERK},
}
