"""The data elements compiled from the standards registers (reporting.elements: one registry, D82)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q

from sifasuo.reporting.elements import OFFICE_PATH_LENGTH, Checklist, Element, Stock, Values
from sifasuo.reporting.periods import add_months, months_of

from .selectors import WORKSTATION_PROFILE_FIELDS, workstation_checks


def compliant_workstations(path: str, start: datetime.date, end: datetime.date) -> Values:
    """SD-8: workstations meeting their construction standard on each month's last day (or today, for the
    month in progress), per office — the standards page's checklist, so that the coverage rate has one
    definition (compliant ÷ all) on the standards page and on the dashboard."""
    today = datetime.date.today()
    out: Values = defaultdict(float)
    for month in months_of(start, end):
        last = min(add_months(month, 1) - datetime.timedelta(days=1), today)
        if last < month:
            continue
        for check in workstation_checks(path, today=last):
            if check.compliant:
                out[(check.unit.path[:OFFICE_PATH_LENGTH], month)] += 1
    return out


def _workstation_profile_fields() -> set[str]:
    return {f.removesuffix("_id") for f in WORKSTATION_PROFILE_FIELDS}


ELEMENTS = [
    Element("offices_deputy_director", "配备专职副科级所长的司法所", "个", "stock",
            Stock("standards.OfficeProfile", lambda last: Q(director_rank="full_time_deputy_section"), dates=()),
            ("standards:office_list", {}), None, basis="WH-2", capability="standards.view"),
    # the staff a workstation's checklist counts change it too
    Element("workstations_compliant", "达到建设规范的工作室", "个", "stock",
            Checklist("standards.WorkstationProfile", compliant_workstations, _workstation_profile_fields),
            ("standards:workstation_list", {"compliance": "met"}), None, basis="SD-8", capability="standards.view",
            depends_on=("staff.StaffMember",)),
    Element("workstations_built", "已建成规范化工作室", "个", "stock",
            Stock("standards.WorkstationProfile",
                  lambda last: Q(status="built") & (Q(built_on__isnull=True) | Q(built_on__lte=last)),
                  dates=("built_on",)),
            ("standards:workstation_list", {}), None, basis="SD-8", capability="standards.view"),
]
