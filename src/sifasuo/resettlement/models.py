"""Released persons (刑满释放人员 and those released from community correction) and their assistance.

Every record keeps its unit and dates, indexed (unit, date), for the figures of WH-8: verification (核查) and
confirmation (核实) rates ≥ 98 %, key persons handed over 100 %, reoffending."""

from __future__ import annotations

from django.db import models

from sifasuo.core.models import ChangeLoggedModel, detail_page

from .choices import AssistanceKind, PersonStatus, Placement, RiskTier, Source


class ReleasedPerson(ChangeLoggedModel):
    scope_path = "unit__path"
    sensitive_fields = ("id_number",)
    get_absolute_url = detail_page("resettlement:detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="帮教单位", on_delete=models.PROTECT,
                             related_name="released_persons")
    full_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18)
    sex = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")])
    birth_date = models.DateField("出生日期")
    address = models.CharField("户籍或居住地", max_length=200, blank=True)
    crime = models.CharField("罪名", max_length=100)
    sentence = models.CharField("原判刑罚", max_length=100, blank=True)
    sentence_start_on = models.DateField("刑期起始日期", null=True, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.PRISON)
    released_from = models.CharField("释放单位", max_length=100)
    correction_subject = models.OneToOneField("correction.CorrectionSubject", verbose_name="原社区矫正档案",
                                              null=True, blank=True, on_delete=models.SET_NULL,
                                              related_name="resettlement")
    notice_received_on = models.DateField("收到预释放通知日期", null=True, blank=True)
    expected_release_on = models.DateField("预计释放日期")
    verified_on = models.DateField("核查日期", null=True, blank=True)
    confirmed_on = models.DateField("核实日期", null=True, blank=True)
    is_key = models.BooleanField("重点帮教对象（必接必送）", default=False)
    released_on = models.DateField("释放日期", null=True, blank=True)
    collected_on = models.DateField("接回日期", null=True, blank=True)
    collected_by = models.CharField("接回人员", max_length=100, blank=True)
    handed_over_on = models.DateField("衔接日期", null=True, blank=True)
    placement = models.CharField("安置情况", max_length=20, choices=Placement.choices, blank=True)
    placed_on = models.DateField("安置日期", null=True, blank=True)
    assistance_until = models.DateField("帮教期满日期", null=True, blank=True)
    risk_tier = models.CharField("风险等级", max_length=10, choices=RiskTier.choices, blank=True)
    risk_reviewed_on = models.DateField("最近风险评估日期", null=True, blank=True)
    last_contact_on = models.DateField("最近帮教日期", null=True, blank=True)
    reoffended_on = models.DateField("重新犯罪日期", null=True, blank=True)
    reoffence_note = models.CharField("重新犯罪情况", max_length=200, blank=True)
    ended_on = models.DateField("帮教结束日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=PersonStatus.choices, default=PersonStatus.NOTIFIED)

    class Meta:
        verbose_name = "刑满释放人员"
        verbose_name_plural = "刑满释放人员"
        ordering = ["-expected_release_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "released_on"]),
            models.Index(fields=["unit", "expected_release_on"]),
            models.Index(fields=["status", "assistance_until"]),
            models.Index(fields=["id_number"]),
        ]

    def __str__(self) -> str:
        return self.full_name


class _PersonRecord(ChangeLoggedModel):
    scope_path = "person__unit__path"
    get_absolute_url = detail_page("resettlement:detail", "person_id")

    class Meta:
        abstract = True

    def change_log_unit(self):
        return self.person.unit


class AssistanceRecord(_PersonRecord):
    person = models.ForeignKey(ReleasedPerson, verbose_name="帮教对象", on_delete=models.CASCADE,
                               related_name="assistance")
    on = models.DateField("日期")
    kind = models.CharField("帮教方式", max_length=20, choices=AssistanceKind.choices)
    note = models.CharField("情况", max_length=300)

    class Meta:
        verbose_name = "帮教记录"
        verbose_name_plural = "帮教记录"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "on"])]

    def __str__(self) -> str:
        return f"{self.person.full_name} {self.on} {self.get_kind_display()}"


class RiskReview(_PersonRecord):
    person = models.ForeignKey(ReleasedPerson, verbose_name="帮教对象", on_delete=models.CASCADE,
                               related_name="risk_reviews")
    reviewed_on = models.DateField("评估日期")
    tier = models.CharField("风险等级", max_length=10, choices=RiskTier.choices)
    note = models.CharField("评估意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["person", "reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.person.full_name} {self.reviewed_on} {self.get_tier_display()}"
