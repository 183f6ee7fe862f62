"""Long work off the request (D48): one mechanism for every import, export, batch of documents, compilation and
refresh that takes more than a moment.

The queue is Django's task framework (the `django-tasks` backport, `django_tasks_db` keeps the queue in the
database; `sifasuo db_worker` runs it). On top of it, a **job** is what a user sees: a `core.models.Job` row
(who started it, its status, rows done of the total, the errors found so far, the result file) and a page,
`/jobs/<id>/`, whose progress bar htmx polls. A module writes its long work as a function of the job and its
progress, and starts it from a view:

    from sifasuo.core import jobs

    @jobs.job("导入人民调解案件")
    def import_cases(job, progress) -> str:
        content = job.input_file.read()
        progress.start(total=estimate_rows(content), phase="检查并写入")
        ...                                   # progress.advance(n, errors=len(errors)) as rows are done
        return "导入成功：新增 100000 件"        # the message shown when it is done

    job = import_cases.start(user=request.user, upload=request.FILES["file"], next_url=...)
    return redirect(job)                      # the request answers at once

The function runs in the worker, inside `context.acting()` with the starter as the actor and the starting
request's id (the change log ties the job's writes to the request that asked for them), and in one
transaction (a job that only reads is declared `atomic=False`). Raising `ImportRejected`, `ValidationError`
or `JobFailed` fails the job with those Chinese messages, any other exception with a Chinese message naming
its type; either way the job says why and, its transaction having rolled back, nothing changed. `progress.save_result(name,
content)` keeps a file for download (`/jobs/<id>/download/`).

Work that nobody watches (refreshing the stored alerts after a write, recomputing aggregates) is a plain
task: a module-level function decorated with `django_tasks.task()`, queued with `enqueue_on_commit(task,
*args)` so it runs once the writer's transaction has committed (and is not queued twice while one with the
same arguments still waits).

Progress is written to the "jobs" cache (a file cache in the data folder by default, which the server and the
worker share) at most every fiftieth of the work, and to the Job row when the job ends; `progressed` is sent
with each write.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string

from . import context
from .importers import ImportRejected
from .models import Job

logger = logging.getLogger(__name__)

CACHE_ALIAS = "jobs"
CACHE_SECONDS = 2 * 24 * 3600
MAX_STORED_ERRORS = 200
KEEP_DAYS = 7            # result files and finished jobs are removed after this many days (`sifasuo periodic`)
STALE_QUEUE_SECONDS = 60  # a job queued longer than this: the page says the worker may not be running

# Sent whenever a job's progress is written: sender=Job, job_id, done, total, errors, phase.
progressed = Signal()


class JobFailed(Exception):
    """Stop a job with a Chinese message (and optionally a list of problems); nothing is kept."""

    def __init__(self, message: str, errors: Iterable[str] = ()):
        super().__init__(message)
        self.errors = list(errors)


# --- declaring and starting ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobKind:
    """A function that runs as a job: `function(job, progress) -> str` (the success message)."""

    name: str            # the function's dotted path (what the worker imports)
    title: str           # the default title of its jobs: "导入人民调解案件"
    function: Callable[[Job, Progress], str]
    atomic: bool = True  # run in one transaction (a job that only reads says False: no long write lock)

    def __call__(self, job: Job, progress: Progress) -> str:
        if not self.atomic:
            return self.function(job, progress)
        with transaction.atomic():
            return self.function(job, progress)

    def start(self, *, user, title: str = "", params: dict | None = None, upload=None,
              next_url: str = "") -> Job:
        return start(self, user=user, title=title, params=params, upload=upload, next_url=next_url)


def job(title: str, *, atomic: bool = True) -> Callable[[Callable[[Job, Progress], str]], JobKind]:
    """Declare a module-level function as a kind of job (see the module docstring). The function runs in one
    transaction, so a failure anywhere leaves nothing behind; a job that only reads (an export) passes
    `atomic=False` so that it holds no write lock while it runs."""

    def wrap(function: Callable[[Job, Progress], str]) -> JobKind:
        return JobKind(name=f"{function.__module__}.{function.__qualname__}", title=title, function=function,
                       atomic=atomic)

    return wrap


def start(kind: JobKind, *, user, title: str = "", params: dict | None = None, upload=None,
          next_url: str = "") -> Job:
    """Record the job and queue it (one transaction: the queue row exists exactly when the job does)."""
    from .scoping import user_scope_path
    from .tasks import run_job

    ctx = context.current()
    with transaction.atomic():
        job_row = Job.objects.create(
            kind=kind.name, title=(title or kind.title)[:200], user=user if user is not None and user.pk else None,
            unit_path=(user_scope_path(user) or "") if user is not None else "",
            params={**(params or {}), "job_remote_addr": ctx.remote_addr}, next_url=next_url,
            request_id=ctx.request_id)
        if upload is not None:
            name = getattr(upload, "name", "") or "upload.xlsx"
            job_row.input_file.save(f"{job_row.pk}{_suffix(name)}", upload if isinstance(upload, File)
                                    else ContentFile(upload), save=False)
            job_row.params["job_input_name"] = name[-150:]
            job_row.save(update_fields=["input_file", "params"])
        result = run_job.enqueue(str(job_row.pk))
        job_row.task_id = str(result.id)
        job_row.save(update_fields=["task_id"])
    return job_row


def _suffix(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,8}$", name)
    return match.group(0).lower() if match else ""


# --- plain background tasks ---------------------------------------------------------------------------------

_local = threading.local()


@contextlib.contextmanager
def quiet():
    """Queue no follow-up tasks inside this block: for bulk loads (`sifasuo seed`, the benchmark's data) whose
    last step does at once what the tasks would have done (the full alert refresh)."""
    before = getattr(_local, "quiet", False)
    _local.quiet = True
    try:
        yield
    finally:
        _local.quiet = before


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside a transaction); a rolled-back
    transaction queues nothing. The same task with the same arguments is not queued again while one is
    still waiting in the queue (however often a transaction asks for it)."""
    if getattr(_local, "quiet", False):
        return
    transaction.on_commit(functools.partial(_enqueue_unless_waiting, task, args))


def _enqueue_unless_waiting(task, args: tuple) -> None:
    from django_tasks import TaskResultStatus
    from django_tasks.utils import normalize_json
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path,
                                          args_kwargs=normalize_json({"args": list(args), "kwargs": {}}))
    if not waiting.exists():
        task.enqueue(*args)


# --- running (in the worker) --------------------------------------------------------------------------------

def execute(job_id: str) -> str:
    """Run one queued job to its end (called by the task `core.tasks.run_job`). Returns the final status."""
    with transaction.atomic():
        job_row = Job.objects.select_for_update().filter(pk=job_id).first()
        if job_row is None:
            return "missing"
        if job_row.status != Job.Status.QUEUED:   # run already (a task delivered twice)
            return job_row.status
        job_row.status = Job.Status.RUNNING
        job_row.started_at = timezone.now()
        job_row.save(update_fields=["status", "started_at"])
    job_row = Job.objects.select_related("user", "user__unit").get(pk=job_id)
    progress = Progress(job_row)
    progress.update(force=True)
    ctx = context.ActionContext(request_id=job_row.request_id, user=job_row.user, source="task",
                                remote_addr=job_row.params.get("job_remote_addr"))
    try:
        kind = import_string(job_row.kind)
        if not isinstance(kind, JobKind):
            raise JobFailed(f"未知的任务类型：{job_row.kind}")
        with context.acting(ctx):
            message = kind(job_row, progress)
    except ImportRejected as exc:
        _fail(job_row, progress, f"文件未导入，发现 {len(exc.errors)} 处问题，未作任何更改。", exc.errors)
    except ValidationError as exc:
        problems = _messages(exc)
        _fail(job_row, progress, "未完成，未作任何更改：" + "；".join(problems[:3]), problems)
    except JobFailed as exc:
        _fail(job_row, progress, str(exc), exc.errors)
    except Exception as exc:  # noqa: BLE001 - any failure is the job's, and is said in Chinese
        logger.exception("job %s (%s) failed", job_row.pk, job_row.kind)
        _fail(job_row, progress, f"任务执行出错（{type(exc).__name__}），未作任何更改。请联系系统管理员查看服务日志。")
    else:
        _finish(job_row, progress, Job.Status.DONE, message or "已完成")
    finally:
        if job_row.input_file:
            job_row.input_file.delete(save=False)
            Job.objects.filter(pk=job_row.pk).update(input_file="")
    return job_row.status


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.error_dict.values() for e in errors for m in e.messages]
    return list(exc.messages)


def _fail(job_row: Job, progress: Progress, message: str, errors: Iterable[str] = ()) -> None:
    errors = list(errors)
    if errors:
        progress.errors = max(progress.errors, len(errors))
    job_row.errors = errors[:MAX_STORED_ERRORS]
    if job_row.result_file:   # a result written before the failure is not a result
        job_row.result_file.delete(save=False)
        job_row.result_name = ""
    _finish(job_row, progress, Job.Status.FAILED, message)


def _finish(job_row: Job, progress: Progress, status: str, message: str) -> None:
    job_row.status = status
    job_row.message = message
    job_row.finished_at = timezone.now()
    job_row.done = progress.done
    job_row.total = progress.total
    job_row.error_count = progress.errors
    job_row.save(update_fields=["status", "message", "finished_at", "done", "total", "error_count", "errors",
                                "result_file", "result_name"])
    progress.update(force=True, phase="")


class Progress:
    """How far a running job is: rows (or items) done of the total, errors so far, the phase. Written to the
    "jobs" cache at most every fiftieth of the work (and whenever the phase changes)."""

    def __init__(self, job_row: Job):
        self.job = job_row
        self.done = 0
        self.total: int | None = None
        self.errors = 0
        self.phase = ""
        self._written = -1

    def start(self, *, total: int | None, phase: str = "") -> None:
        """A (new) phase of `total` items (None when not known), counted from zero."""
        self.total = total
        self.done = 0
        self.phase = phase
        self.update(force=True)

    def advance(self, n: int = 1, *, errors: int | None = None) -> None:
        self.done += n
        if errors is not None:
            self.errors = errors
        self.update()

    def update(self, *, done: int | None = None, total: int | None = None, errors: int | None = None,
               phase: str | None = None, force: bool = False) -> None:
        if done is not None:
            self.done = done
        if total is not None:
            self.total = total
        if errors is not None:
            self.errors = errors
        if phase is not None and phase != self.phase:
            self.phase = phase
            force = True
        step = max(1, (self.total or 1000) // 50)
        if not force and self.done - self._written < step and self.done != self.total:
            return
        self._written = self.done
        snapshot = {"done": self.done, "total": self.total, "errors": self.errors, "phase": self.phase}
        caches[CACHE_ALIAS].set(_cache_key(self.job.pk), snapshot, CACHE_SECONDS)
        progressed.send(sender=Job, job_id=str(self.job.pk), **snapshot)

    def counting(self, items: Iterable[Any]) -> Iterator[Any]:
        """The items, advancing by one for each."""
        for item in items:
            yield item
            self.advance()

    def save_result(self, name: str, content: bytes | File) -> None:
        """Keep the job's result (a spreadsheet, a zip of documents) for download under `name`."""
        stored = content if isinstance(content, File) else ContentFile(content)
        self.job.result_file.save(f"{self.job.pk}{_suffix(name)}", stored, save=False)
        self.job.result_name = name[:200]


def _cache_key(job_id) -> str:
    return f"job:{job_id}"


# --- reading ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    status: str
    done: int
    total: int | None
    errors: int
    phase: str
    percent: int | None       # None: the total is not known (an indeterminate bar)
    stale: bool               # queued for long: the worker may not be running


def state(job_row: Job) -> State:
    """What the job's page shows: the row once the job has ended, the cache while it runs."""
    done, total, errors, phase = job_row.done, job_row.total, job_row.error_count, ""
    if not job_row.finished:
        live = caches[CACHE_ALIAS].get(_cache_key(job_row.pk))
        if live:
            done, total, errors, phase = live["done"], live["total"], live["errors"], live["phase"]
    if job_row.status == Job.Status.DONE:
        percent = 100
    elif total:
        percent = min(99, int(done * 100 / total))
    else:
        percent = 0 if job_row.status == Job.Status.QUEUED else None
    stale = (job_row.status == Job.Status.QUEUED
             and (timezone.now() - job_row.created_at).total_seconds() > STALE_QUEUE_SECONDS)
    return State(status=job_row.status, done=done, total=total, errors=errors, phase=phase, percent=percent,
                 stale=stale)


def visible_jobs(user):
    """The jobs the user started (within their scope)."""
    from .scoping import restrict

    if not user.is_authenticated:
        return Job.objects.none()
    return restrict(Job.objects.all(), user).filter(user=user)
