"""How long the audit logs are kept (等保 2.0 level 3: at least 180 days), and their purge.

The change log, the log of sensitive reads and django-axes' login records (successful logins and failures)
are deleted only by `purge_audit_logs` (`sifasuo purge_audit_logs`), and never younger than
MIN_RETENTION_DAYS, whatever is asked.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

MIN_RETENTION_DAYS = 180


def _logs():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .models import ChangeLogEntry, SensitiveAccess

    return [("变更日志", ChangeLogEntry, "time"), ("敏感信息查看记录", SensitiveAccess, "time"),
            ("登录记录", AccessLog, "attempt_time"), ("登录失败记录", AccessFailureLog, "attempt_time"),
            ("登录失败计数", AccessAttempt, "attempt_time")]


@transaction.atomic
def purge_audit_logs(*, days: int, dry_run: bool = False) -> dict[str, int]:
    """Delete audit records older than `days` days; refuses a window shorter than MIN_RETENTION_DAYS.

    Returns the number of rows (to be) deleted per log.
    """
    if days < MIN_RETENTION_DAYS:
        raise ValidationError(f"审计日志至少保留 {MIN_RETENTION_DAYS} 天，不能清理 {days} 天以内的记录。")
    cutoff = timezone.now() - datetime.timedelta(days=days)
    counts = {}
    for label, model, field in _logs():
        old = model.objects.filter(**{f"{field}__lt": cutoff})
        counts[label] = old.count() if dry_run else old.delete()[0]
    return counts
