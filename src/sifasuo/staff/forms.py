"""Forms check shape only; the rules are in services.py."""

from __future__ import annotations

import datetime

from django import forms

from sifasuo.core.forms import Form, IdNumberField

from .choices import (AssistantLevel, DutyCategory, Education, ExitKind, Grade, Organizer, Position,
                      RecordKind, Sex, StaffType, TrainingKind, WritingKind)

DATE = forms.DateInput(attrs={"type": "date"})


class TrainingForm(Form):
    kind = forms.ChoiceField(label="培训类别", choices=TrainingKind.choices)
    organizer = forms.ChoiceField(label="组织单位层级", choices=Organizer.choices)
    title = forms.CharField(label="培训名称", max_length=200)
    start_on = forms.DateField(label="开始日期", widget=DATE)
    days = forms.DecimalField(label="天数", max_digits=5, decimal_places=1)


class AssessmentForm(Form):
    year = forms.IntegerField(label="考核年度", initial=lambda: datetime.date.today().year - 1)
    virtue = forms.IntegerField(label="德")
    ability = forms.IntegerField(label="能")
    diligence = forms.IntegerField(label="勤")
    performance = forms.IntegerField(label="绩")
    integrity = forms.IntegerField(label="廉")
    grade = forms.ChoiceField(label="考核等次（留空按总分确定）", choices=[("", "按总分确定"), *Grade.choices],
                              required=False)
    comment = forms.CharField(label="考核意见", max_length=300, required=False)


class RewardForm(Form):
    kind = forms.ChoiceField(label="类别", choices=RecordKind.choices)
    title = forms.CharField(label="名称", max_length=100, help_text="如 嘉奖、记功、表彰；警告、记过")
    on = forms.DateField(label="日期", widget=DATE)
    reason = forms.CharField(label="事由", max_length=300)
    issuer = forms.CharField(label="决定机关", max_length=100, required=False)


class WritingForm(Form):
    kind = forms.ChoiceField(label="类别", choices=WritingKind.choices)
    title = forms.CharField(label="题目", max_length=200)
    submitted_on = forms.DateField(label="报送日期", widget=DATE)
    year = forms.IntegerField(label="计入年度（留空按报送日期）", required=False)


class ObligationForm(Form):
    """The fulfilment of an obligation taken on at a conditional hire (有条件通过)."""

    obligation = forms.TypedChoiceField(label="须履行的义务", coerce=int)
    fulfilled_on = forms.DateField(label="履行日期", widget=DATE)
    note = forms.CharField(label="履行情况", max_length=300, required=False,
                           help_text="如：2026年7月取得××学院大专学历证书（证书编号……）")

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        pending = member.obligations.filter(fulfilled_on__isnull=True) if member is not None else []
        self.fields["obligation"].choices = [(o.pk, f"{o.rule_id}：{o.text}（{o.due:%Y-%m-%d}前）") for o in pending]


class LevelForm(Form):
    level = forms.TypedChoiceField(label="层级", choices=AssistantLevel.choices, coerce=int)
    effective_on = forms.DateField(label="生效日期", widget=DATE)
    reason = forms.CharField(label="依据", max_length=300, required=False)


class ContractForm(Form):
    start = forms.DateField(label="合同开始日期", widget=DATE)
    end = forms.DateField(label="合同结束日期", widget=DATE)
    probation_end = forms.DateField(label="试用期截止日期", widget=DATE, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ExitForm(Form):
    exit_kind = forms.ChoiceField(label="离岗方式", choices=ExitKind.choices)
    left_on = forms.DateField(label="离岗日期", widget=DATE)
    exit_reason = forms.CharField(label="原因（解聘必填）", max_length=200, required=False)


class TransferForm(Form):
    to_unit = forms.CharField(label="调入单位代码", max_length=12)
    on = forms.DateField(label="调动日期", widget=DATE)
    reason = forms.CharField(label="原因", max_length=200, required=False)


class RenewForm(Form):
    override_reason = forms.CharField(label="不采纳不续聘建议的理由", max_length=200, required=False)


class BenchmarkForm(Form):
    monthly_amount = forms.DecimalField(label="月标准（元）", max_digits=10, decimal_places=2)
    effective_from = forms.DateField(label="生效日期", widget=DATE)
    note = forms.CharField(label="依据文件", max_length=200, required=False)


class MemberForm(Form):
    """A person's basic fields, typed by hand; the same checks as the roster import run in services."""

    unit = forms.CharField(label="所在单位代码", max_length=12, help_text="司法所9位或工作室12位代码")
    full_name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField(label="身份证号码", help_text="18位，末位可为X")
    sex = forms.ChoiceField(label="性别", choices=[("", "按身份证号码"), *Sex.choices], required=False)
    birth_date = forms.DateField(label="出生日期（留空按身份证号码）", widget=DATE, required=False)
    staff_type = forms.ChoiceField(label="人员类别", choices=StaffType.choices)
    duty_category = forms.ChoiceField(label="岗位职责类别", choices=[("", "—"), *DutyCategory.choices], required=False)
    position = forms.ChoiceField(label="职务类别", choices=Position.choices, initial=Position.STAFF)
    post = forms.CharField(label="职务（全称）", max_length=50, required=False)
    deputy_section_rank = forms.BooleanField(label="副科级", required=False)
    cluster_duty = forms.BooleanField(label="承担片区工作（片区中心司法所，HZ-1）", required=False)
    education = forms.ChoiceField(label="学历", choices=[("", "—"), *Education.choices], required=False)
    major = forms.CharField(label="专业", max_length=100, required=False)
    passed_legal_exam = forms.BooleanField(label="通过法律职业资格考试", required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    joined_on = forms.DateField(label="到岗日期", widget=DATE)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:
            # The unit changes by a transfer; the ID number is guarded by the view (core.forms.guard_id_number).
            del self.fields["unit"]
            self.fields["sex"].choices = self.fields["sex"].choices[1:]
            self.fields["sex"].required = True
            self.fields["birth_date"].label = "出生日期"
            self.fields["birth_date"].required = True
            for name in self.fields:
                if name != "id_number":
                    self.initial.setdefault(name, getattr(member, name))
