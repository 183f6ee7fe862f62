"""Forms of the mediation workflow (the simple registers' forms are built by registers.form_for).
They check shape only; the rules are in services.py."""

from __future__ import annotations

from django import forms

from sifasuo.core.forms import Form, IdNumberField
from sifasuo.core.scoping import EDIT, ancestor_path, restrict

from .choices import (
    AgreementForm,
    CaseSource,
    ConfirmationResult,
    DisputeType,
    Outcome,
    Performance,
    Sex,
    VisitMethod,
)
from .models import MediationCommittee, Mediator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE, required=required)


class CaseForm(Form):
    unit_code = forms.CharField(label="受理单位代码", max_length=12, help_text="司法所 9 位或工作室 12 位代码")
    number = forms.CharField(label="案件编号", max_length=40, required=False,
                             help_text="留空则自动编号，如（2025）调字第0001号")
    registered_on = _date("登记日期")
    source = forms.ChoiceField(label="案件来源", choices=CaseSource.choices)
    dispute_type = forms.ChoiceField(label="纠纷类型", choices=DisputeType.choices)
    committee = forms.ModelChoiceField(label="调委会", queryset=MediationCommittee.objects.none(), required=False)
    title = forms.CharField(label="纠纷简要", max_length=200)
    facts = forms.CharField(label="纠纷事实", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    amount = forms.DecimalField(label="涉及金额（元）", required=False, min_value=0, decimal_places=2)
    applicant_name = forms.CharField(label="申请人", max_length=100)
    applicant_sex = forms.ChoiceField(label="申请人性别", choices=[("", "—"), *Sex.choices], required=False)
    applicant_id_number = IdNumberField(label="申请人身份证号码", required=False)
    applicant_phone = forms.CharField(label="申请人电话", max_length=30, required=False)
    applicant_address = forms.CharField(label="申请人住址", max_length=200, required=False)
    respondent_name = forms.CharField(label="被申请人", max_length=100, required=False)
    respondent_sex = forms.ChoiceField(label="被申请人性别", choices=[("", "—"), *Sex.choices], required=False)
    respondent_id_number = IdNumberField(label="被申请人身份证号码", required=False)
    respondent_phone = forms.CharField(label="被申请人电话", max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = restrict(MediationCommittee.objects.all(), user, EDIT)
        if not self.is_bound and user.unit and user.unit.level >= 4 and not self.initial.get("unit_code"):
            self.initial["unit_code"] = user.unit.code

    def parties(self) -> list[dict]:
        d = self.cleaned_data
        out = [{"role": "applicant", "name": d["applicant_name"], "sex": d["applicant_sex"],
                "id_number": d["applicant_id_number"], "phone": d["applicant_phone"],
                "address": d["applicant_address"]}]
        if d["respondent_name"]:
            out.append({"role": "respondent", "name": d["respondent_name"], "sex": d["respondent_sex"],
                        "id_number": d["respondent_id_number"], "phone": d["respondent_phone"]})
        return out


class AcceptForm(Form):
    accepted_on = _date("受理日期")
    mediators = forms.ModelMultipleChoiceField(label="指定调解员", queryset=Mediator.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 4}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # mediators of the case's unit and its workstations (or of the office above a workstation)
        self.fields["mediators"].queryset = Mediator.objects.filter(
            left_on__isnull=True, unit__path__under=ancestor_path(case.unit.path, 4)).order_by("full_name")


class SessionForm(Form):
    held_on = _date("调解日期")
    place = forms.CharField(label="调解地点", max_length=100, required=False)
    mediators = forms.CharField(label="主持调解员", max_length=100, required=False)
    summary = forms.CharField(label="调解经过", widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(Form):
    outcome = forms.ChoiceField(label="调解结果", choices=Outcome.choices)
    closed_on = _date("结案日期")
    agreement_form = forms.ChoiceField(label="协议形式", choices=[("", "—"), *AgreementForm.choices], required=False)
    agreement_on = _date("协议生效日期", required=False)
    agreement_amount = forms.DecimalField(label="协议金额（元）", required=False, decimal_places=2)
    agreement_content = forms.CharField(label="协议内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    performance = forms.ChoiceField(label="履行情况", choices=[("", "—"), *Performance.choices], required=False)
    confirmation_wanted = forms.BooleanField(label="当事人拟申请司法确认", required=False)
    close_note = forms.CharField(label="结案说明", max_length=200, required=False,
                                 help_text="调解不成功或终止调解时必填：原因及告知的救济途径")


class VisitForm(Form):
    visited_on = _date("回访日期")
    method = forms.ChoiceField(label="回访方式", choices=VisitMethod.choices)
    performance = forms.ChoiceField(label="履行情况", choices=Performance.choices)
    note = forms.CharField(label="回访情况", max_length=300, required=False)


class ConfirmationForm(Form):
    applied_on = _date("申请司法确认日期")
    court = forms.CharField(label="人民法院", max_length=100)
    result = forms.ChoiceField(label="确认结果", choices=ConfirmationResult.choices)


class ArchiveForm(Form):
    archived_on = _date("归档日期")
    dossier_number = forms.CharField(label="卷宗号", max_length=40)


class TypicalForm(Form):
    recorded_on = _date("报送日期")
    title = forms.CharField(label="案例标题", max_length=200)
    summary = forms.CharField(label="基本案情与调解过程", widget=forms.Textarea(attrs={"rows": 4}))
    comment = forms.CharField(label="评析", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reported_to = forms.CharField(label="报送单位", max_length=100, required=False)
