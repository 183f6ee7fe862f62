"""The alert inbox: every due and overdue item of the user's scope, from every module's rules."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from sifasuo.core import workdays
from sifasuo.core.exports import workbook_bytes, xlsx_response
from sifasuo.core.tables import Column, rows_html
from sifasuo.core.views import CapabilityRequiredMixin

from . import engine, selectors
from .engine import STATE_LABELS


def _columns(on: datetime.date, names: dict[int, str], rules: dict) -> list[Column]:
    return [
        Column("状态", lambda a: STATE_LABELS[a.state(on)]),
        Column("期限", "due"),
        Column("逾期天数", lambda a: max(a.days_overdue(on), 0)),
        Column("单位", lambda a: names.get(a.unit_id, "")),
        Column("事项", "subject", link=True),
        Column("提醒", "message"),
        Column("规则", lambda a: rules[a.rule].title),
        Column("依据", lambda a: rules[a.rule].basis),
    ]


class InboxView(CapabilityRequiredMixin, TemplateView):
    capability = "alerts.view"
    template_name = "alerts/inbox.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        flt, errors = selectors.parse_filter(request.GET, today)
        try:
            alerts = selectors.inbox(request.user, flt)
        except selectors.FilterError as exc:
            errors.append(str(exc))
            alerts = []
        rules = engine.rules()
        if request.GET.get("export") == "xlsx":
            names = selectors.unit_names(alerts)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            return xlsx_response(f"待办提醒-{stamp}.xlsx",
                                 workbook_bytes("待办提醒", _columns(flt.on, names, rules), alerts))
        page = Paginator(alerts, self.paginate_by).get_page(request.GET.get("page"))
        names = selectors.unit_names(list(page.object_list))
        columns = _columns(flt.on, names, rules)
        rows = [[(c.text(a), (a.url or None) if c.link else None) for c in columns] for a in page.object_list]
        query = request.GET.copy()
        query.pop("page", None)
        my_rules = engine.rules_for(request.user)
        context = self.get_context_data(
            title="待办提醒", flt=flt, errors=errors, page_obj=page, paginator=page.paginator,
            is_paginated=page.paginator.num_pages > 1, columns=columns,
            table_body=rows_html(rows, empty="没有符合条件的提醒事项", width=len(columns)),
            summary=selectors.counts_by_rule(alerts, flt.on) if not (flt.state or flt.q) else [],
            overdue=sum(1 for a in alerts if a.state(flt.on) == "overdue"),
            modules=sorted({r.module for r in my_rules}), rules=my_rules, states=STATE_LABELS.items(),
            querystring=query.urlencode(),
            calendar_note=workdays.estimate_note(flt.on, *(a.due for a in alerts)))
        return self.render_to_response(context)


class RuleListView(CapabilityRequiredMixin, TemplateView):
    """Every deadline rule the user's role sees, with its legal basis."""

    capability = "alerts.view"
    template_name = "alerts/rules.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="提醒规则", rules=engine.rules_for(self.request.user), **kwargs)
