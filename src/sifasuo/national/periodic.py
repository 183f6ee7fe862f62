"""Periodic job of the national roll-up (core/periodic.py, D51, D63): the province's ready months queued and
every pending month whose time has come sent — what `sifasuo national send` does, every night with the others.
An installation with no national platform configured (SIFASUO_NATIONAL_URL, SIFASUO_NATIONAL_KEY) skips it."""

from __future__ import annotations

import datetime

from django.conf import settings

from sifasuo.core.periodic import PeriodicJob


def send(today: datetime.date) -> str:
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit

    from . import services

    if not settings.SIFASUO_NATIONAL_URL or not settings.SIFASUO_NATIONAL_KEY:
        return "未配置全国汇总平台（SIFASUO_NATIONAL_URL、SIFASUO_NATIONAL_KEY），跳过"
    if OrgUnit.objects.filter(level=Level.PROVINCE).count() != 1:
        return "本平台不是一个省的平台（省级单位不止一个或没有），不报送；请用 sifasuo national send --province 报送"
    province = services.installation_province()
    queued = services.queue_ready(province=province)
    sent = services.send_due(province=province)
    services.schedule_sending(province)   # months still failing are retried by the task queue
    states = "、".join(f"{s.period:%Y-%m} {s.get_status_display()}" for s in sent) or "无"
    return f"新排队 {len(queued)} 个月；本次报送：{states}"


JOBS = [PeriodicJob(name="national", title="报送全国汇总", run=send, order=50)]
