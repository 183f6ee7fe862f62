from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报市局审核"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "市局已批准"
    FILED = "filed", "省厅已备案"


class PlanAction(models.TextChoices):
    DRAFT = "draft", "起草"
    SUBMIT = "submit", "上报"
    RETURN = "return", "退回"
    APPROVE = "approve", "批准"
    FILE = "file", "备案"


class Track(models.TextChoices):
    # The track codes of the policy files (tracks: internal, public). Pages, documents and exports name a track
    # as its policy does (Post.track_name, policies.track_name); these labels serve only where no policy is
    # at hand (a filter across announcements lists the policies' names, policies.track_choices).
    INTERNAL = "internal", "现有专职辅助人员渠道"
    PUBLIC = "public", "面向社会渠道"


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "报名中"
    CLOSED = "closed", "报名结束"
    FINISHED = "finished", "已完成"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报名"
    ELIGIBLE = "eligible", "资格审查通过"
    INELIGIBLE = "ineligible", "资格审查未通过"
    SHORTLISTED = "shortlisted", "进入面试"
    ELIMINATED = "eliminated", "未入围面试"
    NOT_SELECTED = "not_selected", "综合排名未入选"
    CANDIDATE = "candidate", "拟聘用"
    FAILED_CHECK = "failed_check", "考察或体检不合格"
    NOTICE = "notice", "公示中"
    OBJECTION_UPHELD = "objection_upheld", "公示异议成立，不予聘用"
    HIRED = "hired", "已聘用"
    WITHDRAWN = "withdrawn", "已放弃"


class ReviewDecision(models.TextChoices):
    CONFIRM = "confirm", "确认系统结论"
    OVERRIDE_ELIGIBLE = "override_eligible", "改为通过"
    OVERRIDE_INELIGIBLE = "override_ineligible", "改为不通过"


class ObjectionOutcome(models.TextChoices):
    DISMISSED = "dismissed", "异议不成立，维持拟聘用"
    UPHELD = "upheld", "异议成立，不予聘用"


class CheckResult(models.TextChoices):
    PENDING = "", "未进行"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class StudyMode(models.TextChoices):
    # The codes of the policy vocabulary `study_mode`.
    FULL_TIME = "full_time", "全日制"
    PART_TIME = "part_time", "非全日制"
