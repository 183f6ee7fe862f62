"""Deadlines of office administration for the alert engine: plans and summaries not filed by their due date
(HZ-6 年初有计划、半年有小结、年终有总结; WH-13; DQ-11), warned 15 days ahead."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.alerts.engine import Alert, Rule
from sifasuo.core.scoping import ancestor_path
from sifasuo.orgunits.choices import Level

from . import docrules
from .choices import DocumentKind

WARN_DAYS = 15
LOOK_BACK_DAYS = 60   # last year's year-end summary is still asked for early in the new year


def documents_due(path: str, today: datetime.date) -> list[Alert]:
    from sifasuo.orgunits.models import OrgUnit

    from .models import WorkDocument

    offices = list(OrgUnit.objects.filter(path__under=path, level=Level.OFFICE, closed_on__isnull=True)
                   .only("id", "code", "name", "path"))
    years = (today.year - 1, today.year)
    filed = set(WorkDocument.objects.filter(unit__in=offices, year__in=years).values_list("unit_id", "year", "kind"))
    rules_cache: dict[str, dict] = {}
    url = reverse("officeadmin:document_list")
    out = []
    for office in offices:
        county = ancestor_path(office.path, 3)
        rules = rules_cache.setdefault(county, docrules.rules_for(office.path))
        for year in years:
            for kind, rule in rules.items():
                due = rule.due_on(year)
                if due > today + datetime.timedelta(days=WARN_DAYS) or (year < today.year and
                                                                       (today - due).days > LOOK_BACK_DAYS):
                    continue
                if (office.pk, year, kind) in filed:
                    continue
                out.append(Alert(rule="officeadmin.document_due", unit_id=office.pk, unit_path=office.path,
                                 subject=f"{office.name} {year}年{DocumentKind(kind).label}",
                                 message=f"应于 {due:%Y-%m-%d} 前报送（{rule.basis}）", due=due,
                                 url=f"{url}?within={office.code}&year={year}",
                                 record=f"officeadmin.document:{office.code}:{year}:{kind}"))
    return out


RULES = [
    Rule(code="officeadmin.document_due", title="计划、总结未按时报送",
         basis="HZ-6（年初有计划、半年有小结、年终有总结）、WH-13、DQ-11", module="所务管理",
         capability="officeadmin.view", collect=documents_due),
]
