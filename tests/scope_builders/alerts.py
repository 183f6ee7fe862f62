"""Foreign-county rows of the stored alerts, and a job started in the other county (core/jobs.py)."""

from __future__ import annotations

import datetime

from sifasuo.alerts.models import AlertItem
from sifasuo.core.models import Job
from tests.factories import FOREIGN_MARKER


def _items(tree, accounts):
    office = tree["other_office"]
    today = datetime.date.today()
    return [AlertItem.objects.create(rule=rule, record=f"test:{rule}", due=today - datetime.timedelta(days=days),
                                     unit=office, unit_path=office.path, subject=f"{FOREIGN_MARKER}{what}",
                                     message=f"{FOREIGN_MARKER}逾期", basis="测试", legacy=legacy)
            for rule, days, what, legacy in (("staff.contract_ending", 3, "合同到期", False),
                                             ("casework.case_open_30_days", 900, "历史案件", True))]


def _jobs(tree, accounts):
    admin = accounts["other_county_admin"]
    return [Job.objects.create(kind="sifasuo.core.views.export_list", title=f"导出{FOREIGN_MARKER}花名册",
                               user=admin, unit_path=admin.unit.path, status=Job.Status.DONE,
                               message=f"{FOREIGN_MARKER}已导出")]


FOREIGN_BUILDERS = {AlertItem: _items, Job: _jobs}
