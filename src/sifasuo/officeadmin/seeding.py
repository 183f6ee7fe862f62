"""Demo records of office administration for `sifasuo seed`: the demo counties' operating budgets of last year and
this year, spending against them month by month (a weak office spends closer to its budget), inspections hosted
with points, and the plans and summaries filed (a strong office on time, a weak one late or not at all). Through
the services, deterministic for the seed."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile

from sifasuo.core.seeding import history_months, office_quality
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting.seeding import DEMO_COUNTIES

from . import docrules, services
from .choices import BudgetHeading

# A minimal valid PDF for the demo's filed documents (the page accepts PDF or Word files).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
BUDGET = {BudgetHeading.WATER: 1200, BudgetHeading.ELECTRICITY: 3600, BudgetHeading.TRANSPORT: 6000,
          BudgetHeading.NETWORK: 2400, BudgetHeading.OFFICE: 8000}


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed * 131 + 9)
    today = datetime.date.today()
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True,
                                          parent__code__in=DEMO_COUNTIES).order_by("code"))
    months = history_months(today)
    budgets = expenses = hostings = documents = 0
    for office in offices:
        quality = office_quality(seed, office.code)
        size = Decimal(1 + (office.population or 50_000) / 200_000).quantize(Decimal("0.1"))
        for year in (today.year - 1, today.year):
            amounts = {h: str((Decimal(v) * size).quantize(Decimal("1"))) for h, v in BUDGET.items()}
            services.set_budgets(actor=None, unit=office, year=year, amounts=amounts, note="县局核定（演示）")
            budgets += len(amounts)
        for index, month in enumerate(months):
            for heading in (BudgetHeading.ELECTRICITY, BudgetHeading.OFFICE) if index % 2 else (BudgetHeading.TRANSPORT,):
                base = Decimal(BUDGET[heading]) * size / 12
                amount = (base * Decimal(str(rng.uniform(0.6, 0.95 if quality > 0.5 else 1.05)))).quantize(Decimal("0.01"))
                spent_on = month + datetime.timedelta(days=rng.randint(0, 25))
                try:
                    services.record_expense(actor=None, unit=office, spent_on=spent_on, heading=heading, amount=amount,
                                            description=f"{month.month}月{heading.label}", payee="供应单位",
                                            receipt_number=f"{office.code[-3:]}{month:%y%m}{heading[:2].upper()}")
                    expenses += 1
                except Exception:   # the year's budget of that heading is used up: the office stops spending
                    pass
        if rng.random() < 0.25:
            hosted = months[rng.randint(2, len(months) - 1)] + datetime.timedelta(days=rng.randint(3, 20))
            good = quality > 0.6
            services.record_hosting(actor=None, unit=office, hosted_on=hosted, inspected_by=rng.choice(
                ["省司法厅", "市司法局", "市委政法委"]), subject="司法所规范化建设检查", extra_budget=2000,
                actual_cost=Decimal(rng.randint(800, 1900)), settled_on=hosted + datetime.timedelta(days=7),
                bonus_points=rng.choice([2, 3]) if good else 0, bonus_reason="迎检准备充分，受到肯定" if good else "")
            hostings += 1
        rules = docrules.rules_for(office.path)
        for year in (today.year - 1, today.year):
            for kind, rule in rules.items():
                due = rule.due_on(year)
                if due > today or rng.random() > 0.5 + 0.5 * quality:
                    continue   # not due yet, or a weak office has not filed it
                late = rng.random() > 0.3 + 0.7 * quality
                filed = min(due + datetime.timedelta(days=rng.randint(3, 20)) if late
                            else due - datetime.timedelta(days=rng.randint(1, 15)), today)
                services.file_document(actor=None, unit=office, year=year, kind=kind,
                                       title=f"{office.name}{year}年{rule.label}",
                                       file=ContentFile(PDF, name=f"{kind}-{year}.pdf"), filed_on=filed)
                documents += 1
    return (f"所务管理：{len(offices)} 个司法所，预算 {budgets} 项，支出 {expenses} 笔，迎检 {hostings} 次，"
            f"计划总结 {documents} 份")
