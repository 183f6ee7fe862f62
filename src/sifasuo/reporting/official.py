"""Official figures (D54): the values of approved office monthly reports, in `OfficialValue` (same shape as
the live `AggregateValue`, so that a page reads both the same way).

They change only through the report workflow: `record()` runs in the transaction that approves an office's
monthly report and replaces that office-month's official rows with the report's values (the rows of the
county, city and province by difference). A report returned after approval keeps its official figures until
it is approved again; nothing else writes them.
"""

from __future__ import annotations

from collections import defaultdict

from sifasuo.core import dataversion
from sifasuo.orgunits.choices import Level

from .aggregates import Deltas, apply_deltas, replace_office_rows
from .choices import PeriodType
from .elements import by_code
from .models import OfficialValue, Report

OFFICIAL_TEMPLATE = "office_monthly"


def is_official(report: Report) -> bool:
    """Whether the report's approval sets official figures: an office's monthly report of the template the
    dashboards count (reporting.selectors.monthly_template)."""
    return (report.template.code == OFFICIAL_TEMPLATE and report.template.period_type == PeriodType.MONTH
            and report.unit.level == Level.OFFICE)


def reported_elements() -> set[str]:
    """The elements official figures exist for: the monthly report's fields and what follows from the office."""
    from .models import ReportTemplate

    template = ReportTemplate.objects.filter(code=OFFICIAL_TEMPLATE).first()
    fields = {f.get("element", f["code"]) for f in (template.fields if template else [])}
    return fields | {"offices", "hub_offices", "typical_cases_hub"}


def values_of(report: Report) -> dict[str, float]:
    """{element: value} of an approved report: its fields (compiled and typed in) and what follows from the
    office itself (one office, a hub, the hub's typical cases), as the live figures have them."""
    out: dict[str, float] = {}
    for f in report.template.fields:
        element = f.get("element", f["code"])
        value = report.values.get(f["code"])
        if element in by_code() and value not in (None, ""):
            out[element] = float(value)
    out["offices"] = 1.0
    if report.unit.is_hub:
        out["hub_offices"] = 1.0
        if out.get("typical_cases"):
            out["typical_cases_hub"] = out["typical_cases"]
    return out


def record(report: Report) -> None:
    """The approved report's values become the official figures of its office and month (in the approving
    transaction; official writes run one at a time)."""
    if not is_official(report):
        return
    dataversion.bump("aggregates-official")
    office, month = report.unit, report.period_start
    values = {code: {(office.path, month): value} for code, value in values_of(report).items()}
    deltas: Deltas = defaultdict(float)
    replace_office_rows(OfficialValue, office.path, office, [month], list(by_code()), values, deltas,
                        report.approved_at)
    apply_deltas(OfficialValue, deltas, report.approved_at)
