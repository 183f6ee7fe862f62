"""Menu entry of the alerts inbox."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("待办提醒", "alerts:inbox", "alerts.view",
             quick=(R.COUNTY_CLERK, R.COUNTY_ADMIN, R.OFFICE_DIRECTOR, R.OFFICE_STAFF)),
]
