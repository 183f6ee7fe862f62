"""A person working in an office or workstation."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sifasuo.core.dataversion import VersionedQuerySet
from sifasuo.core.models import ChangeLoggedModel, detail_page

from .choices import (AssistantLevel, Benchmark, DutyCategory, Education, ExitKind, Grade, Organizer,
                      Position, ProposalStatus, RecordKind, Sex, StaffType, TrainingKind, WritingKind)


class StaffMember(ChangeLoggedModel):
    data_version = "staff"   # summaries above the county are cached under it (D52)
    objects = VersionedQuerySet.as_manager()
    scope_path = "unit__path"
    sensitive_fields = ("id_number",)
    get_absolute_url = detail_page("staff:detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="所在单位", on_delete=models.PROTECT,
                             related_name="staff")
    full_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    staff_type = models.CharField("人员类别", max_length=40, choices=StaffType.choices, db_index=True)
    duty_category = models.CharField("岗位职责类别", max_length=30, choices=DutyCategory.choices, blank=True)
    post = models.CharField("职务", max_length=50, blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    major = models.CharField("专业", max_length=100, blank=True)
    passed_legal_exam = models.BooleanField("通过法律职业资格考试", default=False)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    joined_on = models.DateField("到岗日期")
    left_on = models.DateField("离岗日期", null=True, blank=True)
    exit_reason = models.CharField("离岗原因", max_length=200, blank=True)
    position = models.CharField("职务类别", max_length=20, choices=Position.choices, default=Position.STAFF)
    deputy_section_rank = models.BooleanField("副科级", default=False)
    # HZ-1: a hub office names 2–4 of its people for the work of its cluster (联系片区其他司法所的工作人员)
    cluster_duty = models.BooleanField("承担片区工作", default=False)
    assistant_level = models.PositiveSmallIntegerField("司法协理员层级", choices=AssistantLevel.choices, null=True,
                                                       blank=True, db_index=True)
    exit_kind = models.CharField("离岗方式", max_length=20, choices=ExitKind.choices, blank=True)
    # DQ-4 / YQ-3: an auxiliary transferred (selected) as a judicial assistant gets a new record that points
    # to the one it follows, so the person's trainings, assessments and rewards stay one chain.
    previous_record = models.OneToOneField("self", verbose_name="转任（选聘）前的人员记录", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="next_record")

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["unit__path", "full_name"]
        indexes = [models.Index(fields=["unit", "staff_type", "left_on"]),
                   models.Index(fields=["left_on", "full_name"], name="staff_serving_name"),
                   # the roster filtered by type and "serving", sorted by joining date (the province page)
                   models.Index(fields=["staff_type", "left_on", "joined_on"], name="staff_type_serving_joined")]
        constraints = [
            models.CheckConstraint(condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                                   name="staff_left_after_joined"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_serving(self) -> bool:
        return self.left_on is None

    def chain(self) -> list[StaffMember]:
        """This record and those it follows (a transfer from auxiliary to assistant), newest first."""
        records, seen = [self], {self.pk}
        while records[-1].previous_record_id and records[-1].previous_record_id not in seen:
            earlier = StaffMember.objects.select_related("unit").get(pk=records[-1].previous_record_id)
            records.append(earlier)
            seen.add(earlier.pk)
        return records


def _staff(related_name: str) -> models.ForeignKey:
    """The person a record is about (deleted with the person)."""
    return models.ForeignKey(StaffMember, verbose_name="工作人员", on_delete=models.CASCADE, related_name=related_name)


class Contract(ChangeLoggedModel):
    """An employment contract (聘用合同): its term and probation. Renewals are new rows."""
    data_version = "staff"   # summaries above the county are cached under it (D52)
    objects = VersionedQuerySet.as_manager()

    scope_path = "staff__unit__path"
    get_absolute_url = detail_page("staff:contract")

    staff = _staff("contracts")
    start = models.DateField("合同开始日期")
    end = models.DateField("合同结束日期")
    probation_end = models.DateField("试用期截止日期", null=True, blank=True)
    policy_id = models.CharField("依据政策", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    renewal_of = models.ForeignKey("self", verbose_name="续订自", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="renewals")

    class Meta:
        verbose_name = "聘用合同"
        verbose_name_plural = "聘用合同"
        ordering = ["staff", "-start"]
        indexes = [models.Index(fields=["end"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="contract_end_after_start")]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


class _StaffRecord(ChangeLoggedModel):
    """A record about one person; scoped and logged under the person's unit."""
    data_version = "staff"   # summaries above the county are cached under it (D52)
    objects = VersionedQuerySet.as_manager()

    scope_path = "staff__unit__path"
    get_absolute_url = detail_page("staff:detail", "staff_id")

    class Meta:
        abstract = True


class LevelRecord(_StaffRecord):
    """One step of an assistant's level history (DQ-9): never overwritten, the latest is the current level."""

    staff = _staff("levels")
    level = models.PositiveSmallIntegerField("层级", choices=AssistantLevel.choices)
    effective_on = models.DateField("生效日期")
    reason = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "层级记录"
        verbose_name_plural = "层级记录"
        ordering = ["staff", "-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.get_level_display()}（{self.effective_on:%Y-%m-%d}起）"


class LevelProposal(_StaffRecord):
    """A promotion or demotion proposed by the yearly level review, approved or not by the county."""

    staff = _staff("level_proposals")
    year = models.PositiveSmallIntegerField("评定年度")
    from_level = models.PositiveSmallIntegerField("原层级", choices=AssistantLevel.choices)
    to_level = models.PositiveSmallIntegerField("拟定层级", choices=AssistantLevel.choices)
    kind = models.CharField("调整", max_length=20, choices=[("promotion", "晋升"), ("demotion", "降级")])
    rule_id = models.CharField("政策条款", max_length=20)
    reason = models.CharField("理由", max_length=300)
    status = models.CharField("状态", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    decided_by = models.CharField("审批人", max_length=150, blank=True)
    decided_on = models.DateField("审批日期", null=True, blank=True)

    class Meta:
        verbose_name = "层级评定建议"
        verbose_name_plural = "层级评定建议"
        ordering = ["-year", "staff__unit__path", "staff__full_name"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="one_level_proposal_a_year")]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.year}年度 {self.get_from_level_display()}→{self.get_to_level_display()}"


class PayBenchmark(ChangeLoggedModel):
    """The benchmark figure a county enters (DQ-8: auxiliary police pay; YQ-7: public-institution pay), from a
    date on. A raise is a new row with a later date; rows are never overwritten."""

    scope_path = "unit__path"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="县级司法局", on_delete=models.PROTECT,
                             related_name="pay_benchmarks")
    benchmark = models.CharField("工资基准", max_length=30, choices=Benchmark.choices)
    monthly_amount = models.DecimalField("月标准（元）", max_digits=10, decimal_places=2)
    effective_from = models.DateField("生效日期")
    note = models.CharField("依据文件", max_length=200, blank=True)

    class Meta:
        verbose_name = "工资基准"
        verbose_name_plural = "工资基准"
        ordering = ["unit__path", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["unit", "benchmark", "effective_from"],
                                               name="one_benchmark_a_day")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.get_benchmark_display()} {self.monthly_amount}元（{self.effective_from:%Y-%m-%d}起）"

    def get_absolute_url(self) -> str:
        return reverse("staff:paysheet") + f"?county={self.unit.code}"


class TrainingRecord(_StaffRecord):
    staff = _staff("trainings")
    kind = models.CharField("培训类别", max_length=20, choices=TrainingKind.choices)
    organizer = models.CharField("组织单位层级", max_length=20, choices=Organizer.choices)
    title = models.CharField("培训名称", max_length=200)
    start_on = models.DateField("开始日期")
    days = models.DecimalField("天数", max_digits=4, decimal_places=1)
    year = models.PositiveSmallIntegerField("年度", db_index=True)

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["staff", "year"])]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.title}"


class Assessment(_StaffRecord):
    """Annual assessment (年度考核) with scores on 德能勤绩廉 and a grade (HZ-9, YQ-8)."""

    staff = _staff("assessments")
    year = models.PositiveSmallIntegerField("考核年度")
    virtue = models.PositiveSmallIntegerField("德")
    ability = models.PositiveSmallIntegerField("能")
    diligence = models.PositiveSmallIntegerField("勤")
    performance = models.PositiveSmallIntegerField("绩")
    integrity = models.PositiveSmallIntegerField("廉")
    total = models.PositiveSmallIntegerField("总分")
    grade = models.CharField("考核等次", max_length=20, choices=Grade.choices)
    comment = models.CharField("考核意见", max_length=300, blank=True)
    policy_id = models.CharField("依据政策", max_length=60, blank=True)

    class Meta:
        verbose_name = "工作人员年度考核"
        verbose_name_plural = "工作人员年度考核"
        ordering = ["-year", "staff"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="one_assessment_a_year")]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.year}年度 {self.get_grade_display()}"


class RewardDiscipline(_StaffRecord):
    staff = _staff("rewards")
    kind = models.CharField("类别", max_length=20, choices=RecordKind.choices)
    title = models.CharField("名称", max_length=100)
    on = models.DateField("日期")
    reason = models.CharField("事由", max_length=300)
    issuer = models.CharField("决定机关", max_length=100, blank=True)

    class Meta:
        verbose_name = "奖惩记录"
        verbose_name_plural = "奖惩记录"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.title}"


class WritingRecord(_StaffRecord):
    """A research article or experience paper (HZ-6)."""

    staff = _staff("writings")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=30, choices=WritingKind.choices)
    title = models.CharField("题目", max_length=200)
    submitted_on = models.DateField("报送日期")

    class Meta:
        verbose_name = "写作任务"
        verbose_name_plural = "写作任务"
        ordering = ["-year", "-submitted_on"]
        indexes = [models.Index(fields=["staff", "year"])]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.title}"


class Transfer(_StaffRecord):
    """A move between units; the person's earlier unit stays in this history."""

    staff = _staff("transfers")
    from_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="调出单位", on_delete=models.PROTECT,
                                  related_name="+")
    to_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="调入单位", on_delete=models.PROTECT,
                                related_name="+")
    on = models.DateField("调动日期")
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "调动记录"
        verbose_name_plural = "调动记录"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.from_unit.name}→{self.to_unit.name}"


class Obligation(_StaffRecord):
    """What a person hired on a condition (有条件通过) must do by a deadline, e.g. obtain a 大专 diploma within
    the first contract; an alert until it is recorded as fulfilled (staff.alert_rules: staff.obligation_due)."""

    staff = _staff("obligations")
    rule_id = models.CharField("政策规则", max_length=30)
    policy_id = models.CharField("依据政策", max_length=60, blank=True)
    text = models.CharField("须履行的义务", max_length=300)
    due = models.DateField("期限")
    fulfilled_on = models.DateField("履行日期", null=True, blank=True)
    note = models.CharField("履行情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "有条件聘用的义务"
        verbose_name_plural = "有条件聘用的义务"
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["due", "fulfilled_on"])]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.text}（{self.due:%Y-%m-%d}前）"
