"""Periodic jobs (D51), run by `sifasuo periodic` from cron or a systemd timer (docs/deployment.md).

A module lists its own in `<app>/periodic.py`:

    JOBS = [PeriodicJob(name="alerts", title="提醒事项全量刷新", order=30, run=refresh_all)]

where `run(today) -> str` does the work (inside one `command` context per job) and says what it did in one
Chinese line. Jobs run in `order`: the aggregate table first, then the monthly report lock (which reads it),
then the alert refresh (which reads the reports), the digest (which reads the alerts), the clean-up last.
The partitions of the coming years come first (PostgreSQL, D64), the national roll-up's sending after the
digest. Each job's outcome is kept as a Job row (core/jobs.py) of kind "periodic:<name>".
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.utils import timezone

from . import context
from .registry import declared

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    title: str
    run: Callable[[datetime.date], str]
    order: int = 50


def jobs() -> list[PeriodicJob]:
    found = declared("periodic", "JOBS", "name", "定时任务")
    return sorted(found.values(), key=lambda j: (j.order, j.name))


def run_all(today: datetime.date, *, only: list[str] | None = None, out=None) -> list[tuple[PeriodicJob, bool, str]]:
    """Run the periodic jobs (all, or those named) for `today`; a failing job does not stop the others."""
    from .models import Job

    outcomes = []
    for job in jobs():
        if only and job.name not in only:
            continue
        started = timezone.now()
        record = Job.objects.create(kind=f"periodic:{job.name}", title=job.title, status=Job.Status.RUNNING,
                                    started_at=started, params={"date": today.isoformat()})
        try:
            with context.acting(context.ActionContext(source="command")):
                summary = job.run(today)
            ok = True
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            logger.exception("periodic job %s failed", job.name)
            summary, ok = f"出错（{type(exc).__name__}：{exc}）", False
        seconds = (timezone.now() - started).total_seconds()
        Job.objects.filter(pk=record.pk).update(status=Job.Status.DONE if ok else Job.Status.FAILED,
                                                message=summary[:2000], finished_at=timezone.now())
        if out is not None:
            out.write(f"{'✓' if ok else '✗'} {job.title}（{job.name}，{seconds:.1f} 秒）：{summary}\n")
        outcomes.append((job, ok, summary))
    return outcomes


# --- the core's own: clean-up ------------------------------------------------------------------------------

def prune(today: datetime.date) -> str:
    """Jobs finished more than KEEP_DAYS ago lose their result files and rows; finished queue rows too."""
    import io

    from . import jobs as job_module
    from .models import Job

    cut = timezone.now() - datetime.timedelta(days=job_module.KEEP_DAYS)
    old = Job.objects.filter(finished_at__lt=cut)
    files = 0
    for job in old.exclude(result_file="").only("pk", "result_file"):
        job.result_file.delete(save=False)
        files += 1
    removed, _ = old.delete()
    out = io.StringIO()
    call_command("prune_db_task_results", "--min-age-days", str(job_module.KEEP_DAYS), verbosity=0, stdout=out,
                 stderr=out)
    return f"删除 {removed} 个已结束 {job_module.KEEP_DAYS} 天以上的后台任务（结果文件 {files} 个）；队列：{out.getvalue().strip() or '无'}"


def ensure_partitions(today: datetime.date) -> str:
    """The coming years' partitions of the growing tables on PostgreSQL (D64), before anything is written to
    them; rows parked in a default partition move into their own."""
    from django.db import connection, transaction

    from . import partitions

    if not partitions.supported(connection):
        return "SQLite 数据库：不分区，无需操作"
    with transaction.atomic():
        created = partitions.ensure(connection, today=today)
    return "新建分区：" + ("、".join(created) if created else "无（均已存在）")


JOBS = [
    PeriodicJob(name="partitions", title="建立下一年度的分区", run=ensure_partitions, order=5),
    PeriodicJob(name="prune", title="清理过期的后台任务和结果文件", run=prune, order=90),
]
