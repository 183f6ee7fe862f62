"""The office registers (七簿二册, HZ-5) and people's mediation (WH-9, People's Mediation Law).

Every record belongs to an office or workstation (`unit`) and carries its date, indexed together with the
unit, so that the reports of a later issue can count per unit and month in the database.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sifasuo.core.models import ChangeLoggedModel, detail_page, page_of

from .choices import (AgreementForm, AidMatter, AidStatus, CaseSource, CaseStatus, CommitteeKind,
                      ConfirmationResult, DisputeType, FindingStatus, InfoKind, MediatorRole, MeetingKind,
                      Outcome, PartyRole, Performance, PetitionKind, PetitionResult, PublicityForm,
                      RiskLevel, ScreeningKind, Sex, VisitMethod)

UNIT = "orgunits.OrgUnit"


def _unit(related_name: str, label: str = "所属单位"):
    return models.ForeignKey(UNIT, verbose_name=label, on_delete=models.PROTECT, related_name=related_name)


class RegisterRecord(ChangeLoggedModel):
    """Base of the simple registers: a unit, a date field named by `date_field`, a detail URL by key."""

    scope_path = "unit__path"
    register_key = ""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"casework:{self.register_key}_detail", args=[self.pk])


# --- mediation committees and mediators (人民调解员花名册) -------------------------------------------

class MediationCommittee(RegisterRecord):
    register_key = "committees"

    unit = _unit("casework_committees", "所在单位")
    name = models.CharField("调委会名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.VILLAGE)
    term_start = models.DateField("本届任期起")
    term_end = models.DateField("本届任期止")
    phone = models.CharField("联系电话", max_length=30, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "人民调解委员会"
        verbose_name_plural = "人民调解委员会"
        ordering = ["unit__path", "name"]
        indexes = [models.Index(fields=["unit", "term_end"])]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="casework_committee_unit_name")]

    def __str__(self) -> str:
        return self.name


class Mediator(RegisterRecord):
    register_key = "mediators"
    sensitive_fields = ("id_number",)

    unit = _unit("casework_mediators", "所在单位")
    committee = models.ForeignKey(MediationCommittee, verbose_name="所属调委会", on_delete=models.PROTECT,
                                  related_name="mediators")
    full_name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    role = models.CharField("职务", max_length=20, choices=MediatorRole.choices, default=MediatorRole.MEDIATOR)
    full_time = models.BooleanField("专职", default=False)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    education = models.CharField("文化程度", max_length=20, blank=True)
    joined_on = models.DateField("聘任日期")
    left_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"
        ordering = ["unit__path", "committee_id", "full_name"]
        indexes = [models.Index(fields=["unit", "joined_on"])]

    def __str__(self) -> str:
        return self.full_name


# --- mediation cases (人民调解收结案登记簿) -------------------------------------------------------------

class MediationCase(ChangeLoggedModel):
    scope_path = "unit__path"

    unit = _unit("casework_cases", "受理单位")
    get_absolute_url = detail_page("casework:cases_detail")
    committee = models.ForeignKey(MediationCommittee, verbose_name="调委会", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField("年度")
    number = models.CharField("案件编号", max_length=40)
    source = models.CharField("案件来源", max_length=20, choices=CaseSource.choices)
    dispute_type = models.CharField("纠纷类型", max_length=20, choices=DisputeType.choices)
    title = models.CharField("纠纷简要", max_length=200)
    facts = models.TextField("纠纷事实", blank=True)
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    parties_display = models.CharField("当事人", max_length=200, blank=True)
    mediator_names = models.CharField("调解员", max_length=200, blank=True)
    # D64: the link table has no database constraints (cases are partitioned by year); Django removes the
    # links when either side is deleted.
    mediators = models.ManyToManyField(Mediator, verbose_name="调解员", blank=True, related_name="cases",
                                       db_constraint=False)
    registered_on = models.DateField("登记日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    outcome = models.CharField("调解结果", max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    agreement_form = models.CharField("协议形式", max_length=10, choices=AgreementForm.choices, blank=True)
    agreement_on = models.DateField("协议生效日期", null=True, blank=True)
    agreement_amount = models.DecimalField("协议金额（元）", max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    agreement_content = models.TextField("协议内容", blank=True)
    performance = models.CharField("履行情况", max_length=20, choices=Performance.choices, blank=True)
    close_note = models.CharField("结案说明", max_length=200, blank=True)
    confirmation_wanted = models.BooleanField("当事人拟申请司法确认", default=False)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    confirmation_court = models.CharField("司法确认法院", max_length=100, blank=True)
    confirmation_result = models.CharField("司法确认结果", max_length=20, choices=ConfirmationResult.choices,
                                           blank=True)
    last_visit_on = models.DateField("最近回访日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    dossier_number = models.CharField("卷宗号", max_length=40, blank=True)
    typical = models.BooleanField("典型案例", default=False)

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "registered_on"]),
            models.Index(fields=["unit", "closed_on"]),
            models.Index(fields=["status", "registered_on"]),
            models.Index(fields=["outcome", "agreement_on"]),
            # The register's order: a county's or the province's newest 50 cases are read down this index,
            # keeping the rows in scope, instead of sorting every case (D89: 636 ms → 16 ms on PostgreSQL
            # with 3.6 million cases).
            models.Index(fields=["-registered_on", "-id"], name="casework_case_newest_first"),
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"],
                                               name="casework_case_unit_year_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseParty(ChangeLoggedModel):
    scope_path = "case__unit__path"
    sensitive_fields = ("id_number",)
    get_absolute_url = page_of("case")

    case = models.ForeignKey(MediationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="parties",
                             db_constraint=False)   # D64: cases are partitioned by year
    role = models.CharField("当事人类别", max_length=20, choices=PartyRole.choices)
    name = models.CharField("姓名或名称", max_length=100)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)

    class Meta:
        verbose_name = "调解当事人"
        verbose_name_plural = "调解当事人"
        ordering = ["case_id", "role", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class MediationSession(ChangeLoggedModel):
    scope_path = "case__unit__path"
    get_absolute_url = page_of("case")

    case = models.ForeignKey(MediationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="sessions",
                             db_constraint=False)   # D64
    held_on = models.DateField("调解日期")
    place = models.CharField("调解地点", max_length=100, blank=True)
    mediators = models.CharField("主持调解员", max_length=100, blank=True)
    summary = models.TextField("调解经过")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["case_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.held_on:%Y-%m-%d} 调解"


class FollowUpVisit(ChangeLoggedModel):
    scope_path = "case__unit__path"
    get_absolute_url = page_of("case")

    case = models.ForeignKey(MediationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="visits",
                             db_constraint=False)   # D64
    visited_on = models.DateField("回访日期")
    method = models.CharField("回访方式", max_length=10, choices=VisitMethod.choices, default=VisitMethod.VISIT)
    performance = models.CharField("履行情况", max_length=20, choices=Performance.choices)
    note = models.CharField("回访情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering = ["case_id", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.visited_on:%Y-%m-%d} 回访"


# --- dispute screening (矛盾纠纷排查登记簿, HZ-4) --------------------------------------------------------

class ScreeningRound(RegisterRecord):
    register_key = "screenings"

    unit = _unit("casework_screenings")
    kind = models.CharField("排查类型", max_length=20, choices=ScreeningKind.choices)
    held_on = models.DateField("排查日期")
    scope = models.CharField("排查范围", max_length=200, blank=True)
    participants = models.CharField("参加人员", max_length=200, blank=True)
    summary = models.TextField("排查情况", blank=True)

    class Meta:
        verbose_name = "矛盾纠纷排查"
        verbose_name_plural = "矛盾纠纷排查"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"


class ScreeningFinding(RegisterRecord):
    register_key = "findings"

    unit = _unit("casework_findings")
    screening = models.ForeignKey(ScreeningRound, verbose_name="排查", on_delete=models.CASCADE,
                                  related_name="findings")
    found_on = models.DateField("发现日期")
    description = models.CharField("纠纷（隐患）情况", max_length=300)
    parties = models.CharField("涉及当事人", max_length=200, blank=True)
    dispute_type = models.CharField("纠纷类型", max_length=20, choices=DisputeType.choices)
    risk_level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices)
    measures = models.CharField("化解措施", max_length=300, blank=True)
    status = models.CharField("状态", max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    case = models.OneToOneField(MediationCase, verbose_name="转为调解案件", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="finding", db_constraint=False)   # D64

    class Meta:
        verbose_name = "排查发现的纠纷"
        verbose_name_plural = "排查发现的纠纷"
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["unit", "found_on"])]

    def __str__(self) -> str:
        return self.description[:40]


# --- the other registers -------------------------------------------------------------------------------

class Petition(RegisterRecord):
    """来信来访登记簿 (HZ-4: petitions with public phone and mailbox)."""

    register_key = "petitions"

    unit = _unit("casework_petitions")
    kind = models.CharField("来信来访方式", max_length=10, choices=PetitionKind.choices)
    received_on = models.DateField("登记日期")
    petitioner = models.CharField("来信来访人", max_length=100)
    headcount = models.PositiveIntegerField("人数", default=1)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    subject = models.CharField("反映事项", max_length=200)
    content = models.TextField("主要内容", blank=True)
    handler = models.CharField("承办人", max_length=50, blank=True)
    handling = models.TextField("处理情况", blank=True)
    result = models.CharField("办理结果", max_length=20, choices=PetitionResult.choices,
                              default=PetitionResult.PENDING)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = "来信来访"
        verbose_name_plural = "来信来访"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "received_on"])]

    def __str__(self) -> str:
        return f"{self.petitioner}：{self.subject}"


class StudyMeeting(RegisterRecord):
    """学习会议登记簿 (HZ-4: weekly half-day study; monthly / quarterly directors' meetings)."""

    register_key = "meetings"

    unit = _unit("casework_meetings")
    kind = models.CharField("类型", max_length=30, choices=MeetingKind.choices)
    held_on = models.DateField("日期")
    topic = models.CharField("学习（会议）主题", max_length=200)
    host = models.CharField("主持人", max_length=50, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    attendees = models.PositiveIntegerField("参加人数", default=0)
    absentees = models.CharField("缺席人员及原因", max_length=200, blank=True)
    content = models.TextField("主要内容", blank=True)

    class Meta:
        verbose_name = "学习会议"
        verbose_name_plural = "学习会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class PublicityEvent(RegisterRecord):
    """法治宣传登记簿 (HZ-5; see docs/glossary.md): events with audience counts."""

    register_key = "publicity"

    unit = _unit("casework_publicity")
    held_on = models.DateField("活动日期")
    title = models.CharField("活动主题", max_length=200)
    form = models.CharField("宣传形式", max_length=20, choices=PublicityForm.choices)
    place = models.CharField("地点", max_length=100, blank=True)
    audience = models.PositiveIntegerField("受众人数")
    materials = models.PositiveIntegerField("发放资料（份）", default=0)
    consultations = models.PositiveIntegerField("解答咨询（人次）", default=0)
    organiser = models.CharField("组织者", max_length=100, blank=True)
    content = models.TextField("活动内容", blank=True)

    class Meta:
        verbose_name = "法治宣传活动"
        verbose_name_plural = "法治宣传活动"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class TypicalCase(RegisterRecord):
    """典型案例登记簿 (HZ-3: ≥ 3 a month per hub; HZ-6: ≥ 2 a month per office)."""

    register_key = "typical"

    unit = _unit("casework_typical_cases")
    case = models.ForeignKey(MediationCase, verbose_name="调解案件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="typical_entries", db_constraint=False)   # D64
    recorded_on = models.DateField("报送日期")
    title = models.CharField("案例标题", max_length=200)
    dispute_type = models.CharField("纠纷类型", max_length=20, choices=DisputeType.choices)
    summary = models.TextField("基本案情与调解过程")
    comment = models.TextField("评析", blank=True)
    reported_to = models.CharField("报送单位", max_length=100, blank=True)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["unit", "recorded_on"])]

    def __str__(self) -> str:
        return self.title


class LegalAidApplication(RegisterRecord):
    """法律援助登记簿: applications taken at the office and referred to the legal aid centre.

    Legal Aid Law: review within 7 days of receipt, assignment within 3 days of approval.
    """

    register_key = "legalaid"
    sensitive_fields = ("id_number",)

    unit = _unit("casework_legal_aid")
    applied_on = models.DateField("申请日期")
    applicant = models.CharField("申请人", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    matter = models.CharField("援助事项", max_length=20, choices=AidMatter.choices)
    summary = models.CharField("案情摘要", max_length=300, blank=True)
    referred_on = models.DateField("转交法律援助机构日期", null=True, blank=True)
    reviewed_on = models.DateField("审查决定日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=AidStatus.choices, default=AidStatus.RECEIVED)
    assigned_on = models.DateField("指派日期", null=True, blank=True)
    assignee = models.CharField("承办人（律师）", max_length=100, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "法律援助申请"
        verbose_name_plural = "法律援助申请"
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["unit", "applied_on"]), models.Index(fields=["status", "applied_on"])]

    def __str__(self) -> str:
        return f"{self.applicant}（{self.get_matter_display()}）"


class InfoItem(RegisterRecord):
    """Information items and one-line news (HZ-3: ≥ 2 one-line news per township a month; HZ-6: ≥ 2
    information items per office a month)."""

    register_key = "info"

    unit = _unit("casework_info_items")
    kind = models.CharField("类别", max_length=20, choices=InfoKind.choices)
    reported_on = models.DateField("报送日期")
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容", blank=True)
    author = models.CharField("撰稿人", max_length=50, blank=True)
    adopted_by = models.CharField("采用情况", max_length=100, blank=True)

    class Meta:
        verbose_name = "信息与一句话新闻"
        verbose_name_plural = "信息与一句话新闻"
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["unit", "reported_on"]), models.Index(fields=["kind", "reported_on"])]

    def __str__(self) -> str:
        return self.title
