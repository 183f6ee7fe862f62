"""Menu entries of the staff module."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

MENU = [
    MenuItem("工作人员", "staff:list", "staff.view", quick=(R.COUNTY_CLERK, R.COUNTY_ADMIN, R.OFFICE_DIRECTOR)),
    MenuItem("合同到期", "staff:contracts_ending", "staff.view"),
    MenuItem("层级评定", "staff:level_review", "staff.view", quick=(R.COUNTY_ADMIN,)),
    MenuItem("培训达标", "staff:training_compliance", "staff.view"),
    MenuItem("写作任务", "staff:writing_status", "staff.view"),
    MenuItem("工资表", "staff:paysheet", "staff.view"),
]
