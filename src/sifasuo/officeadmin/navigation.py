"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.core.navigation import MenuItem

MENU: list = [
    MenuItem("经费预算与支出", "officeadmin:finance", "officeadmin.view"),
    MenuItem("经费支出明细", "officeadmin:expense_list", "officeadmin.view"),
    MenuItem("迎检", "officeadmin:hosting_list", "officeadmin.view"),
    MenuItem("计划总结报送", "officeadmin:document_overview", "officeadmin.view"),
    MenuItem("计划总结材料", "officeadmin:document_list", "officeadmin.view"),
]
