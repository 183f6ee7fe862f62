"""Forms of resettlement: shape only; the rules are in services.py."""

from __future__ import annotations

from django import forms

from sifasuo.core.forms import Form, IdNumberField
from .choices import AssistanceKind, Placement, RiskTier


def _date(label: str, required: bool = True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class NoticeForm(Form):
    unit_code = forms.CharField(label="帮教单位代码", max_length=12, help_text="户籍地司法所（9位）或工作室（12位）代码")
    full_name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField(label="身份证号码")
    crime = forms.CharField(label="罪名", max_length=100)
    sentence = forms.CharField(label="原判刑罚", max_length=100, required=False)
    sentence_start_on = _date("刑期起始日期", required=False)
    released_from = forms.CharField(label="释放单位", max_length=100)
    notice_received_on = _date("收到预释放通知日期", required=False)
    expected_release_on = _date("预计释放日期")
    is_key = forms.BooleanField(label="重点帮教对象（必接必送）", required=False)
    address = forms.CharField(label="户籍或居住地", max_length=200, required=False)


class VerifyForm(Form):
    verified_on = _date("核查日期")


class ConfirmForm(Form):
    confirmed_on = _date("核实日期")


class ReleaseForm(Form):
    released_on = _date("释放日期")
    collected_on = _date("接回日期（重点对象）", required=False)
    collected_by = forms.CharField(label="接回人员", max_length=100, required=False)


class CollectForm(Form):
    collected_on = _date("接回日期")
    collected_by = forms.CharField(label="接回人员", max_length=100)


class HandOverForm(Form):
    handed_over_on = _date("衔接日期")
    tier = forms.ChoiceField(label="初次风险等级", choices=RiskTier.choices, initial=RiskTier.MEDIUM)


class PlacementForm(Form):
    placement = forms.ChoiceField(label="安置情况", choices=Placement.choices)
    placed_on = _date("安置日期")


class AssistanceForm(Form):
    on = _date("日期")
    kind = forms.ChoiceField(label="帮教方式", choices=AssistanceKind.choices)
    note = forms.CharField(label="情况", max_length=300)


class RiskForm(Form):
    reviewed_on = _date("评估日期")
    tier = forms.CharField(label="风险等级", max_length=10, widget=forms.Select(choices=RiskTier.choices))
    note = forms.CharField(label="评估意见", max_length=300, required=False)


class ReoffenceForm(Form):
    on = _date("重新犯罪日期")
    note = forms.CharField(label="情况", max_length=200)


class EndForm(Form):
    ended_on = _date("结束日期")
