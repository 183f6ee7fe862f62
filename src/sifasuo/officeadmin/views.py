"""Pages of office administration: budgets and spending (HZ-7), spending list and entry, inspections hosted,
plans and summaries (upload, list, download) and the county's overview of who has filed (HZ-6)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from sifasuo.core.forms import run_step
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedListView, UnitRecordCreateView, stored_file_response
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting.pageparams import unit_or_404

from . import forms, selectors, services
from .choices import BudgetHeading
from .filters import DocumentFilterSet, ExpenseFilterSet, HostingFilterSet
from .models import Expense, InspectionHosting, OperatingBudget, WorkDocument


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or datetime.date.today().year)
    except ValueError:
        year = datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


class FinanceView(CapabilityRequiredMixin, View):
    """经费预算与支出 (HZ-7): an office's budget and spending per heading, or per office for a county."""

    model = OperatingBudget
    capability = "officeadmin.view"

    def get(self, request):
        unit = unit_or_404(request)
        year = _year(request)
        table = selectors.budget_table(unit, year)
        can_budget = (request.user.can("officeadmin.budget") and unit.level == Level.OFFICE
                      and request.user.unit is not None and unit.path.startswith(request.user.unit.path))
        current = selectors.budget_amounts(unit, year) if unit.level == Level.OFFICE else {}
        return render(request, "officeadmin/finance.html", {
            "title": "经费预算与支出", "unit": unit, "year": year, "table": table, "can_budget": can_budget,
            "headings": [(h.value, h.label, current.get(h.value, "")) for h in BudgetHeading],
            "can_spend": request.user.can("officeadmin.edit") and unit.level == Level.OFFICE,
        })


class BudgetEditView(CapabilityRequiredMixin, View):
    """The county sets an office's budget of a year, every heading at once (services.set_budgets); the office is
    found in the user's own subtree or not at all (404)."""

    model = OrgUnit
    capability = "officeadmin.budget"

    def post(self, request, pk):
        unit = get_object_or_404(selectors.budgetable_offices(request.user), pk=pk)
        year = _year(request)
        amounts = {h.value: request.POST.get(f"amount_{h.value}", "") for h in BudgetHeading}
        if run_step(request, lambda: services.set_budgets(actor=request.user, unit=unit, year=year, amounts=amounts,
                                                          note=request.POST.get("note", ""))):
            messages.success(request, f"已保存「{unit.name}」{year}年基本业务经费预算")
        return redirect(reverse("officeadmin:finance") + f"?unit={unit.code}&year={year}")


class _OfficeListView(ScopedListView):
    """A list of one kind of an office's records, each row naming its office."""

    capability = "officeadmin.view"


class ExpenseListView(_OfficeListView):
    model = Expense
    filterset_class = ExpenseFilterSet
    title = "经费支出明细"
    create_url_name = "officeadmin:expense_create"
    create_capability = "officeadmin.edit"
    columns = [
        Column("司法所", "unit__name"),
        Column("支出日期", "spent_on"),
        Column("经费科目", "heading"),
        Column("金额（元）", "amount"),
        Column("用途", "description"),
        Column("票据号码", "receipt_number"),
        Column("收款单位或个人", "payee"),
    ]


class _FormView(UnitRecordCreateView):
    """A record of an office, entered in the year under way unless the form says another."""

    def initial(self) -> dict:
        return {**super().initial(), "year": datetime.date.today().year}


class ExpenseCreateView(_FormView):
    model = Expense
    capability = "officeadmin.edit"
    form_class = forms.ExpenseForm
    title = "登记经费支出"
    service = staticmethod(services.record_expense)

    def message(self, expense) -> str:
        return f"已登记支出 {expense.amount} 元（{expense.get_heading_display()}）"


class HostingListView(_OfficeListView):
    model = InspectionHosting
    filterset_class = HostingFilterSet
    title = "迎检（追加预算、结算与加分）"
    create_url_name = "officeadmin:hosting_create"
    create_capability = "officeadmin.budget"
    columns = [
        Column("司法所", "unit__name"),
        Column("迎检日期", "hosted_on"),
        Column("检查单位", "inspected_by"),
        Column("检查内容", "subject"),
        Column("追加预算（元）", "extra_budget"),
        Column("实际开支（元）", "actual_cost"),
        Column("县局结算日期", "settled_on"),
        Column("迎检加分", "bonus_points"),
        Column("加分理由", "bonus_reason"),
    ]


class HostingCreateView(_FormView):
    model = InspectionHosting
    capability = "officeadmin.budget"
    form_class = forms.HostingForm
    title = "登记迎检"
    service = staticmethod(services.record_hosting)
    success_message = "已登记「{record.unit.name}」{record.hosted_on:%Y-%m-%d} 迎检"


class DocumentListView(_OfficeListView):
    model = WorkDocument
    filterset_class = DocumentFilterSet
    title = "计划总结材料"
    create_url_name = "officeadmin:document_create"
    create_capability = "officeadmin.edit"
    columns = [
        Column("司法所", "unit__name"),
        Column("年度", "year"),
        Column("材料类别", "kind"),
        Column("标题（下载）", "title", link=True),
        Column("报送日期", "filed_on"),
        Column("应报送日期", "due_on"),
        Column("按时", lambda d: "按时" if d.on_time else "逾期"),
    ]


class DocumentCreateView(_FormView):
    model = WorkDocument
    capability = "officeadmin.edit"
    form_class = forms.DocumentForm
    title = "报送计划总结"
    service = staticmethod(services.file_document)

    def message(self, document) -> str:
        late = "" if document.on_time else f"（应于 {document.due_on:%Y-%m-%d} 前报送，记为逾期）"
        return f"已报送「{document}」{late}"

    def success_url(self, document) -> str:
        return reverse("officeadmin:document_list") + f"?within={document.unit.code}&year={document.year}"


class DocumentFileView(CapabilityRequiredMixin, View):
    """A filed plan or summary, served only to those in whose scope the office lies."""

    model = WorkDocument
    capability = "officeadmin.view"

    def get(self, request, pk):
        document = get_object_or_404(selectors.visible_documents(request.user), pk=pk)
        return stored_file_response(document.file, prefix=f"{document}-")


class DocumentOverviewView(CapabilityRequiredMixin, View):
    """计划总结报送情况: every office × the plans and summaries of a year (HZ-6, WH-13, DQ-11)."""

    model = WorkDocument
    capability = "officeadmin.view"

    def get(self, request):
        unit = unit_or_404(request)
        if unit.level > Level.OFFICE:
            raise PermissionDenied("工作室不报送计划总结。")
        data = selectors.document_overview(unit, _year(request))
        return render(request, "officeadmin/document_overview.html", {"title": "计划总结报送情况", "unit": unit,
                                                                      **data})
