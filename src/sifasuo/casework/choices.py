"""Vocabularies of the registers and of people's mediation (Chinese labels; English identifiers)."""

from django.db import models


class DisputeType(models.TextChoices):
    """The 15 dispute types of the Ministry of Justice's people's-mediation statistics."""

    MARRIAGE_FAMILY = "marriage_family", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里"
    HOUSING = "housing", "房屋宅基地"
    CONTRACT = "contract", "合同"
    BUSINESS = "business", "生产经营"
    DAMAGES = "damages", "损害赔偿"
    LAND = "land", "山林土地"
    DEMOLITION = "demolition", "征地拆迁"
    ENVIRONMENT = "environment", "环境污染"
    LABOUR = "labour", "劳动争议"
    CONSUMER = "consumer", "消费"
    MEDICAL = "medical", "医疗"
    TRAFFIC = "traffic", "道路交通事故"
    PROPERTY_MANAGEMENT = "property_mgmt", "物业"
    OTHER = "other", "其他"


class CaseSource(models.TextChoices):
    APPLICATION = "application", "当事人申请"
    INITIATIVE = "initiative", "调委会主动调解"
    POLICE = "police", "公安机关移送"
    COURT = "court", "人民法院委托移送"
    GOVERNMENT = "government", "政府部门移送"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "调解中"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.ACCEPTED)


class Outcome(models.TextChoices):
    SUCCESS = "success", "调解成功"
    FAILURE = "failure", "调解不成功"
    TERMINATED = "terminated", "终止调解"


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class Performance(models.TextChoices):
    PENDING = "pending", "履行中"
    PERFORMED = "performed", "已履行"
    PARTIAL = "partial", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class ConfirmationResult(models.TextChoices):
    PENDING = "pending", "审查中"
    CONFIRMED = "confirmed", "确认有效"
    REFUSED = "refused", "不予确认"


class VisitMethod(models.TextChoices):
    VISIT = "visit", "上门回访"
    PHONE = "phone", "电话回访"
    OTHER = "other", "其他"


class CommitteeKind(models.TextChoices):
    TOWNSHIP = "township", "乡镇（街道）调委会"
    VILLAGE = "village", "村（居）调委会"
    ENTERPRISE = "enterprise", "企事业单位调委会"
    INDUSTRY = "industry", "行业性专业性调委会"


class MediatorRole(models.TextChoices):
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"
    MEDIATOR = "mediator", "调解员"


class ScreeningKind(models.TextChoices):
    """HZ-4: every half month, and concentrated every quarter."""

    ROUTINE = "routine", "半月排查"
    CONCENTRATED = "concentrated", "季度集中排查"


class RiskLevel(models.TextChoices):
    LOW = "low", "一般"
    MEDIUM = "medium", "较大"
    HIGH = "high", "重大"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待化解"
    RESOLVED = "resolved", "已化解"
    CONVERTED = "converted", "已转为调解案件"


class PetitionKind(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "来电"
    ONLINE = "online", "网上信访"


class PetitionResult(models.TextChoices):
    PENDING = "pending", "办理中"
    RESOLVED = "resolved", "已办结"
    REFERRED = "referred", "已转交有关部门"
    EXPLAINED = "explained", "已解释答复"


class MeetingKind(models.TextChoices):
    STUDY = "study", "周学习"
    DIRECTORS_MONTHLY = "directors_monthly", "所长月例会"
    DIRECTORS_QUARTERLY = "directors_quarterly", "所长季度例会"
    TRAINING = "training", "业务培训"
    OTHER = "other", "其他会议"


class PublicityForm(models.TextChoices):
    LECTURE = "lecture", "法治讲座"
    CONSULTATION = "consultation", "集中咨询"
    BOARD = "board", "宣传栏（橱窗）"
    LEAFLET = "leaflet", "发放宣传资料"
    MEDIA = "media", "广播电视新媒体"
    PERFORMANCE = "performance", "文艺演出"
    OTHER = "other", "其他"


class AidMatter(models.TextChoices):
    LABOUR_PAY = "labour_pay", "追索劳动报酬"
    INJURY = "injury", "工伤"
    SUPPORT = "support", "赡养抚养扶养"
    TRAFFIC = "traffic", "交通事故"
    MEDICAL = "medical", "医疗损害"
    CRIMINAL = "criminal", "刑事辩护代理"
    FAMILY = "family", "婚姻家庭"
    OTHER = "other", "其他"


class AidStatus(models.TextChoices):
    RECEIVED = "received", "已受理待审查"
    APPROVED = "approved", "审查通过待指派"
    REFUSED = "refused", "不予援助"
    ASSIGNED = "assigned", "已指派"
    CLOSED = "closed", "已结案"


class InfoKind(models.TextChoices):
    """HZ-3 / HZ-6: information items and one-line news."""

    INFORMATION = "information", "工作信息"
    NEWS = "news", "一句话新闻"
