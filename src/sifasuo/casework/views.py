"""Pages of the registers (generated from registers.SPECS) and of the mediation workflow."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from sifasuo.core.documents import CONTENT_TYPES, DocumentError, download_response
from sifasuo.core.forms import guard_id_number, keep_blank_id_number, run_form
from sifasuo.core.idnumbers import mask
from sifasuo.core.sensitive import reveal
from sifasuo.core.views import (CapabilityRequiredMixin, ExcelImportView, ScopedDetailView, ScopedListView,
                                ScopedQuerysetMixin)
from sifasuo.orgunits.selectors import unit_by_code, visible_unit

from . import documents, importers, selectors, services
from . import forms as case_forms
from .choices import CaseStatus, Outcome
from .models import MediationCase
from .registers import CASES, SPECS, RegisterSpec, filterset_for, form_for, import_columns

VIEW, EDIT = "casework.view", "casework.edit"
PRINT_LIMIT = 3000
MAX_UPLOAD = 30 * 1024 * 1024


class RegisterListView(ScopedListView):
    spec: RegisterSpec
    capability = VIEW
    create_capability = EDIT
    template_name = "casework/register_list.html"

    def get_queryset(self):
        return self.spec.queryset(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(spec=self.spec, print_url=reverse(f"casework:{self.spec.key}_print"))
        return context


class RegisterPrintView(ScopedQuerysetMixin, ListView):
    """The register laid out as the paper book: the unit, the period, numbered rows with ruled cells."""

    spec: RegisterSpec
    capability = VIEW
    template_name = "casework/register_print.html"

    def get_queryset(self):
        qs = self.spec.queryset(super().get_queryset())
        self.filterset = filterset_for(self.spec)(self.request.GET or None, queryset=qs, request=self.request)
        qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs
        return selectors.in_book_order(qs, self.spec)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"][:PRINT_LIMIT + 1])
        truncated = len(rows) > PRINT_LIMIT
        rows = rows[:PRINT_LIMIT]
        columns = [c for c in self.spec.columns if c.label != "单位"] if self._one_unit(rows) else self.spec.columns
        data = self.filterset.form.cleaned_data if self.filterset.is_bound and self.filterset.is_valid() else {}
        period = data.get("month") or " 至 ".join(
            d.strftime("%Y-%m-%d") for d in (data.get("since"), data.get("until")) if d) or "全部"
        unit = self.request.user.unit
        if data.get("within"):
            unit = visible_unit(self.request.user, data["within"]) or unit
        context.update(
            spec=self.spec, columns=columns, truncated=truncated, limit=PRINT_LIMIT, period=period,
            unit_name=unit.name if unit else "", printed_at=timezone.localtime(),
            table=[(i, [c.text(obj) for c in columns]) for i, obj in enumerate(rows, start=1)],
        )
        return context

    @staticmethod
    def _one_unit(rows) -> bool:
        return len({r.unit_id for r in rows}) <= 1

    def get(self, request, *args, **kwargs):
        """?download=docx or ?download=pdf: the same register (unit, period, columns, rows) as a Word or PDF file."""
        fmt = request.GET.get("download", "")
        if not fmt:
            return super().get(request, *args, **kwargs)
        if fmt not in CONTENT_TYPES:
            raise Http404("下载格式只能是 docx 或 pdf")
        self.object_list = self.get_queryset()
        c = self.get_context_data()
        name = f"{c['unit_name']}{self.spec.title}（{c['period']}）.{fmt}"
        try:
            content = documents.render(fmt, title=self.spec.title, unit_name=c["unit_name"], period=c["period"],
                                       headers=[col.label for col in c["columns"]], rows=c["table"],
                                       printed_at=c["printed_at"])
        except DocumentError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        return download_response(content, fmt, name)


def _detail_rows(obj, spec: RegisterSpec, user) -> list[tuple[str, str, bool]]:
    """(label, text, full) for every field of a register record; ID numbers through reveal()."""
    out = [("单位", f"{obj.unit.name}（{obj.unit.code}）", False)]
    for name in spec.fields:
        f = obj._meta.get_field(name)
        value = getattr(obj, name)
        full = False
        if name == "id_number":
            value, full = reveal(obj, name, user) if value else ("", False)
        elif f.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, datetime.date):
            value = value.strftime("%Y-%m-%d")
        out.append((str(f.verbose_name), "" if value is None else str(value), full))
    return out


class RegisterDetailView(ScopedDetailView):
    spec: RegisterSpec
    capability = VIEW
    template_name = "casework/register_detail.html"

    def get_queryset(self):
        return self.spec.queryset(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(spec=self.spec, rows=_detail_rows(self.object, self.spec, self.request.user),
                       can_edit=self.request.user.can(EDIT))
        if self.spec.key == "screenings":
            context["findings"] = selectors.round_findings(self.object, self.request.user)
        if self.spec.key == "committees":
            context["members"] = selectors.committee_members(self.object)
        return context


class RegisterFormView(CapabilityRequiredMixin, View):
    """New or edit: the form shapes the input, services.save_record applies the register's rules."""

    spec: RegisterSpec
    capability = EDIT
    template_name = "casework/register_form.html"

    def get_object(self, pk):
        if pk is None:
            return None
        return get_object_or_404(selectors.visible_records(self.model, self.request.user), pk=pk)

    def _initial(self, obj):
        if obj is None:
            initial = {k: v for k, v in self.request.GET.items() if k in self.spec.fields}
            return initial
        initial = {name: getattr(obj, name) for name in self.spec.fields}
        initial["unit_code"] = obj.unit.code
        return initial

    def _render(self, form, obj, status=200):
        return render(self.request, self.template_name, {"form": form, "object": obj, "spec": self.spec},
                      status=status)

    def _form(self, obj, *args, **kwargs):
        form = form_for(self.spec)(*args, user=self.request.user, **kwargs)
        if obj is not None and "id_number" in form.fields:  # the stored number is not sent to the browser
            guard_id_number(form, obj, self.request.user, reveal=bool(self.request.GET.get("reveal")))
        return form

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self._render(self._form(obj, initial=self._initial(obj)), obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = self._form(obj, request.POST)

        def save():
            unit = unit_by_code(form.cleaned_data["unit_code"])
            return services.save_record(actor=request.user, model=self.model,
                                        values=keep_blank_id_number(form, form.record_values(unit)), instance=obj)

        if ran := run_form(form, save, {"unit": "unit_code"}):
            messages.success(request, f"已保存{self.spec.verbose}「{ran.result}」")
            return redirect(ran.result.get_absolute_url())
        return self._render(form, obj, status=400)


class RegisterImportView(ExcelImportView):
    """A register's Excel import (core's import page: a file of more than 1,000 rows runs as a job)."""

    spec: RegisterSpec
    capability = EDIT
    template_name = "casework/register_import.html"
    max_upload_bytes = MAX_UPLOAD

    @property
    def columns(self):
        return import_columns(self.spec)

    @property
    def template_title(self) -> str:
        return self.spec.title

    def get_success_url(self) -> str:
        return reverse(f"casework:{self.spec.key}_list")

    def page_context(self, **kwargs) -> dict:
        return super().page_context(spec=self.spec, **kwargs)

    def import_rows(self, rows, user) -> str:
        count = len(importers.import_register(spec=self.spec, rows=rows, user=user))
        return f"导入成功：新增 {count} 条{self.spec.verbose}记录"


# --- mediation cases ------------------------------------------------------------------------------------

class CaseImportView(RegisterImportView):
    """Mediation cases stream their file (100,000 rows): checked and written batch by batch in one transaction."""

    spec = CASES
    model = MediationCase

    @property
    def columns(self):
        return importers.CASE_COLUMNS

    def import_file(self, handle, user, progress=None) -> str:
        count = importers.import_cases(content=handle, user=user, progress=progress)
        return f"导入成功：新增 {count} 条{self.spec.verbose}记录"


class CaseCreateView(CapabilityRequiredMixin, View):
    model = MediationCase
    capability = EDIT
    template_name = "casework/case_form.html"

    def finding(self, request):
        pk = request.GET.get("finding") or request.POST.get("finding")
        if not pk or not str(pk).isdigit():
            return None
        return get_object_or_404(selectors.visible_findings(request.user), pk=pk)

    def get(self, request):
        finding = self.finding(request)
        initial = {}
        if finding is not None:
            initial = {"unit_code": finding.unit.code, "dispute_type": finding.dispute_type, "source": "initiative",
                       "title": finding.description[:200], "applicant_name": finding.parties[:100],
                       "registered_on": datetime.date.today()}
        form = case_forms.CaseForm(user=request.user, initial=initial)
        return render(request, self.template_name, {"form": form, "finding": finding})

    def post(self, request):
        finding = self.finding(request)
        form = case_forms.CaseForm(request.POST, user=request.user)

        def register():
            d = form.cleaned_data
            return services.register_case(
                actor=request.user, unit=unit_by_code(d["unit_code"]), number=d["number"], source=d["source"],
                dispute_type=d["dispute_type"], title=d["title"], facts=d["facts"], amount=d["amount"],
                committee=d["committee"], registered_on=d["registered_on"], parties=form.parties(),
                finding=finding)

        if ran := run_form(form, register, {"unit": "unit_code", "parties": "applicant_name"}):
            messages.success(request, f"已登记调解案件 {ran.result.number}")
            return redirect(ran.result.get_absolute_url())
        return render(request, self.template_name, {"form": form, "finding": finding}, status=400)


STEPS = {
    # step: (form class, service, label, field map for errors)
    "accept": (case_forms.AcceptForm, services.accept_case, "受理", {}),
    "session": (case_forms.SessionForm, services.add_session, "登记调解", {}),
    "close": (case_forms.CloseForm, services.close_case, "结案", {"status": "outcome"}),
    "visit": (case_forms.VisitForm, services.record_visit, "回访", {}),
    "confirm": (case_forms.ConfirmationForm, services.apply_confirmation, "申请司法确认",
                {"confirmation_applied_on": "applied_on", "confirmation_court": "court"}),
    "archive": (case_forms.ArchiveForm, services.archive_case, "立卷归档", {}),
    "typical": (case_forms.TypicalForm, services.mark_typical, "报送典型案例", {}),
}


def _step_forms(case: MediationCase, bound: dict | None = None) -> dict:
    """The forms the case's state allows, keyed by step (a bound one replaces its blank twin)."""
    today = datetime.date.today()
    allowed = []
    if case.status == CaseStatus.REGISTERED:
        allowed = ["accept"]
    elif case.status == CaseStatus.ACCEPTED:
        allowed = ["session", "close"]
    elif case.status == CaseStatus.CLOSED:
        allowed = ["archive"]
        if case.outcome == Outcome.SUCCESS:
            allowed = ["visit", "confirm", "typical", "archive"]
    elif case.status == CaseStatus.ARCHIVED and case.outcome == Outcome.SUCCESS:
        allowed = ["visit", "typical"]
    if case.confirmation_applied_on and "confirm" in allowed:
        allowed.remove("confirm")
    if bound and bound.get("step") not in allowed:
        allowed.append(bound["step"])  # a refused step keeps its form, with the reason on it
    forms_by_step = {}
    for step in allowed:
        form_class = STEPS[step][0]
        kwargs = {"case": case} if step == "accept" else {}
        if bound and bound.get("step") == step:
            forms_by_step[step] = bound["form"]
            continue
        initial = {}
        date_field = next((n for n, f in form_class.base_fields.items() if n.endswith("_on")), None)
        if date_field:
            initial[date_field] = today
        if step == "typical":
            initial["title"] = case.title
        forms_by_step[step] = form_class(initial=initial, prefix=step, **kwargs)
    return {step: (STEPS[step][2], f) for step, f in forms_by_step.items()}


class CaseDetailView(ScopedDetailView):
    model = MediationCase
    capability = VIEW
    template_name = "casework/case_detail.html"
    select_related = ("unit", "committee")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(
            parties=[(p, mask(p.id_number)) for p in case.parties.all()],
            sessions=case.sessions.all(), visits=case.visits.all(),
            typical_entries=case.typical_entries.all(),
            step_forms=_step_forms(case, kwargs.get("bound")) if self.request.user.can(EDIT) else {},
            deadlines=_case_deadlines(case), still_open=_still_open(case, datetime.date.today()),
            can_delete=self.request.user.can(EDIT) and case.status == CaseStatus.REGISTERED,
        )
        return context


def _case_deadlines(case: MediationCase) -> list[tuple[str, str]]:
    from . import deadlines

    out = []
    if case.status in (CaseStatus.REGISTERED, CaseStatus.ACCEPTED):
        start = case.accepted_on or case.registered_on
        out.append(("调结期限", f"{deadlines.case_open_deadline(start):%Y-%m-%d}（受理后 30 日）"))
    if case.outcome == Outcome.SUCCESS and case.agreement_form == "written" and case.agreement_on:
        out.append(("司法确认申请期限",
                    f"{deadlines.confirmation_deadline(case.agreement_on):%Y-%m-%d}（协议生效后 30 日内）"))
    if case.outcome == Outcome.SUCCESS and case.closed_on and not case.last_visit_on:
        out.append(("回访期限", f"{deadlines.follow_up_deadline(case.closed_on):%Y-%m-%d}（结案后 30 日内）"))
    return out


def _still_open(case: MediationCase, today: datetime.date) -> list[str]:
    """What is still to be done on a closed (or archived) case: the party's application for judicial
    confirmation within its 30 days (《人民调解法》第三十三条), the follow-up visit (WH-9)."""
    from . import deadlines

    if case.status in (CaseStatus.REGISTERED, CaseStatus.ACCEPTED):
        return []
    out = []
    if (case.outcome == Outcome.SUCCESS and case.agreement_form == "written" and case.agreement_on
            and case.confirmation_wanted and not case.confirmation_applied_on):
        due = deadlines.confirmation_deadline(case.agreement_on)
        if due >= today:
            out.append(f"当事人申请司法确认：{due:%Y-%m-%d} 前（还剩 {(due - today).days} 天），申请后在本页登记")
    if case.outcome == Outcome.SUCCESS and case.closed_on and not case.last_visit_on:
        due = deadlines.follow_up_deadline(case.closed_on)
        late = "，已逾期" if due < today else ""
        out.append(f"回访协议履行情况：{due:%Y-%m-%d} 前{late}")
    return out


class CaseStepView(CapabilityRequiredMixin, View):
    """POST one step of the workflow; a refused step shows the case again with the reason on the form."""

    model = MediationCase
    capability = EDIT
    step = ""

    def get(self, request, pk):
        case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
        return HttpResponseRedirect(case.get_absolute_url())

    def post(self, request, pk):
        case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
        form_class, service, label, field_map = STEPS[self.step]
        kwargs = {"case": case} if self.step == "accept" else {}
        form = form_class(request.POST, prefix=self.step, **kwargs)

        def take_step():
            data = dict(form.cleaned_data)
            for key in ("agreement_form", "performance"):
                if key in data and data[key] is None:
                    data[key] = ""
            service(actor=request.user, case=case, **data)

        if run_form(form, take_step, field_map):
            messages.success(request, f"{case.number}：{label}已登记")
            return redirect(case.get_absolute_url())
        case.refresh_from_db()
        view = CaseDetailView()
        view.setup(request, pk=pk)
        view.object = case
        view.kwargs = {"pk": pk}
        context = view.get_context_data(object=case, bound={"step": self.step, "form": form})
        context["failed_step"] = self.step
        return render(request, CaseDetailView.template_name, context, status=400)


class RecordDeleteView(CapabilityRequiredMixin, View):
    """Delete a mistaken entry: GET asks for confirmation (or says why it cannot go), POST deletes it through
    services.delete_record (change-logged) and returns to the register."""

    spec: RegisterSpec
    capability = EDIT
    template_name = "casework/confirm_delete.html"

    def get_object(self, pk):
        # every field loaded (not the list's trimmed queryset): the change log keeps the whole deleted record
        return get_object_or_404(selectors.visible_records(self.model, self.request.user), pk=pk)

    def _render(self, request, obj, refusal: str, status=200):
        back = obj.get_absolute_url()
        return render(request, self.template_name, {"object": obj, "spec": self.spec, "refusal": refusal,
                                                    "back": back}, status=status)

    def get(self, request, pk):
        obj = self.get_object(pk)
        return self._render(request, obj, services.deletion_refusal(obj))

    def post(self, request, pk):
        obj = self.get_object(pk)
        label = str(obj)
        try:
            services.delete_record(actor=request.user, instance=obj)
        except ValidationError as exc:
            return self._render(request, obj, "；".join(exc.messages), status=400)
        messages.success(request, f"已删除{self.spec.verbose}：{label}")
        return redirect(reverse(f"casework:{self.spec.key}_list"))


# --- URLs ------------------------------------------------------------------------------------------------

def _cls(base, spec: RegisterSpec, suffix: str, **attrs):
    return type(f"{spec.model.__name__}{suffix}", (base,), {"model": spec.model, "spec": spec, **attrs})


def register_urls() -> list:
    patterns = []
    for spec in [CASES, *SPECS]:
        k = spec.key
        list_view = _cls(RegisterListView, spec, "ListView", filterset_class=filterset_for(spec), title=spec.title,
                         columns=spec.columns, create_url_name=f"casework:{k}_create",
                         import_url_name=f"casework:{k}_import" if spec.importable else "",
                         export_filename=spec.title)
        patterns += [
            path(f"{k}/", list_view.as_view(), name=f"{k}_list"),
            path(f"{k}/print/", _cls(RegisterPrintView, spec, "PrintView").as_view(), name=f"{k}_print"),
        ]
        if spec is CASES:
            patterns += [
                path("cases/new/", CaseCreateView.as_view(), name="cases_create"),
                path("cases/import/", CaseImportView.as_view(), name="cases_import"),
                path("cases/<int:pk>/", CaseDetailView.as_view(), name="cases_detail"),
                path("cases/<int:pk>/delete/", _cls(RecordDeleteView, spec, "DeleteView").as_view(),
                     name="cases_delete"),
                *[path(f"cases/<int:pk>/{step}/", CaseStepView.as_view(step=step), name=f"cases_{step}")
                  for step in STEPS],
            ]
            continue
        patterns += [
            path(f"{k}/new/", _cls(RegisterFormView, spec, "CreateView").as_view(), name=f"{k}_create"),
            path(f"{k}/<int:pk>/", _cls(RegisterDetailView, spec, "DetailView").as_view(), name=f"{k}_detail"),
            path(f"{k}/<int:pk>/edit/", _cls(RegisterFormView, spec, "EditView").as_view(), name=f"{k}_edit"),
            path(f"{k}/<int:pk>/delete/", _cls(RecordDeleteView, spec, "DeleteView").as_view(),
                 name=f"{k}_delete"),
        ]
        if spec.importable:
            patterns.append(path(f"{k}/import/", _cls(RegisterImportView, spec, "ImportView").as_view(),
                                 name=f"{k}_import"))
    return patterns


class RegistersIndexView(CapabilityRequiredMixin, View):
    """七簿二册: every register of the office with its count this month, as a start page."""

    model = MediationCase
    capability = VIEW

    def get(self, request):
        today = datetime.date.today()
        start = today.replace(day=1)
        rows = selectors.register_counts(request.user, [CASES, *SPECS], start, today)
        return render(request, "casework/index.html", {"rows": rows, "month": start})


