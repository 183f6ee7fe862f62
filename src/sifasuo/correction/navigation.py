"""Menu entries of community correction."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

MENU: list = [
    MenuItem("社区矫正", "correction:list", "correction.view", quick=(R.COUNTY_CLERK, R.OFFICE_DIRECTOR, R.OFFICE_STAFF)),
    MenuItem("调查评估", "correction:investigation_list", "correction.view"),
]
