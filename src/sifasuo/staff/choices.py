"""Staff types and duty categories. Type codes are the `staff_type` vocabulary of the policy files
(policies/schema.yaml), so a quota rule names the types it counts by the same codes."""

from django.db import models


class StaffType(models.TextChoices):
    POLITICAL_LEGAL_ESTABLISHMENT = "political_legal_establishment", "政法专项编制"
    OTHER_ESTABLISHMENT = "other_establishment", "地方编制（含其他编制）"
    JUDICIAL_ASSISTANT = "judicial_assistant", "司法协理员"
    FULL_TIME_AUXILIARY = "full_time_auxiliary", "专职辅助人员"
    FULL_TIME_MEDIATOR = "full_time_mediator", "专职人民调解员"
    CORRECTION_ASSISTANT = "correction_assistant", "社区矫正协理员"
    RESETTLEMENT_ASSISTANT = "resettlement_assistant", "安置帮教协理员"
    SOCIAL_WORKER = "social_worker", "社会工作者"
    PART_TIME = "part_time", "兼职工作人员"
    OTHER_STAFF = "other_staff", "其他人员"


class DutyCategory(models.TextChoices):
    # DQ-1: the duty categories of judicial assistants
    GENERAL = "general", "综合事务"
    RULE_OF_LAW = "rule_of_law", "法治政府事务"
    PUBLIC_LEGAL_SERVICE = "public_legal_service", "公共法律服务"
    CRIMINAL_EXECUTION = "criminal_execution", "刑事执行"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    # The `education` vocabulary of the policy files, lowest first.
    JUNIOR_HIGH = "junior_high", "初中及以下"
    SENIOR_HIGH = "senior_high", "高中（中专、技校）"
    JUNIOR_COLLEGE = "junior_college", "大专"
    BACHELOR = "bachelor", "大学本科"
    MASTER = "master", "硕士研究生"
    DOCTORATE = "doctorate", "博士研究生"
