"""Vocabularies of office administration (所务管理)."""

from django.db import models


class BudgetHeading(models.TextChoices):
    """HZ-7: the basic operating expenses budgeted per office (水费、电费、交通费、网络费、办公费用等)."""

    WATER = "water", "水费"
    ELECTRICITY = "electricity", "电费"
    TRANSPORT = "transport", "交通费"
    NETWORK = "network", "网络费"
    OFFICE = "office", "办公费"
    OTHER = "other", "其他公用经费"


class DocumentKind(models.TextChoices):
    """HZ-6 (年初有计划、半年有小结、年终有总结), WH-13 (年度推进工作计划), DQ-11 and WH-4 (队伍培训规划)."""

    ANNUAL_PLAN = "annual_plan", "年初工作计划"
    HALF_YEAR_SUMMARY = "half_year_summary", "半年工作小结"
    YEAR_END_SUMMARY = "year_end_summary", "年终工作总结"
    TRAINING_PLAN = "training_plan", "队伍培训规划"
