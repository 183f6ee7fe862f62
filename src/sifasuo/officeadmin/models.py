"""An office's operating budget by heading and the spending against it (HZ-7), the inspections it hosts with
their extra budget and points (HZ-7), and its plans and summaries (HZ-6, WH-13, DQ-11)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sifasuo.core.models import ChangeLoggedModel, detail_page

from .choices import BudgetHeading, DocumentKind


class OperatingBudget(ChangeLoggedModel):
    """The county's yearly budget of one operating heading for one office (HZ-7)."""

    scope_path = "unit__path"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="operating_budgets")
    year = models.PositiveSmallIntegerField("年度")
    heading = models.CharField("经费科目", max_length=20, choices=BudgetHeading.choices)
    amount = models.DecimalField("预算金额（元）", max_digits=12, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "基本业务经费预算"
        verbose_name_plural = "基本业务经费预算"
        ordering = ["-year", "unit__path", "heading"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "heading"],
                                               name="officeadmin_budget_unit_year_heading")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年{self.get_heading_display()}预算 {self.amount} 元"

    def get_absolute_url(self) -> str:
        return reverse("officeadmin:finance") + f"?unit={self.unit.code}&year={self.year}"


class Expense(ChangeLoggedModel):
    """One payment of an office against its budget, with its receipt (HZ-7: no cash without receipts)."""

    scope_path = "unit__path"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="expenses")
    spent_on = models.DateField("支出日期")
    heading = models.CharField("经费科目", max_length=20, choices=BudgetHeading.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    description = models.CharField("用途", max_length=200)
    receipt_number = models.CharField("票据号码", max_length=60)
    payee = models.CharField("收款单位或个人", max_length=100, blank=True)

    class Meta:
        verbose_name = "经费支出"
        verbose_name_plural = "经费支出"
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["unit", "spent_on"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.spent_on} {self.get_heading_display()} {self.amount} 元"

    def get_absolute_url(self) -> str:
        return reverse("officeadmin:expense_list") + f"?within={self.unit.code}"


class InspectionHosting(ChangeLoggedModel):
    """An inspection an office hosted (迎检, HZ-7): the extra budget granted for preparing it, the actual cost
    the county settles directly, and the points the county awards for a good result (added to the month's
    score in the office assessment)."""

    scope_path = "unit__path"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="inspections_hosted")
    hosted_on = models.DateField("迎检日期")
    inspected_by = models.CharField("检查单位", max_length=100)
    subject = models.CharField("检查内容", max_length=200)
    extra_budget = models.DecimalField("追加预算（元）", max_digits=12, decimal_places=2, default=0)
    actual_cost = models.DecimalField("接待实际开支（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    settled_on = models.DateField("县局结算日期", null=True, blank=True)
    bonus_points = models.DecimalField("迎检加分", max_digits=4, decimal_places=1, default=0)
    bonus_reason = models.CharField("加分理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "迎检"
        verbose_name_plural = "迎检"
        ordering = ["-hosted_on", "-id"]
        indexes = [models.Index(fields=["unit", "hosted_on"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.hosted_on} 迎接{self.inspected_by}检查"

    def get_absolute_url(self) -> str:
        return reverse("officeadmin:hosting_list") + f"?within={self.unit.code}"


def work_document_path(instance: "WorkDocument", filename: str) -> str:
    return f"workdocs/{instance.unit.code}/{instance.year}/{filename}"


class WorkDocument(ChangeLoggedModel):
    """A plan or summary an office files for a year (HZ-6, WH-13, DQ-11), with the day it was filed."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("officeadmin:document_file")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="work_documents")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("材料类别", max_length=30, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=200)
    file = models.FileField("文件", upload_to=work_document_path)
    filed_on = models.DateField("报送日期")
    due_on = models.DateField("应报送日期")

    class Meta:
        verbose_name = "计划总结"
        verbose_name_plural = "计划总结"
        ordering = ["-year", "unit__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind"],
                                               name="officeadmin_document_unit_year_kind")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年{self.get_kind_display()}"

    @property
    def on_time(self) -> bool:
        return self.filed_on <= self.due_on
