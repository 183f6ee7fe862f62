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
