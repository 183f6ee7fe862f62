"""The task that runs a job (core/jobs.py) in the worker (`sifasuo db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: str) -> str:
    from .jobs import execute

    return execute(job_id)
