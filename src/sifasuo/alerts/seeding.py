"""Demo step of the alerts for `sifasuo seed` (the last step): the counties' 启用日期, then every rule run once
so that the inbox opens on stored items."""

from __future__ import annotations

from django.utils import timezone

from sifasuo.core.changelog import log_bulk_update
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import services


def demo_managed_from(today):
    """The demo counties have been managed in the system since the first day of the month three months ago, so
    the demo shows recent overdue items in the inbox and older ones on the historical list (D50)."""
    month = today.month - 3
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return today.replace(year=year, month=month, day=1)


def seed(*, scale: str, seed: int, log) -> str:
    today = timezone.localdate()
    start = demo_managed_from(today)
    ids = list(OrgUnit.objects.filter(level=Level.COUNTY, managed_from__isnull=True).values_list("pk", flat=True))
    count = OrgUnit.objects.filter(pk__in=ids).update(managed_from=start)
    log_bulk_update(OrgUnit.objects.filter(pk__in=ids), before_values={pk: {"managed_from": None} for pk in ids})
    result = services.refresh(today=today)
    return f"期限提醒：{count} 个县（区）启用日期 {start:%Y-%m-%d}；{result}"
