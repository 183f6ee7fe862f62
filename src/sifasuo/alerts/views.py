"""The alert inbox (stored items of the user's scope, D49), an item's page with its actions (办结, 暂缓, 指派,
恢复), the historical list of items before a county's 启用日期 (D50), and the rules."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from sifasuo.core import workdays
from sifasuo.core.selectors import record_history
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedListView, paged
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.selectors import visible_counties, visible_unit

from . import engine, selectors, services
from .engine import STATE_LABELS
from .models import AlertItem, Status


def state_of(due: datetime.date, today: datetime.date) -> str:
    if due > today:
        return "upcoming"
    return "due" if due == today else "overdue"


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.error_dict.values() for e in errors for m in e.messages]
    return list(exc.messages)


def item_columns(today: datetime.date, *, rules: dict | None = None) -> list[Column]:
    rules = rules or engine.rules()
    return [
        Column("状态", lambda a: STATE_LABELS[state_of(a.due, today)]),
        Column("期限", "due"),
        Column("逾期天数", lambda a: max((today - a.due).days, 0)),
        Column("单位", "unit__name"),
        Column("事项", "subject", link=True),
        Column("提醒", "message"),
        Column("规则", lambda a: rules[a.rule].title if a.rule in rules else a.rule),
        Column("依据", "basis"),
        Column("承办人", lambda a: a.assigned_to.display_name if a.assigned_to_id else ""),
    ]


class InboxView(ScopedListView):
    """待办提醒: the open items of the user's scope and rules, most overdue first; each row opens the item's
    page, where it is worked through. ?export=xlsx exports the same rows (a large export runs as a job). The
    body (summary, count, rows) is cached under the alerts' data version, which every refresh and action that
    changes an item replaces (D27, D52)."""

    model = AlertItem
    capability = "alerts.view"
    template_name = "alerts/inbox.html"
    body_template_name = "alerts/_inbox_body.html"
    title = "待办提醒"
    export_filename = "待办提醒"
    cache_data_version = "alerts"

    def cache_key_parts(self) -> list:
        # the states and days overdue are today's; "指派给我" is the user's own
        return [timezone.localdate(), self.request.user.pk if self.request.GET.get("mine") == "1" else ""]

    def get_queryset(self):
        self.filterset = None   # the filters are the page's own (selectors.parse_filter)
        self.today = timezone.localdate()
        self.flt, self.errors = selectors.parse_filter(self.request.GET)
        try:
            return selectors.inbox(self.request.user, self.flt, self.today)
        except selectors.FilterError as exc:
            self.errors.append(str(exc))
            return AlertItem.objects.none()

    @property
    def columns(self):
        return item_columns(getattr(self, "today", None) or timezone.localdate())

    def export_filters(self) -> list[tuple[str, str]]:
        flt, rules = self.flt, engine.rules()
        shown = [("状态", STATE_LABELS.get(flt.state, "")), ("业务", flt.module),
                 ("规则", rules[flt.rule].title if flt.rule in rules else ""), ("单位代码", flt.within),
                 ("关键字", flt.q), ("范围", selectors.SHOW_LABELS[flt.show] if flt.show else ""),
                 ("指派给我", "是" if flt.mine else "")]
        return [(label, value) for label, value in shown if value]

    def shell_context(self, **kwargs) -> dict:
        """The page around the (possibly cached) body: the filter form."""
        user = self.request.user
        my_rules = engine.rules_for(user)
        flt, _ = selectors.parse_filter(self.request.GET)
        return super().shell_context(
            flt=flt, today=timezone.localdate(), rules=my_rules, modules=sorted({r.module for r in my_rules}),
            states=STATE_LABELS.items(), shows=selectors.SHOW_LABELS.items(), **kwargs)

    def get_context_data(self, **kwargs):
        summary = selectors.counts_by_rule(self.request.user, self.object_list, self.today, key=self.flt.key())
        # the years the listed deadlines span, for the note on years counted Monday–Friday (D33)
        days = [d for row in summary for d in (row["first"], row["last"])]
        return super().get_context_data(
            calendar_note=workdays.estimate_note(self.today, *days),
            errors=self.errors, overdue=sum(r["overdue"] for r in summary),
            total=sum(r["total"] for r in summary),   # exact (the pages stop counting at 10,000)
            summary=summary if not (self.flt.state or self.flt.q) else [], **kwargs)


class ItemView(CapabilityRequiredMixin, View):
    """One item: what, why (its basis), its history, and the actions the user may take."""

    model = AlertItem
    capability = "alerts.view"
    template_name = "alerts/item.html"

    def get_item(self, pk) -> AlertItem:
        item = selectors.item_for(self.request.user, pk)
        if item is None:
            raise Http404("未找到该提醒事项，或该事项不在您的管辖范围内。")
        return item

    def render_page(self, item: AlertItem, *, errors=(), status=200):
        user = self.request.user
        today = timezone.localdate()
        rule = engine.rules().get(item.rule)
        history = record_history(item, user)[:20]
        can_act = user.can("alerts.act")
        return render(self.request, self.template_name, {
            "title": "提醒事项", "item": item, "rule": rule, "today": today,
            "state": STATE_LABELS[state_of(item.due, today)], "days": (today - item.due).days,
            "history": history, "errors": list(errors), "can_act": can_act,
            "colleagues": services.colleagues(user, item) if can_act and item.is_active else [],
            "min_snooze": today + datetime.timedelta(days=1),
            "Status": Status,
        }, status=status)

    def get(self, request, pk):
        return self.render_page(self.get_item(pk))

    def post(self, request, pk):
        item = self.get_item(pk)
        action = request.POST.get("action", "")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            if action == "done":
                services.complete(actor=request.user, item_id=item.pk, version=version,
                                  note=request.POST.get("note", ""))
                message = "已办结"
            elif action == "snooze":
                until = _date(request.POST.get("snoozed_until", ""))
                services.snooze(actor=request.user, item_id=item.pk, version=version, until=until,
                                reason=request.POST.get("note", ""))
                message = f"已暂缓至 {until:%Y-%m-%d}"
            elif action == "assign":
                raw = request.POST.get("assigned_to", "")
                services.assign(actor=request.user, item_id=item.pk, version=version,
                                assignee_id=int(raw) if raw.isdigit() else None)
                message = "已指派" if raw else "已取消指派"
            elif action == "reopen":
                services.reopen(actor=request.user, item_id=item.pk, version=version)
                message = "已恢复为待处理"
            else:
                raise ValidationError("未知的操作")
        except ValidationError as exc:
            return self.render_page(self.get_item(pk), errors=_errors(exc), status=400)
        messages.success(request, f"「{item.subject}」{message}")
        return redirect(item.get_absolute_url())


def _date(raw: str) -> datetime.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({"snoozed_until": [f"日期“{raw}”无效，应为 2025-03-01 这样的格式"]}) from None


class LegacyView(CapabilityRequiredMixin, View):
    """历史遗留: open items whose deadline is before their county's 启用日期 — cleared in bulk with a reason —
    and the 启用日期 of the counties in scope."""

    model = AlertItem
    capability = "alerts.view"
    template_name = "alerts/legacy.html"
    paginate_by = 50

    def context(self, *, errors=(), form=None) -> dict:
        user = self.request.user
        within = (self.request.GET.get("within") or "").strip()
        rule = (self.request.GET.get("rule") or "").strip()
        problems = list(errors)
        try:
            items = selectors.legacy_items(user, within=within, rule=rule if rule in engine.rules() else "")
        except selectors.FilterError as exc:
            problems.append(str(exc))
            items = AlertItem.objects.none()
        paging = paged(self.request, items, self.paginate_by)
        page = paging["page_obj"]
        today = timezone.localdate()
        counties = visible_counties(user, open_only=True)
        return {
            "title": "历史遗留事项", **paging,
            "within": within, "rule": rule, "rules": engine.rules_for(user), "errors": problems,
            "columns": item_columns(today), "rows": page.object_list, "total": page.paginator.count,
            "can_clear": services.can_clear_legacy(user), "can_set_date": user.can("org.manage"),
            "counties": [(c, services.managed_from(c)) for c in counties[:200]], "form": form or {},
        }

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        user = request.user
        form = request.POST
        try:
            if form.get("action") == "managed_from":
                county = visible_unit(user, form.get("county"), level=Level.COUNTY)
                if county is None:
                    raise ValidationError({"managed_from": ["请选择管辖范围内的县（区）"]})
                day = _date(form.get("managed_from", ""))
                changed = services.set_managed_from(actor=user, county=county, day=day)
                messages.success(request, f"{county.name}的启用日期已设为 {services.managed_from(county):%Y-%m-%d}，"
                                          f"{changed} 个事项随之调整")
            else:
                within = (request.GET.get("within") or "").strip()
                rule = (request.GET.get("rule") or "").strip()
                items = selectors.legacy_items(user, within=within, rule=rule if rule in engine.rules() else "")
                try:
                    expected = int(form.get("expected", ""))
                except ValueError:
                    raise ValidationError("请确认要清理的事项数") from None
                cleared = services.clear_legacy(actor=user, items=items, expected=expected,
                                                outcome=form.get("outcome", ""), reason=form.get("note", ""))
                messages.success(request, f"已清理 {cleared} 项历史遗留事项")
        except (ValidationError, selectors.FilterError) as exc:
            errors = _errors(exc) if isinstance(exc, ValidationError) else [str(exc)]
            return render(request, self.template_name, self.context(errors=errors, form=form), status=400)
        return redirect(request.get_full_path())


class RuleListView(CapabilityRequiredMixin, TemplateView):
    """Every deadline rule the user's role sees, with its legal basis."""

    capability = "alerts.view"
    template_name = "alerts/rules.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="提醒规则", rules=engine.rules_for(self.request.user), **kwargs)
