"""Pages of the working-day calendar (节假日安排): every year the calendar knows, one year as its notice reads,
and the form in which a province administrator enters a year from the State Council's notice.

Years are chosen with `?year=`, so the pages have no URL arguments and need no scoping: the calendar is
national and holds no unit's records.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from . import holidays, workdays
from .forms import Form, run_form
from .models import CalendarYear
from .views import CapabilityRequiredMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "请输入有效日期，格式如 2027-01-01"}


class CalendarYearForm(Form):
    notice_title = forms.CharField(label="通知标题", max_length=200,
                                   help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    notice_issued_on = forms.DateField(label="通知印发日期", widget=DATE_WIDGET, error_messages=DATE_ERRORS)


class EntryForm(Form):
    """One line of the notice; a line without a name and dates is ignored."""

    name = forms.CharField(label="节日", max_length=30, required=False)
    kind = forms.ChoiceField(label="类别", choices=holidays.KIND_CHOICES)
    start = forms.DateField(label="日期（放假开始）", widget=DATE_WIDGET, required=False, error_messages=DATE_ERRORS)
    end = forms.DateField(label="放假截止", widget=DATE_WIDGET, required=False, error_messages=DATE_ERRORS,
                          help_text="调休上班不填")

    def entry(self) -> holidays.Entry | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or (not data.get("name") and not data.get("start")):
            return None
        if data.get("start") is None:
            self.add_error("start", "请填写日期")
            return None
        return holidays.Entry(name=data.get("name") or "", kind=data["kind"], start=data["start"],
                              end=data.get("end"))


EntryFormSet = forms.formset_factory(EntryForm, extra=1, can_delete=True, max_num=60)


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and holidays.FIRST_YEAR <= int(value) <= holidays.LAST_YEAR else None


class CalendarView(CapabilityRequiredMixin, View):
    """Every year of the calendar, or (?year=) one year's holidays and adjusted working days."""

    model = CalendarYear
    capability = "calendar.view"

    def get(self, request):
        today = datetime.date.today()
        year = _year(request)
        if year is not None:
            calendar = CalendarYear.objects.filter(year=year).select_related("unit").first()
            return render(request, "core/calendar_year.html", {
                "year": year, "calendar": calendar, "title": f"{year}年节假日安排",
                "groups": holidays.year_summary(calendar) if calendar else [],
                "known": workdays.is_known_year(year),
                "can_manage": request.user.can("calendar.manage"),
            })
        years = (CalendarYear.objects.annotate(off=Count("days", filter=Q(days__is_working=False)),
                                               worked=Count("days", filter=Q(days__is_working=True)))
                 .order_by("-year"))
        return render(request, "core/calendar_list.html", {
            "title": "节假日安排（工作日历）", "years": years, "missing": holidays.missing_years(today),
            "can_manage": request.user.can("calendar.manage"), "next_year": today.year + 1,
        })


class CalendarEditView(CapabilityRequiredMixin, View):
    """A province administrator enters or corrects one year (?year=) from the State Council's notice."""

    model = CalendarYear
    capability = "calendar.manage"
    template_name = "core/calendar_form.html"

    def forms(self, year, data=None):
        calendar = CalendarYear.objects.filter(year=year).first()
        initial = {}
        lines = []
        if calendar is not None:
            initial = {"notice_title": calendar.notice_title, "notice_issued_on": calendar.notice_issued_on}
            lines = [{"name": e.name, "kind": e.kind, "start": e.start, "end": e.end}
                     for e in holidays.entries_of(calendar)]
        else:
            initial = {"notice_title": f"国务院办公厅关于{year}年部分节假日安排的通知"}
        form = CalendarYearForm(data, initial=initial)
        # Posted lines are taken as they are: with the stored lines as `initial`, a line posted unchanged
        # would count as an untouched extra form and be dropped.
        formset = EntryFormSet(data, prefix="entries", initial=None if data is not None else lines or None)
        return calendar, form, formset

    def render(self, year, calendar, form, formset, status=200):
        return render(self.request, self.template_name, {
            "year": year, "calendar": calendar, "form": form, "formset": formset,
            "title": f"录入{year}年节假日安排",
        }, status=status)

    def get(self, request):
        year = _year(request)
        if year is None:
            messages.error(request, "请指定要录入的年度（2000至2100年）")
            return redirect("core:calendar")
        return self.render(year, *self.forms(year))

    def post(self, request):
        year = _year(request)
        if year is None:
            messages.error(request, "请指定要录入的年度（2000至2100年）")
            return redirect("core:calendar")
        calendar, form, formset = self.forms(year, request.POST)
        # The entries once every row is valid (a row with a name and no date gets its error here).
        entries = [e for e in (f.entry() for f in formset.forms) if e is not None] if formset.is_valid() else None

        def save():
            return holidays.save_year(actor=request.user, year=year, entries=entries,
                                      notice_title=form.cleaned_data["notice_title"],
                                      notice_issued_on=form.cleaned_data["notice_issued_on"])

        if entries is not None and not any(f.errors for f in formset.forms) and (
                ran := run_form(form, save, {"entries": "__all__", "year": "__all__"})):
            messages.success(request, f"已保存{year}年节假日安排（{ran.result.notice_title}）")
            return redirect(reverse("core:calendar") + f"?year={year}")
        return self.render(year, calendar, form, formset, status=400)
