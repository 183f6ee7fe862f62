"""Forms of office administration: they shape input; the services apply the rules."""

from __future__ import annotations

from django import forms

from sifasuo.core.forms import Form

from .choices import BudgetHeading, DocumentKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "请输入有效日期，格式如 2025-03-01"}


class ExpenseForm(Form):
    unit_code = forms.CharField(label="司法所代码", max_length=12)
    spent_on = forms.DateField(label="支出日期", widget=DATE, error_messages=DATE_ERRORS)
    heading = forms.ChoiceField(label="经费科目", choices=BudgetHeading.choices)
    amount = forms.CharField(label="金额（元）", max_length=20)
    description = forms.CharField(label="用途", max_length=200)
    receipt_number = forms.CharField(label="票据号码", max_length=60, required=False,
                                     help_text="支出须有合规票据，严禁白条入账（HZ-7）")
    payee = forms.CharField(label="收款单位或个人", max_length=100, required=False)


class HostingForm(Form):
    unit_code = forms.CharField(label="司法所代码", max_length=12)
    hosted_on = forms.DateField(label="迎检日期", widget=DATE, error_messages=DATE_ERRORS)
    inspected_by = forms.CharField(label="检查单位", max_length=100)
    subject = forms.CharField(label="检查内容", max_length=200)
    extra_budget = forms.CharField(label="追加预算（元）", max_length=20, required=False, initial="0")
    actual_cost = forms.CharField(label="接待实际开支（元，县局直接结算）", max_length=20, required=False)
    settled_on = forms.DateField(label="县局结算日期", widget=DATE, required=False, error_messages=DATE_ERRORS)
    bonus_points = forms.CharField(label="迎检加分（计入当月考核）", max_length=10, required=False, initial="0")
    bonus_reason = forms.CharField(label="加分理由", max_length=200, required=False)


class DocumentForm(Form):
    unit_code = forms.CharField(label="司法所代码", max_length=12)
    year = forms.IntegerField(label="年度")
    kind = forms.ChoiceField(label="材料类别", choices=DocumentKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    file = forms.FileField(label="文件（PDF 或 Word，不超过 10 MB）", required=False)
