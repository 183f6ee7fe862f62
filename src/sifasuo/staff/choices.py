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


# The full-time auxiliary staff (专职辅助人员, WH-3) an internal recruitment track selects from (DQ-4, YQ-3).
AUXILIARY_TYPES = (StaffType.FULL_TIME_AUXILIARY, StaffType.FULL_TIME_MEDIATOR, StaffType.CORRECTION_ASSISTANT,
                   StaffType.RESETTLEMENT_ASSISTANT)


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


class Position(models.TextChoices):
    DIRECTOR = "director", "所长"
    DEPUTY_DIRECTOR = "deputy_director", "副所长"
    STAFF = "staff", "工作人员"


class ExitKind(models.TextChoices):
    RESIGNATION = "resignation", "辞职"
    NON_RENEWAL = "non_renewal", "合同期满不再续聘"
    DISMISSAL = "dismissal", "解聘"
    RETIREMENT = "retirement", "退休"
    # DQ-4 / YQ-3: an auxiliary hired as a judicial assistant; the new record follows the day after
    TRANSFER = "transfer", "转任"
    SELECTION = "selection", "选聘"
    OTHER = "other", "其他"


class AssistantLevel(models.IntegerChoices):
    # DQ-9: 一级 is the highest, 四级 the lowest
    FIRST = 1, "一级"
    SECOND = 2, "二级"
    THIRD = 3, "三级"
    FOURTH = 4, "四级"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class TrainingKind(models.TextChoices):
    # DQ-10: pre-job, promotion and business training
    PRE_JOB = "pre_job", "岗前培训"
    PROMOTION = "promotion", "晋升培训"
    BUSINESS = "business", "业务培训"


class Organizer(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    OFFICE = "office", "司法所"
    OTHER = "other", "其他"


class RecordKind(models.TextChoices):
    REWARD = "reward", "奖励"
    DISCIPLINE = "discipline", "惩戒"


class WritingKind(models.TextChoices):
    # HZ-6: one research article and one experience paper per person per year
    RESEARCH_ARTICLE = "research_article", "调研文章"
    EXPERIENCE_PAPER = "experience_paper", "经验材料"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class Benchmark(models.TextChoices):
    # DQ-8 / YQ-7: what the policy's pay floats with
    AUXILIARY_POLICE = "auxiliary_police", "本地公安辅警工资标准"
    PUBLIC_INSTITUTION = "public_institution", "事业单位工作人员工资标准"
