"""Vocabulary of the resettlement and assistance of released prisoners (安置帮教)."""

from django.db import models


class PersonStatus(models.TextChoices):
    NOTIFIED = "notified", "待释放（已收到预释放通知）"
    RELEASED = "released", "已释放待衔接"
    ASSISTING = "assisting", "帮教中"
    ENDED = "ended", "帮教期满"
    REOFFENDED = "reoffended", "重新犯罪"


class Source(models.TextChoices):
    PRISON = "prison", "刑满释放"
    CORRECTION = "correction", "解除社区矫正"


class Placement(models.TextChoices):
    EMPLOYED = "employed", "就业"
    SELF_EMPLOYED = "self_employed", "自主创业"
    FARMING = "farming", "务农"
    SCHOOL = "school", "就学"
    WELFARE = "welfare", "纳入社会救助"
    NONE = "none", "未安置"


class RiskTier(models.TextChoices):
    HIGH = "high", "高风险（重点帮教）"
    MEDIUM = "medium", "一般风险"
    LOW = "low", "低风险"


class AssistanceKind(models.TextChoices):
    VISIT = "visit", "走访"
    TALK = "talk", "谈话教育"
    EMPLOYMENT = "employment", "就业帮扶"
    RELIEF = "relief", "社会救助"
    OTHER = "other", "其他"
