"""The daily digest: one message per account listing the overdue and due items of its scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from sifasuo.accounts.models import User
from sifasuo.core.scoping import user_scope_path

from . import engine
from .engine import STATE_LABELS, Alert, State


@dataclass
class DigestResult:
    sent: int = 0
    without_email: int = 0
    nothing_due: int = 0
    items: int = 0


def recipients(unit_path: str | None = None):
    users = (User.objects.filter(is_active=True, unit__isnull=False).select_related("unit")
             .order_by("unit__path", "username"))
    if unit_path:
        users = users.filter(unit__path__under=unit_path)
    return [u for u in users if u.can("alerts.view")]


def body(user, alerts: list[Alert], on: datetime.date, site_url: str) -> str:
    rules = engine.rules()
    lines = [f"{user.display_name}，您好：", "",
             f"截至 {on:%Y年%m月%d日}，{user.unit.name}及下级单位有以下待办事项：", ""]
    for state in (State.OVERDUE, State.DUE, State.UPCOMING):
        chosen = [a for a in alerts if a.state(on) == state]
        if not chosen:
            continue
        lines.append(f"【{STATE_LABELS[state]}】{len(chosen)} 项")
        for a in chosen[:100]:
            late = f"，已逾期 {a.days_overdue(on)} 天" if state == State.OVERDUE else ""
            link = f" {site_url}{a.url}" if a.url and site_url else ""
            lines.append(f"- {a.subject}：{a.message}（期限 {a.due:%Y-%m-%d}{late}；{rules[a.rule].title}）{link}")
        if len(chosen) > 100:
            lines.append(f"- ……另有 {len(chosen) - 100} 项，请登录系统查看“待办提醒”。")
        lines.append("")
    lines.append("本邮件由司法所综合管理平台自动发送，请勿回复。")
    return "\n".join(lines)


def send_digest(on: datetime.date, *, unit_path: str | None = None, dry_run: bool = False,
                out=None) -> DigestResult:
    """Compute each recipient's alerts (once per scope and rule set) and send one message each."""
    result = DigestResult()
    cache: dict[tuple[str, tuple[str, ...]], list[Alert]] = {}
    site_url = getattr(settings, "SIFASUO_SITE_URL", "")
    connection = None if dry_run else get_connection()
    for user in recipients(unit_path):
        codes = tuple(r.code for r in engine.rules_for(user))
        key = (user_scope_path(user), codes)
        if key not in cache:
            cache[key] = engine.collect(key[0], on, codes=codes) if codes else []
        alerts = [a for a in cache[key] if a.state(on) != State.UPCOMING or (a.due - on).days <= 7]
        if not alerts:
            result.nothing_due += 1
            continue
        if not user.email:
            result.without_email += 1
            if out is not None:
                out.write(f"{user.username}（{user.unit.name}）：{len(alerts)} 项，账号没有邮箱，未发送\n")
            continue
        overdue = sum(1 for a in alerts if a.state(on) == State.OVERDUE)
        subject = f"【待办提醒】{user.unit.name}：逾期 {overdue} 项，共 {len(alerts)} 项（{on:%m月%d日}）"
        if out is not None:
            out.write(f"{user.username}（{user.unit.name}）：{len(alerts)} 项 → {user.email}\n")
        if not dry_run:
            EmailMessage(subject, body(user, alerts, on, site_url), to=[user.email],
                         connection=connection).send()
        result.sent += 1
        result.items += len(alerts)
    return result
