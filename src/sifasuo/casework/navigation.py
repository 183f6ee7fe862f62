"""Menu entries of this module (collected by core.navigation in INSTALLED_APPS order)."""

from sifasuo.accounts.roles import Role as R
from sifasuo.core.navigation import MenuItem

_M, _R = "人民调解", "七簿二册"
MENU: list = [
    MenuItem("收结案登记簿", "casework:cases_list", "casework.view", _M, quick=(R.COUNTY_CLERK,)),
    MenuItem("登记调解案件", "casework:cases_create", "casework.edit", _M,
             quick=(R.OFFICE_DIRECTOR, R.OFFICE_STAFF, R.WORKSTATION_STAFF)),
    MenuItem("矛盾纠纷排查", "casework:screenings_list", "casework.view", _M, quick=(R.WORKSTATION_STAFF,)),
    MenuItem("排查发现的纠纷", "casework:findings_list", "casework.view", _M),
    MenuItem("典型案例", "casework:typical_list", "casework.view", _M),
    MenuItem("调委会", "casework:committees_list", "casework.view", _M),
    MenuItem("调解员花名册", "casework:mediators_list", "casework.view", _M),
    MenuItem("七簿二册总览", "casework:index", "casework.view", _R),
    MenuItem("来信来访", "casework:petitions_list", "casework.view", _R, quick=(R.OFFICE_STAFF, R.WORKSTATION_STAFF)),
    MenuItem("学习会议", "casework:meetings_list", "casework.view", _R),
    MenuItem("法治宣传", "casework:publicity_list", "casework.view", _R, quick=(R.WORKSTATION_STAFF,)),
    MenuItem("法律援助", "casework:legalaid_list", "casework.view", _R),
    MenuItem("信息与一句话新闻", "casework:info_list", "casework.view", _R),
]
