"""The other county's API tokens (accounts.ApiToken) for the scope walk."""

from __future__ import annotations

from sifasuo.accounts import services
from sifasuo.accounts.models import ApiToken
from tests.factories import FOREIGN_MARKER


def _tokens(tree, accounts):
    services.issue_token(user=accounts["other_county_admin"], label=f"{FOREIGN_MARKER}同步程序")
    return list(ApiToken.objects.filter(user=accounts["other_county_admin"]))


FOREIGN_BUILDERS = {ApiToken: _tokens}
