"""Tasks of the alerts on the queue (core/jobs.py): the refresh of one subtree after a write."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_path(path: str, codes: list[str]) -> str:
    """Refresh the named rules' items under `path` (queued by `signals.record_changed` after a write)."""
    from sifasuo.core import context

    from . import services

    with context.acting(context.ActionContext(source="task")):
        return str(services.refresh(path=path, codes=codes))
