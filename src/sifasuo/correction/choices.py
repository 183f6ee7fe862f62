"""Vocabulary of community correction (《社区矫正法》《社区矫正法实施办法》)."""

from django.db import models


class SentenceType(models.TextChoices):
    CONTROL = "control", "管制"
    PROBATION = "probation", "缓刑"
    PAROLE = "parole", "假释"
    OUTSIDE = "outside", "暂予监外执行"


class SubjectStatus(models.TextChoices):
    PENDING_REPORT = "pending_report", "待报到"
    SUPERVISED = "supervised", "在矫"
    RELEASED = "released", "解除矫正"
    TERMINATED = "terminated", "终止矫正"


class SupervisionLevel(models.TextChoices):
    STRICT = "strict", "严管"
    NORMAL = "normal", "普管"
    LENIENT = "lenient", "宽管"


class CheckInMethod(models.TextChoices):
    PHONE = "phone", "电话报告"
    IN_PERSON = "in_person", "当面报告"
    WRITTEN = "written", "书面报告"


class SanctionKind(models.TextChoices):
    PRAISE = "praise", "表扬"
    REPRIMAND = "reprimand", "训诫"
    WARNING = "warning", "警告"
    REVOCATION = "revocation", "提请撤销缓刑、假释或收监执行"


class LeaveKind(models.TextChoices):
    LEAVE = "leave", "请假外出"
    MOVE = "move", "变更执行地"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    RETURNED = "returned", "已销假"


class EndReason(models.TextChoices):
    EXPIRED = "expired", "矫正期满解除"
    PARDON = "pardon", "赦免"
    REVOKED = "revoked", "撤销缓刑、假释或收监执行"
    DEATH = "death", "死亡"
    OTHER = "other", "其他原因终止"


class Conclusion(models.TextChoices):
    SUITABLE = "suitable", "适用社区矫正"
    UNSUITABLE = "unsuitable", "不适用社区矫正"


class InvestigationStatus(models.TextChoices):
    OPEN = "open", "调查中"
    REPORTED = "reported", "已提交评估意见"
