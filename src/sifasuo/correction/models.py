"""Community correction: investigation assessments, subjects (社区矫正对象) and what happens to them.

Every record keeps its unit and its dates, indexed (unit, date), for the reports that count them later
(WH-8: 脱管/漏管 = 0). The denormalised "last …" dates on CorrectionSubject are written only by the services,
so the alert rules read one table."""

from __future__ import annotations

from django.db import models

from sifasuo.core.models import ChangeLoggedModel, detail_page

from .choices import (
    CheckInMethod,
    Conclusion,
    EndReason,
    InvestigationStatus,
    LeaveKind,
    LeaveStatus,
    SanctionKind,
    SentenceType,
    SubjectStatus,
    SupervisionLevel,
)


class InvestigationAssessment(ChangeLoggedModel):
    """调查评估：受委托对拟适用社区矫正的被告人、罪犯进行调查（实施办法第十三条，10 个工作日，急案 5 个）。"""

    scope_path = "unit__path"
    sensitive_fields = ("id_number",)
    get_absolute_url = detail_page("correction:investigation_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="承办单位", on_delete=models.PROTECT,
                             related_name="correction_investigations")
    full_name = models.CharField("被调查人", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18)
    commissioned_by = models.CharField("委托机关", max_length=100)
    commissioned_on = models.DateField("收到委托日期")
    urgent = models.BooleanField("急案（5 个工作日）", default=False)
    due_on = models.DateField("评估意见应提交日期")
    status = models.CharField("状态", max_length=20, choices=InvestigationStatus.choices,
                              default=InvestigationStatus.OPEN)
    conclusion = models.CharField("评估意见", max_length=20, choices=Conclusion.choices, blank=True)
    reported_on = models.DateField("提交日期", null=True, blank=True)
    note = models.TextField("调查情况", blank=True)

    class Meta:
        verbose_name = "调查评估"
        verbose_name_plural = "调查评估"
        ordering = ["-commissioned_on", "-id"]
        indexes = [models.Index(fields=["unit", "commissioned_on"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.commissioned_by}委托）"


class CorrectionSubject(ChangeLoggedModel):
    """社区矫正对象：花名册的一行。"""

    scope_path = "unit__path"
    sensitive_fields = ("id_number",)
    get_absolute_url = detail_page("correction:detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="负责单位", on_delete=models.PROTECT,
                             related_name="correction_subjects")
    number = models.CharField("档案编号", max_length=40, unique=True)
    full_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18)
    sex = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")])
    birth_date = models.DateField("出生日期")
    address = models.CharField("居住地", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    crime = models.CharField("罪名", max_length=100)
    sentence_type = models.CharField("矫正类别", max_length=20, choices=SentenceType.choices)
    original_sentence = models.CharField("原判刑罚", max_length=100, blank=True)
    decided_by = models.CharField("决定机关", max_length=100, blank=True)
    effective_on = models.DateField("判决、裁定或决定生效日期")
    report_due_on = models.DateField("应报到日期")
    reported_on = models.DateField("报到日期", null=True, blank=True)
    start_on = models.DateField("矫正起始日期")
    end_on = models.DateField("矫正期满日期")
    declared_on = models.DateField("宣告日期", null=True, blank=True)
    plan = models.TextField("矫正方案", blank=True)
    plan_on = models.DateField("方案制定日期", null=True, blank=True)
    level = models.CharField("管理等级", max_length=10, choices=SupervisionLevel.choices,
                             default=SupervisionLevel.STRICT)
    status = models.CharField("状态", max_length=20, choices=SubjectStatus.choices,
                              default=SubjectStatus.PENDING_REPORT)
    out_of_contact_since = models.DateField("脱管起始日期", null=True, blank=True)
    missed_registration = models.BooleanField("漏管", default=False)
    last_phone_on = models.DateField("最近电话报告", null=True, blank=True)
    last_in_person_on = models.DateField("最近当面报告", null=True, blank=True)
    last_written_on = models.DateField("最近书面报告", null=True, blank=True)
    last_medical_on = models.DateField("最近病情复查", null=True, blank=True)
    ended_on = models.DateField("解除或终止日期", null=True, blank=True)
    end_reason = models.CharField("解除或终止原因", max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.CharField("解除或终止说明", max_length=200, blank=True)
    handed_over_on = models.DateField("移交安置帮教日期", null=True, blank=True)

    class Meta:
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "start_on"]),
            models.Index(fields=["status", "end_on"]),
            models.Index(fields=["id_number"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.number}）"

    @property
    def is_open(self) -> bool:
        return self.status in (SubjectStatus.PENDING_REPORT, SubjectStatus.SUPERVISED)


def _subject(related_name: str) -> models.ForeignKey:
    """The subject a record belongs to (deleted with the subject)."""
    return models.ForeignKey(CorrectionSubject, verbose_name="矫正对象", on_delete=models.CASCADE,
                             related_name=related_name)


class _SubjectRecord(ChangeLoggedModel):
    """A record about one subject: scoped and logged under the subject's unit, shown on the subject's page."""

    scope_path = "subject__unit__path"
    get_absolute_url = detail_page("correction:detail", "subject_id")

    class Meta:
        abstract = True


class _DatedSubjectRecord(_SubjectRecord):
    """A record of one day (a report, a check): newest first, read subject by subject in date order."""

    class Meta:
        abstract = True
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["subject", "on"])]


class LevelChange(_SubjectRecord):
    subject = _subject("level_changes")
    level = models.CharField("管理等级", max_length=10, choices=SupervisionLevel.choices)
    changed_on = models.DateField("调整日期")
    reason = models.CharField("调整理由", max_length=200)

    class Meta:
        verbose_name = "管理等级记录"
        verbose_name_plural = "管理等级记录"
        ordering = ["-changed_on", "-id"]
        indexes = [models.Index(fields=["subject", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.subject.full_name} {self.changed_on} {self.get_level_display()}"


class CheckIn(_DatedSubjectRecord):
    subject = _subject("check_ins")
    method = models.CharField("报告方式", max_length=20, choices=CheckInMethod.choices)
    on = models.DateField("报告日期")
    note = models.CharField("情况", max_length=200, blank=True)

    class Meta(_DatedSubjectRecord.Meta):
        verbose_name = "报告记录"
        verbose_name_plural = "报告记录"

    def __str__(self) -> str:
        return f"{self.subject.full_name} {self.on} {self.get_method_display()}"


class Leave(_SubjectRecord):
    subject = _subject("leaves")
    kind = models.CharField("类型", max_length=10, choices=LeaveKind.choices)
    applied_on = models.DateField("申请日期")
    start_on = models.DateField("外出起始日期")
    end_on = models.DateField("外出截止日期", null=True, blank=True)
    destination = models.CharField("目的地", max_length=100)
    reason = models.CharField("事由", max_length=200)
    status = models.CharField("状态", max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.CharField("审批人", max_length=150, blank=True)
    returned_on = models.DateField("销假日期", null=True, blank=True)
    # 变更执行地获批后的交接：原执行地、新执行地（接收司法所）和交接日期（办法第三十条）
    from_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="原执行地司法所", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="接收司法所", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField("交接日期", null=True, blank=True)

    class Meta:
        verbose_name = "外出与变更执行地"
        verbose_name_plural = "外出与变更执行地"
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["status", "end_on"])]

    def __str__(self) -> str:
        return f"{self.subject.full_name} {self.get_kind_display()} {self.destination}"


class Sanction(_SubjectRecord):
    subject = _subject("sanctions")
    kind = models.CharField("奖惩类型", max_length=20, choices=SanctionKind.choices)
    on = models.DateField("决定日期")
    reason = models.CharField("事实与理由", max_length=300)

    class Meta:
        verbose_name = "考核奖惩"
        verbose_name_plural = "考核奖惩"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["subject", "kind", "on"])]

    def __str__(self) -> str:
        return f"{self.subject.full_name} {self.on} {self.get_kind_display()}"


class LocationPeriod(_SubjectRecord):
    """电子定位装置使用期限：每次不超过三个月，可以延长（《社区矫正法》第二十九条）。"""

    subject = _subject("location_periods")
    start_on = models.DateField("起始日期")
    end_on = models.DateField("截止日期")
    reason = models.CharField("使用理由", max_length=200)
    renewal_of = models.OneToOneField("self", verbose_name="延长自", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="renewal")
    closed_on = models.DateField("解除日期", null=True, blank=True)

    class Meta:
        verbose_name = "电子定位期限"
        verbose_name_plural = "电子定位期限"
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["end_on"])]

    def __str__(self) -> str:
        return f"{self.subject.full_name} 电子定位 {self.start_on}至{self.end_on}"


class MedicalCheck(_DatedSubjectRecord):
    """暂予监外执行对象的病情复查（每三个月一次，实施办法第二十四条）。"""

    subject = _subject("medical_checks")
    on = models.DateField("复查日期")
    hospital = models.CharField("医院", max_length=100)
    result = models.CharField("复查结论", max_length=200)

    class Meta(_DatedSubjectRecord.Meta):
        verbose_name = "病情复查"
        verbose_name_plural = "病情复查"

    def __str__(self) -> str:
        return f"{self.subject.full_name} {self.on} 病情复查"
