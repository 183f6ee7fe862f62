"""Vocabularies of statistical reporting (统计报表)."""

from django.db import models


class PeriodType(models.TextChoices):
    MONTH = "month", "月报"
    QUARTER = "quarter", "季报"
    HALF_YEAR = "half_year", "半年报"
    YEAR = "year", "年报"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "未上报"
    SUBMITTED = "submitted", "已上报待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核通过"


class Severity(models.TextChoices):
    BLOCKING = "blocking", "阻止上报"
    WARNING = "warning", "提示"


class FieldSource(models.TextChoices):
    COMPILED = "compiled", "自动汇总"
    MANUAL = "manual", "手工填报"


class EventKind(models.TextChoices):
    COMPILE = "compile", "汇总生成"
    SAVE = "save", "填报保存"
    SUBMIT = "submit", "上报"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回"
    UNLOCK = "unlock", "解锁"
    HUB_REVIEW = "hub_review", "片区中心所审阅"
    HUB_RETURN = "hub_return", "片区中心所退回"
