"""Rows of the other county for every scoped model of office administration (the scope walk), built through
the services, and builders the officeadmin tests share."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from sifasuo.officeadmin import services
from sifasuo.officeadmin.models import Expense, InspectionHosting, OperatingBudget, WorkDocument
from tests.factories import FOREIGN_MARKER

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="计划.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def _rows(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_officeadmin", {})
    if cache:
        return cache
    office = tree["other_office"]
    year = datetime.date.today().year - 1   # a past year: every date below lies before today
    budgets = services.set_budgets(actor=None, unit=office, year=year, amounts={"office": "5000", "water": "800"},
                                   note=f"{FOREIGN_MARKER}预算")
    expense = services.record_expense(actor=None, unit=office, spent_on=datetime.date(year, 1, 2), heading="office",
                                      amount="120", description=f"{FOREIGN_MARKER}打印纸",
                                      receipt_number="WX-0001")
    hosting = services.record_hosting(actor=None, unit=office, hosted_on=datetime.date(year, 1, 3),
                                      inspected_by=f"{FOREIGN_MARKER}市司法局", subject="规范化建设检查",
                                      bonus_points=2, bonus_reason=f"{FOREIGN_MARKER}迎检效果好")
    document = services.file_document(actor=None, unit=office, year=year, kind="annual_plan",
                                      title=f"{FOREIGN_MARKER}年初工作计划", file=pdf(),
                                      filed_on=datetime.date(year, 1, 4))
    cache.update({OperatingBudget: budgets, Expense: [expense], InspectionHosting: [hosting],
                  WorkDocument: [document]})
    return cache


FOREIGN_BUILDERS = {model: (lambda m: lambda tree, accounts: _rows(tree, accounts)[m])(model)
                    for model in (OperatingBudget, Expense, InspectionHosting, WorkDocument)}
