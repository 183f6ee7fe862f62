"""Demo records of office assessment for `sifasuo seed`: for each demo county a scoring scheme and a performance
fund for the year of the last complete month (computed through it), with the items that have a target in the
county's jurisdiction and departments' marks that follow each office's quality; and last year's year-end on-site
assessment (the demo's history starts in its November, so its targets are scored on site) finalized with its
commendation list."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from sifasuo.core.seeding import office_quality
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting import periods
from sifasuo.reporting.seeding import DEMO_COUNTIES

from . import services
from .choices import CriterionSource, FundFormula, NoDataRule
from .defaults import default_items_for
from .models import ScoringScheme
from .selectors import marked_criteria


def _marks(rng, seed, scheme, offices, through) -> None:
    manual = scheme.items.filter(method="manual").first()
    if manual is None:
        return
    for office in offices:
        quality = office_quality(seed, office.code)
        for month in periods.months_of(datetime.date(scheme.year, 1, 1), through):
            if rng.random() < 0.05:
                continue   # a month the department did not mark: shown as 无数据
            percent = max(40, min(100, round(rng.gauss(60 + 40 * quality, 6))))
            services.record_manual_score(actor=None, item=manual, unit=office, month=month, percent=percent)


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed)
    today = timezone.localdate()
    last = periods.previous_period("month", today)
    made = annual = 0
    for index, county in enumerate(OrgUnit.objects.filter(code__in=DEMO_COUNTIES, level=Level.COUNTY).order_by("code")):
        offices = list(OrgUnit.objects.filter(path__under=county.path, level=Level.OFFICE, closed_on__isnull=True))
        for year, through in ((last.year, last),):
            if ScoringScheme.objects.filter(unit=county, year=year).exists():
                continue
            scheme = services.create_scheme(
                actor=None, unit=county, year=year, name=f"{year}年度司法所工作目标考核",
                fund_total=Decimal(rng.choice([120000, 200000, 300000])),
                formula=[FundFormula.BASE_PLUS, FundFormula.PROPORTIONAL, FundFormula.THRESHOLD][index % 3],
                base_share=Decimal("0.3"), pass_score=Decimal(60),
                no_data_rule=NoDataRule.EXCLUDE if index % 2 else NoDataRule.ZERO, items=default_items_for(county.path))
            _marks(rng, seed, scheme, offices, through)
            services.compute_scores(actor=None, scheme=scheme, through=through)
            made += 1
        # last year's year-end on-site assessment (HZ-9), finalized with its commendation list
        assessment = services.create_annual(actor=None, unit=county, year=last.year - 1, commend_count=3,
                                            commend_min_score=Decimal(80))
        marks = []
        for office in offices:
            quality = office_quality(seed, office.code)
            for criterion in marked_criteria(assessment):
                if criterion.source == CriterionSource.BONUS:
                    if rng.random() < 0.15 and quality > 0.6:
                        marks.append({"unit": office, "criterion": criterion, "points": rng.choice([2, 3, 5]),
                                      "note": "调解工作经验被市司法局推广"})
                    continue
                share = max(0.5, min(1.0, rng.gauss(0.7 + 0.3 * quality, 0.05)))
                marks.append({"unit": office, "criterion": criterion,
                              "points": (criterion.max_points * Decimal(str(round(share, 2)))).quantize(Decimal("0.5"))})
        services.record_marks(actor=None, assessment=assessment, marks=marks)
        services.finalize_annual(actor=None, assessment=assessment)
        annual += 1
    return f"指标与考核：考核方案 {made} 个（含绩效经费分配），年度考核 {annual} 个（含表彰名单）"
