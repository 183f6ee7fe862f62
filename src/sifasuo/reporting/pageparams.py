"""The unit, period and template a reporting or dashboard page is about, read from the query string and
kept within the user's scope (a code outside it falls back to the user's own unit)."""

from __future__ import annotations

import datetime

from django.http import Http404
from sifasuo.core.scoping import in_scope
from sifasuo.orgunits.models import OrgUnit

from . import periods
from .models import ReportTemplate


def unit_from(request) -> OrgUnit | None:
    user = request.user
    code = (request.GET.get("unit") or "").strip()
    if code:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is not None and in_scope(user, unit.path):
            return unit
    unit = getattr(user, "unit", None)
    if unit is None and user.is_superuser:
        unit = OrgUnit.objects.filter(level=1).order_by("code").first()
    return unit


def unit_or_404(request) -> OrgUnit:
    """unit_from, for a page that has nothing to show without a unit."""
    unit = unit_from(request)
    if unit is None:
        raise Http404
    return unit


def template_from(request) -> ReportTemplate | None:
    from .services import ensure_templates

    code = (request.GET.get("template") or "office_monthly").strip()
    template = ReportTemplate.objects.filter(code=code).first()
    if template is None:
        ensure_templates()
        template = ReportTemplate.objects.filter(code=code).first() or ReportTemplate.objects.first()
    return template


def period_from(request, template: ReportTemplate | None, today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    month = periods.parse_month(request.GET.get("period", ""))
    kind = template.period_type if template else "month"
    if month is None:
        return periods.previous_period(kind, today)
    return periods.period_start(kind, month)


def year_month_from(request) -> tuple[int, int | None]:
    """The year and month (None: the whole year) a dashboard asks for; by default last month, and for another
    year the whole year. A year outside 2000–2100 or a month outside 1–12 falls back to the default."""
    today = datetime.date.today()
    default = periods.add_months(today.replace(day=1), -1)
    try:
        year = int(request.GET.get("year") or default.year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year = default.year
    raw = request.GET.get("month")
    if raw is None:
        month = default.month if year == default.year else None
    else:
        try:
            month = int(raw) if raw else None
            if month is not None and not 1 <= month <= 12:
                month = None
        except ValueError:
            month = None
    return year, month
