"""Recruitment plans filed upward (DQ-6, YQ-2), announcements with posts, applications and their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sifasuo.core.models import ChangeLoggedModel, detail_page
from sifasuo.core.scoping import ScopedQuerySet
from sifasuo.staff.choices import Education, Sex

from .choices import (
    AnnouncementStatus,
    ApplicationStatus,
    CheckResult,
    ObjectionOutcome,
    PlanAction,
    PlanStatus,
    ReviewDecision,
    StudyMode,
    Track,
)


class RecruitmentPlan(ChangeLoggedModel):
    """A county's plan: how many assistants to recruit for which office, with the quota reasoning."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("recruitment_plans:detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="县级司法局", on_delete=models.PROTECT,
                             related_name="recruitment_plans")
    year = models.PositiveSmallIntegerField("年度")
    policy_id = models.CharField("适用政策", max_length=60)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    minimum_to_recruit = models.PositiveIntegerField("按员额规则至少应招聘", default=0)
    reasoning = models.JSONField("核定依据", default=list, help_text="员额计算的逐行说明")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "招聘计划"
        verbose_name_plural = "招聘计划"
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_plan_per_county_year")]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年司法协理员招聘计划"

    @property
    def is_locked(self) -> bool:
        return self.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.FILED)

    @property
    def planned_total(self) -> int:
        return sum(line.planned for line in self.lines.all())


class PlanLine(ChangeLoggedModel):
    scope_path = "plan__unit__path"

    plan = models.ForeignKey(RecruitmentPlan, verbose_name="招聘计划", on_delete=models.CASCADE, related_name="lines")
    office = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT, related_name="+")
    staff_counted = models.PositiveIntegerField("现有计入人数")
    required = models.PositiveIntegerField("应有人数")
    vacancy = models.PositiveIntegerField("缺额")
    planned = models.PositiveIntegerField("计划招聘")

    class Meta:
        verbose_name = "招聘计划明细"
        verbose_name_plural = "招聘计划明细"
        ordering = ["office__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "office"], name="one_line_per_office")]

    def __str__(self) -> str:
        return f"{self.office.name} 计划招聘{self.planned}人"

    def change_log_unit(self):
        return self.plan.unit


class PlanEvent(models.Model):
    """One step of a plan's way up the tree, with who took it and the comment (kept for good)."""

    scope_path = "plan__unit__path"

    plan = models.ForeignKey(RecruitmentPlan, verbose_name="招聘计划", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=10, choices=PlanAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_unit = models.CharField("操作单位", max_length=100, blank=True)
    comment = models.TextField("意见", blank=True)
    time = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "计划审核记录"
        verbose_name_plural = "计划审核记录"
        ordering = ["time", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.plan}"


class Announcement(ChangeLoggedModel):
    """A recruitment announcement of a county, under one policy file."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("recruitment:announcement_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="县级司法局", on_delete=models.PROTECT,
                             related_name="announcements")
    plan = models.ForeignKey(RecruitmentPlan, verbose_name="招聘计划", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="announcements")
    policy_id = models.CharField("适用政策", max_length=60)
    title = models.CharField("公告标题", max_length=200)
    announced_on = models.DateField("公告日期")
    registration_start = models.DateField("报名开始日期")
    registration_deadline = models.DateField("报名截止日期")
    status = models.CharField("状态", max_length=10, choices=AnnouncementStatus.choices,
                              default=AnnouncementStatus.DRAFT)
    body = models.TextField("公告正文", blank=True)
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    notice_end = models.DateField("公示截止日期", null=True, blank=True)
    # Registration ends on the deadline, or earlier by a recorded decision; screening before that is a preview.
    registration_closed_on = models.DateField("报名实际截止日期", null=True, blank=True)
    registration_close_reason = models.CharField("提前截止报名的理由", max_length=300, blank=True)
    registration_closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="截止报名操作人", null=True,
                                               blank=True, on_delete=models.SET_NULL, related_name="+")
    screened_at = models.DateTimeField("最近一次资格审查", null=True, blank=True)
    ranked_at = models.DateTimeField("综合排名时间", null=True, blank=True)

    class Meta:
        verbose_name = "招聘公告"
        verbose_name_plural = "招聘公告"
        ordering = ["-announced_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def registration_open(self, today) -> bool:
        """Still taking applications: not closed by a decision and the deadline not passed."""
        return self.status == AnnouncementStatus.OPEN and today <= self.registration_deadline


class Post(ChangeLoggedModel):
    """Posts of one office on one track; `sex` set when posts are split by sex."""

    scope_path = "announcement__unit__path"

    announcement = models.ForeignKey(Announcement, verbose_name="招聘公告", on_delete=models.CASCADE,
                                     related_name="posts")
    code = models.CharField("岗位代码", max_length=20)
    office = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT, related_name="+")
    track = models.CharField("招聘渠道", max_length=10, choices=Track.choices)
    positions = models.PositiveSmallIntegerField("招聘人数")
    sex = models.CharField("性别要求", max_length=1, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = "招聘岗位"
        verbose_name_plural = "招聘岗位"
        ordering = ["announcement", "code"]
        constraints = [models.UniqueConstraint(fields=["announcement", "code"], name="post_code_unique")]

    def __str__(self) -> str:
        sex = f"（{self.get_sex_display()}）" if self.sex else ""
        return f"{self.code} {self.office.name}{sex} {self.positions}人"

    def change_log_unit(self):
        return self.announcement.unit

    @property
    def track_name(self) -> str:
        from .policies import track_name

        return track_name(self.announcement.policy_id, self.track)


class Application(ChangeLoggedModel):
    """One person's application to one post. Public applicants own theirs; internal ones are entered by the
    county. Screening, review, scores, checks, notice and hire are recorded on it, step by step."""

    scope_path = "announcement__unit__path"
    owner_field = "applicant"
    sensitive_fields = ("id_number",)
    get_absolute_url = detail_page("recruitment:application_detail")

    announcement = models.ForeignKey(Announcement, verbose_name="招聘公告", on_delete=models.PROTECT,
                                     related_name="applications")
    post = models.ForeignKey(Post, verbose_name="报考岗位", on_delete=models.PROTECT, related_name="applications")
    track = models.CharField("招聘渠道", max_length=10, choices=Track.choices)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报名账号", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="applications")
    # personal data
    full_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("手机号码", max_length=20, blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices)
    major = models.CharField("专业", max_length=100, blank=True)
    household_region = models.CharField("户籍所在地代码", max_length=12, blank=True)
    household_since = models.DateField("户籍迁入日期", null=True, blank=True)
    residence_region = models.CharField("居住地代码", max_length=12, blank=True)
    residence_since = models.DateField("居住起始日期", null=True, blank=True)
    is_existing_auxiliary = models.BooleanField("现为司法行政系统专职辅助人员", default=False)
    auxiliary_region = models.CharField("现工作单位所在地代码", max_length=12, blank=True)
    study_mode = models.CharField("学习形式", max_length=10, choices=StudyMode.choices, blank=True)
    declarations = models.JSONField("个人声明", default=dict,
                                    help_text="每一项不得招聘情形：true 表示本人存在该情形")
    conditions = models.JSONField("优先条件、例外条件及其他已核实条件", default=list)
    reviewer_findings = models.JSONField("审查人员认定", default=dict,
                                         help_text="由审查人员认定的不得招聘情形（如不适宜的其他情形）：true 表示存在")
    submitted_at = models.DateTimeField("报名时间", auto_now_add=True)
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    # screening and review
    auto_eligible = models.BooleanField("系统审查结论", null=True)
    auto_reasons = models.JSONField("系统审查理由", default=list)
    obligations = models.JSONField("有条件通过须履行的义务", default=list,
                                   help_text="按附义务的例外通过资格审查时：规则编号、义务和期限")
    review_decision = models.CharField("审核意见", max_length=20, choices=ReviewDecision.choices, blank=True)
    review_reason = models.CharField("审核理由", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # scores and ranking
    written_score = models.DecimalField("笔试成绩", max_digits=5, decimal_places=2, null=True, blank=True)
    interview_marks = models.JSONField("面试考官评分", default=list)
    interview_score = models.DecimalField("面试成绩", max_digits=5, decimal_places=2, null=True, blank=True)
    composite_score = models.DecimalField("综合成绩", max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("岗位排名", null=True, blank=True)
    rank_notes = models.JSONField("排名说明", default=list)
    inspection = models.CharField("考察", max_length=6, choices=CheckResult.choices, blank=True)
    medical = models.CharField("体检", max_length=6, choices=CheckResult.choices, blank=True)
    # YQ-3.8: the 德能勤绩廉 assessment of an internal applicant, and who assessed
    assessment_result = models.CharField("德能勤绩廉考核结论", max_length=6, choices=CheckResult.choices, blank=True)
    assessment_on = models.DateField("考核日期", null=True, blank=True)
    assessment_by = models.CharField("考核组织（人员）", max_length=100, blank=True)
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    notice_end = models.DateField("公示截止日期", null=True, blank=True)
    objection = models.TextField("公示期间异议", blank=True)
    objection_received_on = models.DateField("异议收到日期", null=True, blank=True)
    objection_outcome = models.CharField("异议处理结论", max_length=10, choices=ObjectionOutcome.choices, blank=True)
    objection_resolution = models.TextField("异议处理说明", blank=True)
    objection_resolved_on = models.DateField("异议处理日期", null=True, blank=True)
    objection_resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="异议处理人", null=True,
                                              blank=True, on_delete=models.SET_NULL, related_name="+")
    # DQ-4 / YQ-3: the roster record of an existing auxiliary on the internal track (ended on hire)
    staff_source = models.ForeignKey("staff.StaffMember", verbose_name="报名时的人员记录", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="applications_as_auxiliary")
    staff = models.OneToOneField("staff.StaffMember", verbose_name="聘用后人员记录", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="application")

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["announcement", "post__code", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["announcement", "id_number"],
                                               name="one_application_per_person")]
        indexes = [models.Index(fields=["announcement", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.post.code}）"

    def change_log_unit(self):
        return self.announcement.unit

    @property
    def track_name(self) -> str:
        from .policies import track_name

        return track_name(self.announcement.policy_id, self.track)

    @property
    def objection_open(self) -> bool:
        return bool(self.objection) and not self.objection_outcome

    @property
    def eligible(self) -> bool | None:
        """The reviewed verdict: the reviewer's override when there is one, else the system's."""
        if self.review_decision == ReviewDecision.OVERRIDE_ELIGIBLE:
            return True
        if self.review_decision == ReviewDecision.OVERRIDE_INELIGIBLE:
            return False
        return self.auto_eligible

    @property
    def conditional(self) -> bool:
        """Passed on a condition (有条件通过): eligible with obligations to fulfil."""
        return self.eligible is True and bool(self.obligations)

    @property
    def verdict_label(self) -> str:
        """通过 / 有条件通过 / 未通过 / —, after review."""
        if self.eligible is None:
            return "—"
        if not self.eligible:
            return "未通过"
        return "有条件通过" if self.obligations else "通过"


def certificate_path(instance: "ApplicationDocument", filename: str) -> str:
    return f"applications/{instance.application.announcement_id}/{instance.application_id}/{filename}"


class ApplicationDocument(ChangeLoggedModel):
    """A certificate uploaded with an application (diploma, ID card, priority evidence)."""

    scope_path = "application__announcement__unit__path"
    owner_field = "application__applicant"

    application = models.ForeignKey(Application, verbose_name="报名", on_delete=models.CASCADE,
                                    related_name="documents")
    kind = models.CharField("材料类别", max_length=50)
    file = models.FileField("文件", upload_to=certificate_path)

    class Meta:
        verbose_name = "报名材料"
        verbose_name_plural = "报名材料"

    def __str__(self) -> str:
        return f"{self.application.full_name} {self.kind}"

    def change_log_unit(self):
        return self.application.announcement.unit


class NamedList(ChangeLoggedModel):
    """A dated list of people (a province's roster of auxiliary staff on a date, a county's trained grid
    workers) imported from Excel by a justice bureau; policies require being on it (list_membership). The
    list's unit is the bureau that owns it: counties below it screen against it."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("recruitment:list_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT,
                             related_name="named_lists")
    code = models.CharField("名单代码", max_length=40)
    name = models.CharField("名单名称", max_length=100)
    as_of = models.DateField("名单日期")
    source = models.CharField("来源文件", max_length=200, blank=True)
    size = models.PositiveIntegerField("人数", default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "名单"
        verbose_name_plural = "名单"
        ordering = ["unit__path", "code", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["unit", "code", "as_of"], name="one_list_per_unit_code_date")]

    def __str__(self) -> str:
        return f"{self.name}（{self.as_of:%Y-%m-%d}）"


class NamedListEntry(models.Model):
    """One person of a named list. Entries are written in bulk; the import is logged on the list itself."""

    scope_path = "named_list__unit__path"
    sensitive_fields = ("id_number",)

    named_list = models.ForeignKey(NamedList, verbose_name="名单", on_delete=models.CASCADE, related_name="entries")
    id_number = models.CharField("身份证号码", max_length=18)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    row = models.PositiveIntegerField("行号", default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "名单人员"
        verbose_name_plural = "名单人员"
        ordering = ["named_list", "row"]
        constraints = [models.UniqueConstraint(fields=["named_list", "id_number"], name="once_per_list")]

    def __str__(self) -> str:
        return f"{self.full_name or '（未填姓名）'}（{self.named_list}）"
