"""Forms of community correction: they check shape; the rules are in services.py."""

from __future__ import annotations

from django import forms

from sifasuo.core.forms import Form, IdNumberField
from .choices import CheckInMethod, Conclusion, EndReason, LeaveKind, SanctionKind, SentenceType, SupervisionLevel


def _date(label: str, required: bool = True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class SubjectForm(Form):
    unit_code = forms.CharField(label="负责单位代码", max_length=12,
                                help_text="司法所（9位）或司法行政工作室（12位）代码")
    number = forms.CharField(label="档案编号", max_length=40)
    full_name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField(label="身份证号码")
    crime = forms.CharField(label="罪名", max_length=100)
    sentence_type = forms.ChoiceField(label="矫正类别", choices=SentenceType.choices)
    original_sentence = forms.CharField(label="原判刑罚", max_length=100, required=False)
    decided_by = forms.CharField(label="决定机关", max_length=100, required=False)
    effective_on = _date("判决、裁定或决定生效日期")
    start_on = _date("矫正起始日期")
    end_on = _date("矫正期满日期")
    level = forms.CharField(label="管理等级", max_length=10, initial=SupervisionLevel.STRICT,
                            widget=forms.Select(choices=SupervisionLevel.choices))
    reported_on = _date("报到日期（已报到的填写）", required=False)
    address = forms.CharField(label="居住地", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)


class InvestigationForm(Form):
    unit_code = forms.CharField(label="承办单位代码", max_length=12)
    full_name = forms.CharField(label="被调查人", max_length=50)
    id_number = IdNumberField(label="身份证号码")
    commissioned_by = forms.CharField(label="委托机关", max_length=100)
    commissioned_on = _date("收到委托日期")
    urgent = forms.BooleanField(label="急案（5 个工作日）", required=False)
    note = forms.CharField(label="调查情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InvestigationReportForm(Form):
    conclusion = forms.ChoiceField(label="评估意见", choices=Conclusion.choices)
    reported_on = _date("提交日期")
    note = forms.CharField(label="调查情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(Form):
    reported_on = _date("报到日期")


class DeclareForm(Form):
    declared_on = _date("宣告日期")


class PlanForm(Form):
    plan = forms.CharField(label="矫正方案", widget=forms.Textarea(attrs={"rows": 5}))
    plan_on = _date("方案制定日期")


class LevelForm(Form):
    level = forms.CharField(label="管理等级", max_length=10, widget=forms.Select(choices=SupervisionLevel.choices))
    changed_on = _date("调整日期")
    reason = forms.CharField(label="调整理由", max_length=200)


class CheckInForm(Form):
    method = forms.ChoiceField(label="报告方式", choices=CheckInMethod.choices)
    on = _date("报告日期")
    note = forms.CharField(label="情况", max_length=200, required=False)


class LeaveForm(Form):
    kind = forms.ChoiceField(label="类型", choices=LeaveKind.choices)
    applied_on = _date("申请日期")
    start_on = _date("外出起始日期")
    end_on = _date("外出截止日期（变更执行地不填）", required=False)
    destination = forms.CharField(label="目的地", max_length=100)
    reason = forms.CharField(label="事由", max_length=200)


class LeaveDecisionForm(Form):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1")
    decided_on = _date("审批日期")
    to_unit_code = forms.CharField(label="接收司法所代码（仅变更执行地）", max_length=12, required=False,
                                   help_text="批准变更执行地时必填：新执行地司法所的 9 位代码，对象随即移交该所")
    transferred_on = _date("交接日期（仅变更执行地，不填为审批日期）", required=False)


class LeaveReturnForm(Form):
    returned_on = _date("销假日期")


class SanctionForm(Form):
    kind = forms.ChoiceField(label="奖惩类型", choices=SanctionKind.choices)
    on = _date("决定日期")
    reason = forms.CharField(label="事实与理由", max_length=300)


class LocationForm(Form):
    start_on = _date("起始日期")
    end_on = _date("截止日期（不超过三个月）")
    reason = forms.CharField(label="使用理由", max_length=200)


class LocationRenewForm(Form):
    end_on = _date("延长至（不超过三个月）")
    reason = forms.CharField(label="延长理由", max_length=200)


class LocationCloseForm(Form):
    closed_on = _date("解除日期")


class MedicalForm(Form):
    on = _date("复查日期")
    hospital = forms.CharField(label="医院", max_length=100)
    result = forms.CharField(label="复查结论", max_length=200)


class OutOfContactForm(Form):
    since = _date("失去联系日期")


class RestoreContactForm(Form):
    on = _date("恢复联系日期")
    note = forms.CharField(label="情况", max_length=200, required=False)


class EndForm(Form):
    reason = forms.ChoiceField(label="解除或终止原因", choices=EndReason.choices)
    ended_on = _date("解除或终止日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class HandOverForm(Form):
    on = _date("移交安置帮教日期")
