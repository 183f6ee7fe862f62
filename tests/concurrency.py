"""Run requests at the same moment from real threads (each with its own database connection)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connections


def race(*calls: Callable[[], object]) -> list[object]:
    """Start every call together (a barrier) in its own thread; return their results in order. An exception
    in a call is returned as its result, so a test sees which request failed and how."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        except Exception as exc:  # noqa: BLE001 - the caller inspects it
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result(timeout=120) for f in [pool.submit(run, c) for c in calls]]
