"""Vocabularies of office assessment (HZ-7, HZ-9)."""

from django.db import models


class Method(models.TextChoices):
    INDICATOR = "indicator", "按指标自动计分"
    MANUAL = "manual", "业务科室录入"


class FundFormula(models.TextChoices):
    PROPORTIONAL = "proportional", "按综合得分比例分配"
    THRESHOLD = "threshold", "达到合格分的司法所按得分比例分配"
    BASE_PLUS = "base_plus", "基础部分平均分配，其余按得分比例分配"


class NoDataRule(models.TextChoices):
    """HZ-7, D38: how a month without data for an item scores (a scheme setting)."""

    ZERO = "zero", "无数据的项目计 0 分"
    EXCLUDE = "exclude", "无数据的项目不计分，其余项目按分值比例折算为百分制"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "评分中"
    FINAL = "final", "已定稿"


class CriterionSource(models.TextChoices):
    """Where a criterion's points come from: the assessment group on site, or the year's monthly scoring
    (HZ-7: 业务工作每月考核; its composite, scaled to the criterion's points), or a bonus (HZ-9 创新奖励)."""

    ONSITE = "onsite", "实地考核评分"
    SCHEME = "scheme", "按月度考核综合得分折算"
    BONUS = "bonus", "加分项（不计入满分）"
