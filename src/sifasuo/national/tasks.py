"""The national roll-up's sending as a task of the queue (D48, D63): `send_rollup` sends every month whose time
has come and puts itself back in the queue for the earliest retry still pending, so a month is retried by the
worker (with growing delays) until the national installation acknowledges or refuses it."""

from __future__ import annotations

from django_tasks import task


@task()
def send_rollup(province_code: str) -> str:
    from . import services

    return services.send_queued(province_code)
