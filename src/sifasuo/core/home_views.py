"""The home page: the workbench (工作台) of the user's role (core.workbench)."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.views.generic import TemplateView

from . import workbench
from .models import ChangeLogEntry
from .navigation import quick_actions
from .scoping import restrict

WEEKDAYS = "一二三四五六日"


class HomeView(LoginRequiredMixin, TemplateView):
    """What each role does first: what waits for a decision, the user's unfinished work, this month's report,
    the alerts, the key figures of the scope and the quick actions; each section only for the roles that may
    see it."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from sifasuo.accounts.roles import ADMINS
        from sifasuo.orgunits.choices import Level
        from sifasuo.orgunits.models import OrgUnit

        from .holidays import missing_years

        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = datetime.date.today()
        counts = {}
        if user.can("org.view") and user.unit_id and user.unit.level < Level.OFFICE:
            rows = (restrict(OrgUnit.objects.filter(closed_on__isnull=True), user)
                    .values("level").annotate(n=Count("id")).order_by("level"))
            counts = {Level(r["level"]).label: r["n"] for r in rows if r["level"] > user.unit.level}
        recent = []
        if user.can("changelog.view"):
            # the keys first (from the unit_path index alone), then those rows (D52)
            keys = list(restrict(ChangeLogEntry.objects.all(), user).values_list("pk", flat=True)[:6])
            recent = list(restrict(ChangeLogEntry.objects.filter(pk__in=keys), user)
                          .select_related("content_type", "user"))
        decide, drafts = workbench.waiting(user)
        context.update(
            title="工作台", today=today, weekday=WEEKDAYS[today.weekday()], unit_counts=counts,
            recent_changes=recent, quick=quick_actions(user), decide=decide, drafts=drafts,
            queue_kinds=workbench.kinds_for(user),
            panels=workbench.shown_panels(self.request, today),
            calendar_missing=missing_years(today) if (user.role in ADMINS or user.is_superuser) else [],
            can_enter_calendar=user.can("calendar.manage"))
        return context
