"""Reads of reporting: reports in scope, completeness and timeliness per unit and period."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from sifasuo.core.scoping import restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import periods
from .choices import ReportStatus
from .elements import PATH_LENGTH
from .models import AggregateValue, Report, ReportEvent, ReportTemplate

DONE = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def visible_reports(user, action: str | None = None) -> QuerySet[Report]:
    """The reports `user` may read, or change (`action` EDIT), each with its template and unit."""
    return restrict(Report.objects.select_related("template", "unit"), user, action)


def report_register(user) -> QuerySet[Report]:
    """The reports in the API's order: the latest period first, then by unit."""
    return visible_reports(user).order_by("-period_start", "unit__path")


def own_reports(user, count: int = 20) -> list[Report]:
    """The latest `count` reports of the user's own unit (none without a unit)."""
    return list(report_register(user).filter(unit_id=user.unit_id)[:count]) if user.unit_id else []


def report_events(user) -> QuerySet[ReportEvent]:
    """The reports' events the user may see, the latest first."""
    return restrict(ReportEvent.objects.select_related("actor", "report").order_by("-at", "-id"), user)


def events_of(report: Report) -> QuerySet[ReportEvent]:
    """The history of a report the user has opened (submitted, returned, approved …) as it happened, each with
    who acted."""
    return report.events.select_related("actor")


def aggregate_values(user) -> QuerySet[AggregateValue]:
    """The live aggregate values of the units in scope, by unit, period and element."""
    return restrict(AggregateValue.objects.select_related("unit").order_by("unit_path", "period", "element"), user)


def report_templates(user) -> QuerySet[ReportTemplate]:
    """The report templates: province-wide, every one for every user who reads reports (none is scoped)."""
    return all_templates()


def report_of(*, template: ReportTemplate, unit: OrgUnit, start: datetime.date) -> Report | None:
    """A unit's report of a period, when it has been compiled."""
    return Report.objects.filter(template=template, unit=unit, period_start=start).first()


def template_by_code(code: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(code=code).first() if code else None


def active_templates() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.filter(active=True)


def all_templates() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.all()


def monthly_template() -> ReportTemplate | None:
    return template_by_code("office_monthly")


def _open_in(prefix: str, end: datetime.date) -> Q:
    return ((Q(**{f"{prefix}opened_on__isnull": True}) | Q(**{f"{prefix}opened_on__lte": end}))
            & (Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": end})))


@dataclass
class Completeness:
    unit: OrgUnit
    expected: int
    submitted: int
    on_time: int
    approved: int

    @property
    def completeness(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def completeness(*, template: ReportTemplate, start: datetime.date, unit: OrgUnit,
                 by_children: bool = True) -> list[Completeness]:
    """Expected, submitted, on-time and approved reports per unit directly below `unit` (or for `unit`
    itself): expected reports come from the assignment (units at the template's level open on the period's
    last day); a report of a unit that is not expected counts nowhere, so a rate never passes 100 %.
    Two grouped queries."""
    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    level = min(unit.level + 1, template.unit_level) if by_children else unit.level
    length = PATH_LENGTH.get(level, PATH_LENGTH[Level.OFFICE])
    expected = dict(OrgUnit.objects.filter(path__under=unit.path, level=template.unit_level)
                    .filter(_open_in("", end)).annotate(prefix=Substr("path", 1, length))
                    .values_list("prefix").annotate(n=Count("id")).order_by())
    done = {r["prefix"]: r for r in (
        Report.objects.filter(template=template, period_start=start, unit__path__under=unit.path,
                              unit__level=template.unit_level, status__in=DONE)
        .filter(_open_in("unit__", end)).annotate(prefix=Substr("unit__path", 1, length))
        .values("prefix").annotate(n=Count("id"), on_time=Count("id", filter=Q(on_time=True)),
                                   approved=Count("id", filter=Q(status=ReportStatus.APPROVED))).order_by())}
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=list(expected))} if by_children else {unit.path: unit}
    if not by_children:
        expected = {unit.path: sum(expected.values())}
        total = {"n": 0, "on_time": 0, "approved": 0}
        for r in done.values():
            for k in total:
                total[k] += r[k]
        done = {unit.path: total}
    out = []
    for path in sorted(expected):
        if path not in units:
            continue
        d = done.get(path, {"n": 0, "on_time": 0, "approved": 0})
        out.append(Completeness(units[path], expected[path], d["n"], d["on_time"], d["approved"]))
    return out


def missing_units(*, template: ReportTemplate, start: datetime.date, unit: OrgUnit) -> QuerySet:
    """The expected units under `unit` with no submitted report for the period (what a county chases), in path
    order, unevaluated: a province's page counts them and shows the first ones (1,800 offices as model instances
    cost more than the rest of the page, D52)."""
    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    done = Report.objects.filter(template=template, period_start=start, status__in=DONE,
                                 unit__path__under=unit.path).values("unit_id")
    # only what the pages show of them: a province has some 1,800 offices, each otherwise loaded whole
    return (OrgUnit.objects.filter(path__under=unit.path, level=template.unit_level).filter(_open_in("", end))
            .exclude(id__in=done).order_by("path").only("id", "code", "name", "path", "level"))


def cluster_reports(*, template: ReportTemplate, start: datetime.date, hub: OrgUnit) -> list[dict]:
    """HZ-1, HZ-3: the hub office and each member office of its cluster with its report of the period."""
    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    offices = list(OrgUnit.objects.filter(Q(pk=hub.pk) | Q(hub_id=hub.pk), level=Level.OFFICE)
                   .filter(_open_in("", end)).order_by("path"))
    reports = {r.unit_id: r for r in Report.objects.filter(template=template, period_start=start, unit__in=offices)}
    return [{"unit": o, "report": reports.get(o.id)} for o in offices]


def status_table(*, template: ReportTemplate, start: datetime.date, unit: OrgUnit) -> list[dict]:
    """Each unit directly below `unit` (at most the template's level) with its report's state."""
    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    child_level = min(unit.level + 1, template.unit_level)
    children = list(OrgUnit.objects.filter(path__under=unit.path, level=child_level).filter(_open_in("", end))
                    .order_by("path"))
    reports = {r.unit_id: r for r in Report.objects.filter(template=template, period_start=start,
                                                            unit__in=children)}
    return [{"unit": c, "report": reports.get(c.id)} for c in children]
