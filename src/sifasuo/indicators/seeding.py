"""Demo records of office assessment for `sifasuo seed`: a scoring scheme and a performance fund for each demo
county for the current year, departments' marks for the months so far, and the scores and funds computed."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting import periods
from sifasuo.reporting.seeding import DEMO_COUNTIES

from . import services
from .choices import FundFormula
from .defaults import default_items_for
from .models import ScoringScheme


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed)
    today = timezone.localdate()
    last = periods.previous_period("month", today)
    year = last.year
    made = 0
    for county in OrgUnit.objects.filter(code__in=DEMO_COUNTIES, level=Level.COUNTY).order_by("code"):
        if ScoringScheme.objects.filter(unit=county, year=year).exists():
            continue
        scheme = services.create_scheme(actor=None, unit=county, year=year, name=f"{year}年度司法所工作目标考核",
                                        fund_total=Decimal(rng.choice([120000, 200000, 300000])),
                                        formula=FundFormula.BASE_PLUS, base_share=Decimal("0.3"),
                                        items=default_items_for(county.path))
        manual = scheme.items.get(method="manual")
        offices = OrgUnit.objects.filter(path__under=county.path, level=Level.OFFICE, closed_on__isnull=True)
        for office in offices:
            for month in periods.months_of(periods.add_months(last, -(last.month - 1)), last):
                services.record_manual_score(actor=None, item=manual, unit=office, month=month,
                                             percent=rng.choice([70, 80, 85, 90, 95, 100]))
        services.compute_scores(actor=None, scheme=scheme, through=last)
        made += 1
    return f"指标与考核：考核方案 {made} 个（含绩效经费分配）"
