"""Foreign-county rows of office assessment for the scope walk."""

from __future__ import annotations

import datetime

from sifasuo.indicators import services
from sifasuo.indicators.models import (
    AnnualAssessment,
    AssessmentCriterion,
    AssessmentMark,
    AssessmentResult,
    ManualScore,
    OfficeScore,
    ScoringItem,
    ScoringScheme,
)
from tests.factories import FOREIGN_MARKER

# the seven items these tests were written against (a scheme's items are the county's to choose)
DEFAULT_ITEMS = [
    {"name": "人民调解成功率", "weight": 25, "method": "indicator", "indicator": "mediation_success_rate"},
    {"name": "工作信息报送", "weight": 15, "method": "indicator", "indicator": "info_per_office"},
    {"name": "一句话新闻报送", "weight": 10, "method": "indicator", "indicator": "news_per_office"},
    {"name": "社区矫正无脱管", "weight": 15, "method": "indicator", "indicator": "out_of_contact"},
    {"name": "社区矫正无漏管", "weight": 10, "method": "indicator", "indicator": "missed"},
    {"name": "重点帮教对象衔接", "weight": 10, "method": "indicator", "indicator": "key_handover_rate"},
    {"name": "基层基础工作（科室评分）", "weight": 15, "method": "manual", "department": "基层工作科"},
]


def _foreign(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_indicators", {})
    if cache:
        return cache
    items = [dict(i, name=f"{FOREIGN_MARKER}{i['name']}") for i in DEFAULT_ITEMS]
    scheme = services.create_scheme(actor=None, unit=tree["other_county"], year=2024,
                                    name=f"{FOREIGN_MARKER}2024年考核", fund_total="10000", items=items)
    manual = scheme.items.get(method="manual")
    score = services.record_manual_score(actor=None, item=manual, unit=tree["other_office"],
                                         month=datetime.date(2024, 3, 1), percent=80, note=f"{FOREIGN_MARKER}评分")
    services.compute_scores(actor=None, scheme=scheme, through=datetime.date(2024, 3, 1))
    annual = services.create_annual(actor=None, unit=tree["other_county"], year=2024,
                                    name=f"{FOREIGN_MARKER}2024年度考核")
    onsite = annual.criteria.exclude(source="scheme")
    services.record_marks(actor=None, assessment=annual, marks=[
        {"unit": tree["other_office"], "criterion": c, "points": c.max_points, "note": f"{FOREIGN_MARKER}说明"}
        for c in onsite])
    services.finalize_annual(actor=None, assessment=annual)
    cache.update({ScoringScheme: [scheme], ScoringItem: list(scheme.items.all()), ManualScore: [score],
                  OfficeScore: list(scheme.scores.all()), AnnualAssessment: [annual],
                  AssessmentCriterion: list(annual.criteria.all()),
                  AssessmentMark: list(AssessmentMark.objects.filter(criterion__assessment=annual)),
                  AssessmentResult: list(annual.results.all())})
    return cache


FOREIGN_BUILDERS = {model: (lambda m: lambda tree, accounts: _foreign(tree, accounts)[m])(model)
                    for model in (ScoringScheme, ScoringItem, ManualScore, OfficeScore, AnnualAssessment,
                                  AssessmentCriterion, AssessmentMark, AssessmentResult)}
