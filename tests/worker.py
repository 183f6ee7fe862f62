"""The real task queue in tests: the database backend's own worker (`db_worker --batch`), run in this process
so that it sees the test database, until the queue is empty. Tests that use it need a transactional database
(`@pytest.mark.django_db(transaction=True)`): the worker commits, and checks its connection between tasks."""

from __future__ import annotations

import signal

from django.core.management import call_command

_SIGNALS = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s is not None]


def run_worker() -> None:
    """Run every queued task (and the tasks they queue) to its end, then return."""
    saved = {s: signal.getsignal(s) for s in _SIGNALS}   # the worker installs its own handlers
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
