"""The daily digest: one message per account listing the overdue and due open items of its scope (read from
the stored items, D49), and the items assigned to it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from sifasuo.accounts.models import User

from . import engine, selectors
from .engine import STATE_LABELS, State
from .models import AlertItem, Status

LISTED = 100      # items listed per state; the rest are counted
AHEAD_DAYS = 7    # upcoming items within this many days are listed


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


def _state(item: AlertItem, on: datetime.date) -> str:
    if item.due > on:
        return State.UPCOMING
    return State.DUE if item.due == on else State.OVERDUE


def due_items(user, on: datetime.date):
    """The user's open items (not historical) due by `on` + AHEAD_DAYS, most overdue first."""
    return (selectors.scope_items(user).filter(status=Status.OPEN, legacy=False,
                                               due__lte=on + datetime.timedelta(days=AHEAD_DAYS))
            .select_related("unit").order_by("due", "rule", "unit_path", "id"))


def body(user, items: dict[str, list[AlertItem]], counts: dict[str, int], mine: list[AlertItem],
         on: datetime.date, site_url: str) -> str:
    rules = engine.rules()
    lines = [f"{user.display_name}，您好：", "",
             f"截至 {on:%Y年%m月%d日}，{user.unit.name}及下级单位有以下待办事项：", ""]

    def line(a: AlertItem) -> str:
        late = f"，已逾期 {(on - a.due).days} 天" if a.due < on else ""
        link = f" {site_url}{a.get_absolute_url()}" if site_url else ""
        title = rules[a.rule].title if a.rule in rules else a.rule
        return f"- {a.subject}：{a.message}（期限 {a.due:%Y-%m-%d}{late}；{title}）{link}"

    if mine:
        lines.append(f"【指派给您】{len(mine)} 项")
        lines.extend(line(a) for a in mine[:LISTED])
        lines.append("")
    for state in (State.OVERDUE, State.DUE, State.UPCOMING):
        if not counts.get(state):
            continue
        lines.append(f"【{STATE_LABELS[state]}】{counts[state]} 项")
        lines.extend(line(a) for a in items[state])
        if counts[state] > len(items[state]):
            lines.append(f"- ……另有 {counts[state] - len(items[state])} 项，请登录系统查看“待办提醒”。")
        lines.append("")
    lines.append("本邮件由司法所综合管理平台自动发送，请勿回复。")
    return "\n".join(lines)


def send_digest(on: datetime.date, *, unit_path: str | None = None, dry_run: bool = False,
                out=None) -> DigestResult:
    """Read each recipient's due items from the table and send one message each."""
    result = DigestResult()
    site_url = getattr(settings, "SIFASUO_SITE_URL", "")
    connection = None if dry_run else get_connection()
    for user in recipients(unit_path):
        items = due_items(user, on)
        by_state: dict[str, list[AlertItem]] = {State.OVERDUE: [], State.DUE: [], State.UPCOMING: []}
        counts = {State.OVERDUE: items.filter(due__lt=on).count(), State.DUE: items.filter(due=on).count(),
                  State.UPCOMING: items.filter(due__gt=on).count()}
        for state, narrowed in ((State.OVERDUE, items.filter(due__lt=on)), (State.DUE, items.filter(due=on)),
                                (State.UPCOMING, items.filter(due__gt=on))):
            if counts[state]:
                by_state[state] = list(narrowed[:LISTED])
        mine = list(selectors.scope_items(user).filter(status=Status.OPEN, assigned_to=user)
                    .select_related("unit").order_by("due")[:LISTED])
        total = sum(counts.values())
        if not total and not mine:
            result.nothing_due += 1
            continue
        if not user.email:
            result.without_email += 1
            if out is not None:
                out.write(f"{user.username}（{user.unit.name}）：{total} 项，账号没有邮箱，未发送\n")
            continue
        subject = f"【待办提醒】{user.unit.name}：逾期 {counts[State.OVERDUE]} 项，共 {total} 项（{on:%m月%d日}）"
        if out is not None:
            out.write(f"{user.username}（{user.unit.name}）：{total} 项 → {user.email}\n")
        if not dry_run:
            EmailMessage(subject, body(user, by_state, counts, mine, on, site_url), to=[user.email],
                         connection=connection).send()
        result.sent += 1
        result.items += total
    return result
