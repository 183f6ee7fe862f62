"""Pages of reporting: submission status of the units below, a unit's report (fill in, submit, approve,
return, unlock), the list of reports, statistical tables (Excel, PDF) and the templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sifasuo.core.documents import DocumentError, download_response
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import run_form, run_step
from sifasuo.core.scoping import EDIT, VIEW
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ReplicaReadsMixin, ScopedDetailView, ScopedListView
from sifasuo.orgunits.choices import Level

from . import live, periods, selectors, services, tables
from .choices import FieldSource, ReportStatus, Severity
from .filters import ReportFilterSet
from .forms import (
    BLANK_FIELD_ROWS,
    BLANK_RULE_ROWS,
    OP_CHOICES,
    ReturnForm,
    TemplateForm,
    compiled_elements,
    UnlockForm,
    posted_rows,
    template_rows,
)
from .models import Report, ReportTemplate
from .pageparams import period_from, template_from, unit_from

MISSING_SHOWN = 200


class StatusView(ReplicaReadsMixin, CapabilityRequiredMixin, View):
    """报表上报情况: which units below have (not) reported, completeness and timeliness."""

    model = Report
    capability = "reporting.view"

    def get(self, request):
        unit = unit_from(request)
        template = template_from(request)
        if unit is None or template is None:
            raise Http404
        start = period_from(request, template)
        rows = selectors.status_table(template=template, start=start, unit=unit) if unit.level < template.unit_level else []
        summary = selectors.completeness(template=template, start=start, unit=unit, by_children=False)
        missing, missing_count = [], 0
        if unit.level < template.unit_level:   # a province's 1,800 offices: the count, and the first ones (D52)
            pending = selectors.missing_units(template=template, start=start, unit=unit)
            missing = list(pending[:MISSING_SHOWN])
            missing_count = len(missing) if len(missing) < MISSING_SHOWN else pending.count()
        own = selectors.report_of(template=template, unit=unit, start=start)
        context = {
            "title": "报表上报情况", "unit": unit, "template": template, "start": start,
            "period_label": periods.label(template.period_type, start),
            "deadline": services.deadline_for(template, start),
            "templates": selectors.active_templates(),
            "rows": rows, "summary": summary[0] if summary else None, "missing": missing, "own": own,
            "missing_count": missing_count,
            "can_approve": request.user.can("reporting.approve"), "aggregate_level": unit.level < template.unit_level,
            "period_value": f"{start:%Y-%m}",
        }
        return render(request, "reporting/status.html", context)


class OpenReportView(CapabilityRequiredMixin, View):
    """The user's own unit's report for a period (compiled on first opening)."""

    model = Report
    capability = "reporting.view"

    def get(self, request):
        unit = getattr(request.user, "unit", None)
        template = template_from(request)
        # rendered in place (not redirected), so the address stays /reporting/mine/?period=…
        if unit is None or template is None or unit.level > template.unit_level:
            return StatusView.as_view()(request)
        start = period_from(request, template)
        report = selectors.report_of(template=template, unit=unit, start=start)
        if report is None:
            if not request.user.can("reporting.submit"):
                return StatusView.as_view()(request)
            report = services.report_for(template=template, unit=unit, start=start)
        return ReportDetailView.as_view()(request, pk=report.pk)


class ReportListView(ScopedListView):
    model = Report
    capability = "reporting.view"
    filterset_class = ReportFilterSet
    title = "统计报表"
    columns = [
        Column("填报单位", "unit__name", link=True),
        Column("报表", "template__name"),
        Column("统计期", "period_label"),
        Column("截止日期", "deadline"),
        Column("状态", "status"),
        Column("上报时间", "submitted_at"),
        Column("按时", lambda r: "" if r.on_time is None else ("按时" if r.on_time else "逾期")),
        Column("退回意见", "return_comment"),
    ]


class ReportDetailView(ScopedDetailView):
    model = Report
    capability = "reporting.view"
    template_name = "reporting/report_detail.html"
    select_related = ("template", "unit", "unit__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        fields = [{**f, "value": report.values.get(f["code"])} for f in report.template.fields]
        locked = services.is_locked(report)
        parent_path = report.unit.ancestor_paths()[-2] if report.unit.level > Level.PROVINCE else None
        is_parent = user.unit is not None and user.unit.path == parent_path
        own = user.unit_id == report.unit_id
        hub_reviewer = (user.can("reporting.hub_review") and user.unit_id is not None
                        and report.unit.hub_id == user.unit_id and report.status == ReportStatus.SUBMITTED)
        context.update(
            can_hub_review=hub_reviewer,
            fields=fields, locked=locked, events=selectors.events_of(report),
            can_edit=own and user.can("reporting.submit") and not locked,
            can_submit=own and user.can("reporting.submit") and not locked,
            can_review=is_parent and user.can("reporting.approve") and report.status == ReportStatus.SUBMITTED,
            can_unlock=(user.can("reporting.approve") and user.unit is not None and report.unit.path != user.unit.path
                        and report.status in services.OPEN_STATUSES and locked),
            return_form=ReturnForm(), unlock_form=UnlockForm(),
            blocking_preview=services.check_rules(report.template, report.values)[0],
            is_aggregate=report.unit.level < report.template.unit_level,
            pending=services.pending_children(report) if report.unit.level < report.template.unit_level else [],
            manual=FieldSource.MANUAL,
            unlock_hint=services.unlock_hint(report) if own and locked and report.status in services.OPEN_STATUSES
            else "",
            # the unit's own report: a picker to open another period of it (本单位报表)
            own_periods_url=reverse("reporting:open") if own else "",
            period_value=f"{report.period_start:%Y-%m}",
        )
        return context


class _ReportAction(CapabilityRequiredMixin, View):
    model = Report
    capability = "reporting.submit"
    scope_action = EDIT

    def post(self, request, pk):
        report = get_object_or_404(selectors.visible_reports(request.user, self.scope_action), pk=pk)
        if ran := run_step(request, lambda: self.act(request, report)):
            messages.success(request, ran.result)
        return redirect(report.get_absolute_url())


class SaveValuesView(_ReportAction):
    def act(self, request, report):
        manual = [f["code"] for f in report.template.fields if f["source"] == FieldSource.MANUAL]
        services.save_values(actor=request.user, report=report, values={c: request.POST.get(c, "") for c in manual})
        return "已保存填报数值"


class SubmitView(_ReportAction):
    def act(self, request, report):
        report = services.submit(actor=request.user, report=report)
        return "报表已上报" + ("（按时）" if report.on_time else "（已过截止日期，记为逾期上报）")


class ApproveView(_ReportAction):
    capability = "reporting.approve"

    def act(self, request, report):
        services.approve(actor=request.user, report=report)
        return f"已审核通过「{report.unit.name}」的报表"


class ReturnView(_ReportAction):
    capability = "reporting.approve"

    def act(self, request, report):
        services.return_report(actor=request.user, report=report, comment=request.POST.get("comment", ""))
        return f"已退回「{report.unit.name}」的报表"


class HubReviewView(_ReportAction):
    """A hub office's staff mark a cluster member's submitted report as reviewed (HZ-1, HZ-3): the report is
    read within the hub's cluster (D37); the service checks that the user's unit is that office's hub."""

    capability = "reporting.hub_review"
    scope_action = VIEW

    def act(self, request, report):
        services.hub_review(actor=request.user, report=report, comment=request.POST.get("comment", ""))
        return f"已审阅「{report.unit.name}」的报表，县级司法局审核时可见"


class HubReturnView(HubReviewView):
    def act(self, request, report):
        services.hub_return(actor=request.user, report=report, comment=request.POST.get("comment", ""))
        return f"已退回「{report.unit.name}」的报表，请该所修改后重新上报"


class UnlockView(_ReportAction):
    capability = "reporting.approve"

    def act(self, request, report):
        try:
            days = int(request.POST.get("days") or 3)
        except ValueError:
            raise ValidationError({"days": ["解锁天数应填写 1 至 30 的整数"]}) from None
        services.unlock(actor=request.user, report=report, reason=request.POST.get("reason", ""), days=days)
        return "已解锁，下级单位可在期限内补报"


def _requested_table(request):
    """The statistical table the query asks for (?unit=&template=&period=): (table, template, start, unit)."""
    unit = unit_from(request)
    template = template_from(request)
    if unit is None or template is None:
        raise Http404
    start = period_from(request, template)
    basis = tables.OFFICIAL if request.GET.get("basis") == tables.OFFICIAL else tables.LIVE
    if basis == tables.LIVE:
        # anything still marked stale, and live months never computed, are computed before reading (D55)
        end = periods.period_end(template.period_type, start)
        live.ensure_current(unit.path, start, end, refresh_old=False)
    return tables.build(template=template, start=start, unit=unit, basis=basis), template, start, unit


class StatTableView(ReplicaReadsMixin, CapabilityRequiredMixin, View):
    """统计汇总表: units below as rows, the report's fields as columns, totals; ?export=xlsx or pdf."""

    model = Report
    capability = "reporting.view"

    def get(self, request):
        export = request.GET.get("export")
        if export in ("xlsx", "pdf"):
            unit = unit_from(request)
            if unit is not None and unit.level <= Level.CITY:
                # A city's or the province's table compiles hundreds of units: a job (core/jobs.py).
                from .jobs import stat_table

                job = stat_table.start(user=request.user, title=f"统计汇总表（{unit.name}，{export.upper()}）",
                                       params={"path": request.path, "query": request.GET.urlencode()},
                                       next_url=reverse("reporting:table") + "?" + _without(request, "export"))
                return redirect(job)
        table, template, start, unit = _requested_table(request)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if export == "xlsx":
            return xlsx_response(f"{table.title}-{stamp}.xlsx", tables.xlsx(table))
        if export == "pdf":
            try:
                content = tables.pdf(table)
            except DocumentError as exc:
                return render(request, "reporting/table.html", self._context(table, template, start, unit, str(exc)),
                              status=503)
            return download_response(content, "pdf", table.title + ".pdf")
        return render(request, "reporting/table.html", self._context(table, template, start, unit))

    def _context(self, table, template, start, unit, error=""):
        return {"title": "统计汇总表", "table": table, "template": template, "unit": unit, "error": error,
                "templates": selectors.active_templates(), "period_value": f"{start:%Y-%m}",
                "query": self.request.GET.urlencode(), "bases": tables.BASES}


def _without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


class StartCompileView(CapabilityRequiredMixin, View):
    """汇总生成本期报表 / 重新汇总数据项 for a county, city or the province: started here, run as a job."""

    model = Report
    capability = "reporting.approve"

    def post(self, request):
        from . import jobs

        unit = unit_from(request)
        template = template_from(request)
        if unit is None or template is None or unit.level >= template.unit_level:
            raise Http404("只能汇总下级单位的报表")
        start = period_from(request, template)
        params = {"template": template.code, "start": start.isoformat(), "unit": unit.code,
                  "year": start.year}
        back = reverse("reporting:status") + f"?unit={unit.code}&template={template.code}&period={start:%Y-%m}"
        if request.POST.get("what") == "aggregates":
            job = jobs.refresh_year.start(user=request.user, title=f"重新汇总数据项（{unit.name}，{start.year}年）",
                                          params=params, next_url=back)
        else:
            label = periods.label(template.period_type, start)
            job = jobs.compile_period.start(user=request.user,
                                            title=f"汇总生成报表（{unit.name}{label}《{template.name}》）",
                                            params=params, next_url=back)
        return redirect(job)


class TemplateListView(CapabilityRequiredMixin, View):
    model = ReportTemplate
    capability = "reporting.view"

    def get(self, request):
        services.ensure_templates()
        return render(request, "reporting/templates.html",
                      {"title": "报表模板", "templates": selectors.all_templates(),
                       "can_edit": request.user.can("reporting.templates")})


class StatTablePrintView(ReplicaReadsMixin, CapabilityRequiredMixin, View):
    """统计汇总表（打印）: the table on A4 landscape as a bureau sends it upward — title, reporting unit and
    period, units below as rows, the report's fields as columns, 合计, and the lines for signatures."""

    model = Report
    capability = "reporting.view"

    def get(self, request):
        table, template, _, _ = _requested_table(request)
        return render(request, "reporting/table_print.html", {
            "table": table, "printed_at": timezone.localtime(),
            "period_label": periods.label(template.period_type, table.start),
            "back": f"{reverse('reporting:table')}?{request.GET.urlencode()}"})


# --- report templates (province) ------------------------------------------------------------------------

class TemplateEditView(CapabilityRequiredMixin, View):
    """新建或修改报表模板 (?template=code edits one): name, period, level, deadline rule, fields (compiled from a
    data element or typed in) and validation rules with severity. The province only; changes are logged."""

    model = ReportTemplate
    capability = "reporting.templates"
    creating = False

    def _template(self, request) -> ReportTemplate | None:
        if self.creating:
            return None
        code = (request.GET.get("template") or "").strip()
        template = selectors.template_by_code(code)
        if template is None:
            raise Http404("报表模板不存在")
        return template

    def dispatch(self, request, *args, **kwargs):
        if not self.creating and not request.GET.get("template") and request.user.is_authenticated \
                and request.user.can(self.capability):
            return redirect("reporting:templates")  # which template: chosen on the list
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        template = self._template(request)
        if template is None:
            form = TemplateForm(initial={"period_type": "month", "unit_level": Level.OFFICE, "deadline_day": 3,
                                         "order": selectors.all_templates().count() + 1, "active": True})
            return self._render(request, None, form, [], [], [])
        form = TemplateForm(initial={name: getattr(template, name) for name in TemplateForm.base_fields
                                     if name != "code"} | {"code": template.code})
        return self._render(request, template, form, template.fields, template.rules, [])

    def post(self, request):
        template = self._template(request)
        form = TemplateForm(request.POST)
        fields, rules, errors = template_rows(request.POST)

        def save():
            values = {k: v for k, v in form.cleaned_data.items() if k != "code"} | {"fields": fields, "rules": rules}
            if template is None:
                saved = services.create_template(actor=request.user, code=form.cleaned_data["code"], **values)
                return f"已建立报表模板「{saved.name}」"
            saved = services.update_template(actor=request.user, template=template, **values)
            return f"已保存报表模板「{saved.name}」"

        if not errors and (ran := run_form(form, save)):
            messages.success(request, ran.result)
            return redirect("reporting:templates")
        typed_fields, typed_rules = posted_rows(request.POST)
        return self._render(request, template, form, typed_fields, typed_rules, errors, status=400,
                            choosable=fields or (template.fields if template else []))

    def _render(self, request, template, form, fields, rules, errors, status=200, choosable=None):
        blank_field = {"code": "", "label": "", "source": FieldSource.COMPILED, "element": ""}
        blank_rule = {"left": "", "op": "<=", "right": "", "severity": Severity.BLOCKING, "message": ""}
        field_rows = list(fields) + [blank_field] * BLANK_FIELD_ROWS
        return render(request, "reporting/template_form.html", {
            "title": f"修改报表模板：{template.name}" if template else "新建报表模板",
            "template_obj": template, "form": form, "row_errors": errors,
            "field_rows": field_rows, "rule_rows": list(rules) + [blank_rule] * BLANK_RULE_ROWS,
            "field_codes": [(f["code"], f["label"]) for f in (fields if choosable is None else choosable)],
            "elements": compiled_elements(), "ops": OP_CHOICES, "severities": Severity.choices,
            "sources": FieldSource.choices, "report_count": template.reports.count() if template else 0,
        }, status=status)
