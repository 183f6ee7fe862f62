"""Office standardization and workstations: premises and rooms of offices, their equipment ledger,
workstations, pilot and programme plans with county progress, inspections with photos and follow-ups.

What a standard requires is not here: it is in the standard files (policies/standards/*.yaml), read by
sifasuo.policy.standards. These tables hold the facts the checklist is evaluated on.
"""

from __future__ import annotations

from django.db import models

from sifasuo.core.dataversion import VersionedQuerySet
from sifasuo.core.models import ChangeLoggedModel, detail_page

from .choices import (BuildStatus, DirectorRank, EquipmentStatus, FindingResult, FollowUpStatus, PlanKind,
                      ProgressStatus, ResponsibleLevel, TaskForceGroup, TaskForceRole, Tenure)


class OfficeProfile(ChangeLoggedModel):
    """An office's premises, rooms and organisation, as the standard checks them (WH-2, WH-5, WH-6, WH-7, WH-12)."""

    data_version = "standards"   # the province's and cities' checklists are cached under it (D52)
    objects = VersionedQuerySet.as_manager()

    scope_path = "unit__path"
    get_absolute_url = detail_page("standards:office_detail", "unit_id")

    unit = models.OneToOneField("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.CASCADE,
                                related_name="standard_profile")
    floor_area = models.DecimalField("办公及业务用房面积（m²）", max_digits=7, decimal_places=1, null=True, blank=True)
    tenure = models.CharField("用房产权", max_length=20, choices=Tenure.choices, blank=True)
    property_certificate = models.BooleanField("有土地证或产权确权证明", null=True, blank=True)
    certificate_number = models.CharField("证书编号", max_length=60, blank=True)
    premises_independent = models.BooleanField("用房相对独立、集中", null=True, blank=True)
    rooms = models.JSONField("功能室", default=list, blank=True)
    identity = models.JSONField("标识与形象识别", default=list, blank=True)
    separation = models.JSONField("与法律服务所三分开", default=list, blank=True)
    # The director is a roster entry (issue 18: one person, one name); `director_name` keeps what was typed
    # before (shown while no entry is picked) and is cleared once one is.
    director = models.ForeignKey("staff.StaffMember", verbose_name="所长", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    director_name = models.CharField("所长姓名（原填写）", max_length=50, blank=True)
    director_rank = models.CharField("所长配备", max_length=30, choices=DirectorRank.choices, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "司法所规范化情况"
        verbose_name_plural = "司法所规范化情况"
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return f"{self.unit.name}规范化情况"

    @property
    def director_shown(self) -> str:
        """The director's name: the roster entry's, else the name typed before the roster link."""
        return self.director.full_name if self.director_id else self.director_name


class EquipmentItem(ChangeLoggedModel):
    """One line of an office's equipment asset ledger (WH-7; 三(五)3. 建立业务装备资产账目)."""

    data_version = "standards"   # the province's and cities' checklists are cached under it (D52)
    objects = VersionedQuerySet.as_manager()

    scope_path = "unit__path"
    get_absolute_url = detail_page("standards:equipment_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.CASCADE,
                             related_name="standard_equipment")
    item = models.CharField("装备类别", max_length=30)
    name = models.CharField("品名型号", max_length=100)
    asset_number = models.CharField("资产编号", max_length=40, blank=True)
    quantity = models.PositiveIntegerField("数量", default=1)
    acquired_on = models.DateField("购置日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=EquipmentStatus.choices, default=EquipmentStatus.IN_USE)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "装备资产"
        verbose_name_plural = "装备资产"
        ordering = ["unit__path", "item", "id"]
        indexes = [models.Index(fields=["unit", "item"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.asset_number or '无编号'}）"


class WorkstationProfile(ChangeLoggedModel):
    """A workstation's head, build status and deadline (SD-4), 六统一 (SD-5), 3111 (SD-6), funding (SD-7)."""

    data_version = "standards"   # the province's and cities' checklists are cached under it (D52)
    objects = VersionedQuerySet.as_manager()

    scope_path = "unit__path"
    get_absolute_url = detail_page("standards:workstation_detail", "unit_id")

    unit = models.OneToOneField("orgunits.OrgUnit", verbose_name="工作室", on_delete=models.CASCADE,
                                related_name="standard_workstation")
    head_name = models.CharField("工作室主任", max_length=50, blank=True)
    head_position = models.CharField("主任现任职务", max_length=60, blank=True,
                                     help_text="如 村调委会主任、村（居）委会委员")
    status = models.CharField("建设状态", max_length=10, choices=BuildStatus.choices, default=BuildStatus.NOT_BUILT)
    initial_status = models.CharField("登记时状态", max_length=10, choices=BuildStatus.choices,
                                      default=BuildStatus.NOT_BUILT)
    deadline = models.DateField("建成期限", null=True, blank=True)
    built_on = models.DateField("建成日期", null=True, blank=True)
    six_unified = models.JSONField("六统一", default=list, blank=True)
    layout = models.JSONField("3111 功能设置", default=list, blank=True)
    funding = models.JSONField("经费保障渠道", default=list, blank=True)
    legal_adviser = models.CharField("社区法律顾问", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "司法行政工作室建设情况"
        verbose_name_plural = "司法行政工作室建设情况"
        ordering = ["unit__path"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.unit.name}建设情况"


class Plan(ChangeLoggedModel):
    """A pilot or programme plan issued by a city (DQ-11, YQ-9, WH-13): phases, milestones, task force."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("standards:plan_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="印发单位", on_delete=models.PROTECT,
                             related_name="standard_plans")
    code = models.SlugField("方案代码", max_length=40, unique=True)
    name = models.CharField("方案名称", max_length=120)
    kind = models.CharField("类别", max_length=20, choices=PlanKind.choices)
    document = models.CharField("文件", max_length=200, blank=True)
    rule_ids = models.CharField("规则编号", max_length=60, blank=True)
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "试点与建设方案"
        verbose_name_plural = "试点与建设方案"
        ordering = ["-start", "code"]

    def __str__(self) -> str:
        return self.name


class Phase(ChangeLoggedModel):
    scope_path = "plan__unit__path"
    get_absolute_url = detail_page("standards:plan_detail", "plan_id")

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("阶段名称", max_length=60)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    description = models.CharField("主要任务", max_length=300, blank=True)

    class Meta:
        verbose_name = "方案阶段"
        verbose_name_plural = "方案阶段"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="standards_phase_order")]

    def __str__(self) -> str:
        return f"{self.plan.name} · {self.name}"


class Milestone(ChangeLoggedModel):
    scope_path = "plan__unit__path"
    get_absolute_url = detail_page("standards:plan_detail", "plan_id")

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="milestones")
    phase = models.ForeignKey(Phase, verbose_name="阶段", on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField("顺序")
    title = models.CharField("节点任务", max_length=200)
    deadline = models.DateField("完成期限")
    responsible_level = models.CharField("责任层级", max_length=10, choices=ResponsibleLevel.choices,
                                         default=ResponsibleLevel.COUNTY)
    responsible = models.CharField("责任单位", max_length=120)
    rule_id = models.CharField("规则编号", max_length=20, blank=True)

    class Meta:
        verbose_name = "节点任务"
        verbose_name_plural = "节点任务"
        ordering = ["plan", "deadline", "order"]

    def __str__(self) -> str:
        return self.title


class TaskForceMember(ChangeLoggedModel):
    """A member of the plan's task force or its office, by position (DQ-12)."""

    scope_path = "plan__unit__path"
    get_absolute_url = detail_page("standards:plan_detail", "plan_id")

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="task_force")
    group = models.CharField("所在机构", max_length=20, choices=TaskForceGroup.choices)
    role = models.CharField("职务", max_length=20, choices=TaskForceRole.choices)
    position = models.CharField("单位及职务", max_length=120)
    person = models.CharField("姓名", max_length=50, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "专班成员"
        verbose_name_plural = "专班成员"
        ordering = ["plan", "group", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.position}"


class MilestoneProgress(ChangeLoggedModel):
    """What one county reports on one milestone."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("standards:progress_edit")

    milestone = models.ForeignKey(Milestone, verbose_name="节点任务", on_delete=models.CASCADE,
                                  related_name="progress")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="县（区）司法局", on_delete=models.CASCADE,
                             related_name="standard_progress")
    status = models.CharField("进展", max_length=15, choices=ProgressStatus.choices,
                              default=ProgressStatus.NOT_STARTED)
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("进展说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "节点进展"
        verbose_name_plural = "节点进展"
        ordering = ["milestone__deadline", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["milestone", "unit"], name="standards_progress_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.milestone.title}"


class Inspection(ChangeLoggedModel):
    """A visit by city or county inspectors to an office or workstation, checked against its standard."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("standards:inspection_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="被检查单位", on_delete=models.CASCADE,
                             related_name="standard_inspections")
    inspector_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="检查单位", on_delete=models.PROTECT,
                                       related_name="+")
    inspectors = models.CharField("检查人员", max_length=120)
    visited_on = models.DateField("检查日期")
    summary = models.TextField("检查情况", blank=True)

    class Meta:
        verbose_name = "督导检查"
        verbose_name_plural = "督导检查"
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.unit.name}"


class InspectionFinding(ChangeLoggedModel):
    scope_path = "inspection__unit__path"
    get_absolute_url = detail_page("standards:inspection_detail", "inspection_id")

    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="findings")
    rule_id = models.CharField("检查项（规则编号）", max_length=20)
    result = models.CharField("结果", max_length=15, choices=FindingResult.choices)
    description = models.CharField("发现的问题", max_length=300, blank=True)

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.get_result_display()}"


def _photo_path(instance, filename: str) -> str:
    return f"inspections/{instance.inspection_id}/{filename}"


class InspectionPhoto(ChangeLoggedModel):
    scope_path = "inspection__unit__path"
    get_absolute_url = detail_page("standards:photo_file")

    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to=_photo_path)
    caption = models.CharField("说明", max_length=120, blank=True)

    class Meta:
        verbose_name = "检查照片"
        verbose_name_plural = "检查照片"
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class FollowUp(ChangeLoggedModel):
    """A remedial item from an inspection, tracked to closure (整改销号)."""

    scope_path = "inspection__unit__path"
    get_absolute_url = detail_page("standards:inspection_detail", "inspection_id")

    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="follow_ups")
    rule_id = models.CharField("规则编号", max_length=20, blank=True)
    description = models.CharField("整改事项", max_length=300)
    responsible = models.CharField("责任人", max_length=60, blank=True)
    due_on = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closing_note = models.CharField("整改结果", max_length=300, blank=True)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.description
