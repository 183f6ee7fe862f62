"""Choices of the standardization module."""

from django.db import models


class Tenure(models.TextChoices):
    OWNED = "owned", "自有产权"
    RENTED = "rented", "租用"
    BORROWED = "borrowed", "借用（无偿使用）"


class DirectorRank(models.TextChoices):
    # WH-2: the rate counts full-time deputy-section-rank directors only
    FULL_TIME_DEPUTY_SECTION = "full_time_deputy_section", "专职副科级所长"
    PART_TIME = "part_time", "兼职所长（由乡镇干部兼任）"
    BELOW_DEPUTY_SECTION = "below_deputy_section", "专职，副科级以下"
    VACANT = "vacant", "所长空缺"


class EquipmentStatus(models.TextChoices):
    IN_USE = "in_use", "在用"
    REPAIR = "repair", "维修中"
    SCRAPPED = "scrapped", "已报废"


class BuildStatus(models.TextChoices):
    # SD-4
    BUILT = "built", "已建成"
    BUILDING = "building", "在建"
    NOT_BUILT = "not_built", "未建"


class PlanKind(models.TextChoices):
    PILOT = "pilot", "试点工作方案"
    PROGRAMME = "programme", "建设工程实施方案"


class ResponsibleLevel(models.TextChoices):
    CITY = "city", "市级"
    COUNTY = "county", "县（区）级"


class TaskForceGroup(models.TextChoices):
    # DQ-12: the task force and its office
    TASK_FORCE = "task_force", "工作专班"
    OFFICE = "office", "工作专班办公室"


class TaskForceRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    DIRECTOR = "director", "主任"
    MEMBER = "member", "成员"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"


class FindingResult(models.TextChoices):
    MET = "met", "符合"
    UNMET = "unmet", "不符合"
    NOT_CHECKED = "not_checked", "未检查"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "整改中"
    CLOSED = "closed", "已整改销号"
