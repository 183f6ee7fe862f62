"""Pages of indicators: the dashboard of a level (indicators against targets, trends, ranking of the units
below, reports missing, overdue alerts), indicator definitions and targets, office assessment and funds."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from sifasuo.core import dataversion
from sifasuo.core.forms import run_step
from sifasuo.core.exports import table_response
from sifasuo.core.tables import Column
from sifasuo.core.views import (CapabilityRequiredMixin, ExcelImportView, ReplicaReadsMixin, ScopedDetailView,
                                ScopedListView, paged)
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.selectors import offices_under, unit_with_code
from sifasuo.reporting import live, periods
from sifasuo.reporting import selectors as report_selectors
from sifasuo.reporting.models import AggregateValue
from sifasuo.reporting.official import reported_elements
from sifasuo.reporting.pageparams import unit_or_404, year_month_from

from . import exports, importers, selectors, services
from .catalog import INDICATORS
from .choices import CriterionSource, FundFormula, Method, NoDataRule
from .defaults import default_items_for
from .filters import SchemeFilterSet
from .models import AnnualAssessment, OfficeScore, ScoringScheme
from .targets import files_for, targets_for

# the 无数据 badge is for a period without data only; a figure without a target says so (未设目标)
STATUS_LABELS = {"green": "达标", "amber": "接近目标", "red": "未达标", "nodata": "无数据", "notarget": "未设目标"}
MISSING_SHOWN = 20   # offices named under "尚未上报"; the rest counted (D52)


def _fmt(value):
    return "" if value is None else (int(value) if float(value).is_integer() else value)


def _live_label(freshness) -> str:
    """实时数据，更新于 2026-12-04 10:05 (D53): what every live table and export says of itself."""
    if freshness.computed_at is None:
        return "实时数据"
    return f"实时数据，更新于 {timezone.localtime(freshness.computed_at):%Y-%m-%d %H:%M}"


def _official_label(official) -> str:
    return f"正式数据：已审核月报 {official.approved}/{official.expected} 个司法所·月"


def _official_cell(indicator):
    return _fmt(indicator.value) if indicator.covered else "月报不含"


def figures_version() -> str:
    """What the dashboard's cards and ranking are drawn from, for their cached fragments (issue 15): the live
    and official figures' data versions and today (a month turning past, a status). Targets come from policy
    files, read again at most 300 seconds later (the fragments' lifetime)."""
    return "|".join([dataversion.current("aggregates"), dataversion.current("aggregates-official"),
                     datetime.date.today().isoformat()])


class DashboardView(ReplicaReadsMixin, CapabilityRequiredMixin, View):
    """工作指标看板: one per level; every chart's data is downloadable (?export=…&as=csv|xlsx)."""

    model = AggregateValue
    capability = "indicators.view"

    def get(self, request):
        unit = unit_or_404(request)
        year, month = year_month_from(request)
        start, end = selectors.period_bounds(year, month)
        read_from = periods.add_months(start, -11) if month else start  # the trend reaches back a year
        # anything still marked stale, and live months never computed, are computed before reading (D55)
        live.ensure_current(unit.path, read_from, end, refresh_old=False)
        data = selectors.dashboard(unit, year, month, request.GET.get("rank", "mediation_success_rate"),
                                   user=request.user)
        data["freshness"] = live.freshness(unit, read_from, end)
        carried = reported_elements()
        data["official"] = selectors.official_figures(unit, start, end, data["indicators"], data["totals"], carried)
        data["late"] = selectors.late_entries(unit, start, end, carried) if data["official"].past else []
        export = request.GET.get("export")
        if export:
            fmt = export if export in ("xlsx", "csv") else request.GET.get("as", "xlsx")
            return self._export(export, data, fmt)
        template = report_selectors.monthly_template()
        completeness, missing, missing_count = None, [], 0
        if template is not None and unit.level <= Level.OFFICE:
            start = datetime.date(year, month or 12, 1) if month else periods.previous_period("month", datetime.date.today())
            rows = report_selectors.completeness(template=template, start=start, unit=unit, by_children=False)
            completeness = rows[0] if rows else None
            if unit.level < Level.OFFICE:
                pending = report_selectors.missing_units(template=template, start=start, unit=unit)
                missing = list(pending[:MISSING_SHOWN])   # the count, and the first ones (D52)
                missing_count = len(missing) if len(missing) < MISSING_SHOWN else pending.count()
            report_period = start
        else:
            report_period = None
        breadcrumb = [u for u in unit.ancestors() if request.user.is_superuser or
                      (request.user.unit and u.path.startswith(request.user.unit.path))] + [unit]
        chart = {
            "trend": data["trend"],
            "names": {i.code: i.name for i in data["shown"]},
            "ranking": {"units": [r["unit"].name for r in data["ranking"]],
                        "values": [r["values"][data["rank_by"].code] for r in data["ranking"]],
                        "name": data["rank_by"].name},
            "targets": [{"name": i.name, "value": i.value, "target": i.target.value if i.target else None,
                         "status": i.status} for i in data["indicators"] if i.unit == "%"],
        }
        query = request.GET.copy()
        query.pop("export", None)
        query.pop("as", None)
        return render(request, "indicators/dashboard.html", {
            "title": "工作指标看板", **data, "year": year, "month": month, "chart": chart,
            "completeness": completeness, "missing": missing, "missing_count": missing_count,
            "report_period": report_period,
            "breadcrumb": breadcrumb, "status_labels": STATUS_LABELS, "indicator_list": data["shown"],
            "querystring": query.urlencode(), "months": range(1, 13), "live_label": _live_label(data["freshness"]),
            "official_label": _official_label(data["official"]), "live_from": live.window()[0],
            "live_to": live.window()[1],
            "years": range(datetime.date.today().year - 3, datetime.date.today().year + 1),
            "figures_version": figures_version(),
        })

    def _export(self, kind, data, fmt):
        unit = data["unit"]
        label = f"{data['start']:%Y-%m}至{data['end']:%Y-%m}"
        live_label = _live_label(data["freshness"])
        if kind == "indicators":
            official = data["official"]
            rows = [[i.name, _fmt(i.value), _official_cell(official.indicators[i.code]),
                     _fmt(official.indicators[i.code].difference) if official.indicators[i.code].flagged else "",
                     i.unit, i.target.text if i.target else "", STATUS_LABELS[i.status], i.basis]
                    for i in data["indicators"]]
            return table_response(
                f"{unit.name}工作指标{label}",
                ["指标", f"数值（{live_label}）", f"正式数值（{_official_label(official)}）", "实时与正式之差",
                 "单位", "目标", "状态", "依据"], rows, fmt)
        if kind == "trend":
            months = data["trend"]["months"]
            rows = [[i.name, *[_fmt(v) for v in data["trend"]["series"][i.code]]] for i in data["shown"]]
            return table_response(f"{unit.name}指标月度趋势{label}", [f"指标（{live_label}）", *months], rows, fmt)
        if kind in ("ranking", "xlsx", "csv"):
            rows = [[r["rank"] if r["rank"] is not None else "", r["unit"].name,
                     *[_fmt(r["values"][i.code]) for i in data["shown"]]] for r in data["ranking"]]
            return table_response(f"{unit.name}下级单位排名{label}",
                                  ["名次", f"单位（{live_label}）", *[i.name for i in data["shown"]]], rows, fmt)
        raise Http404


class AlertsFragment(CapabilityRequiredMixin, View):
    """Overdue alerts under the dashboard's unit (loaded after the page, so the page stays light)."""

    model = AggregateValue
    capability = "indicators.view"

    def get(self, request):
        from sifasuo.alerts import selectors as alert_selectors

        unit = unit_or_404(request)
        counts, total = alert_selectors.overdue_under(request.user, unit, datetime.date.today())
        return render(request, "indicators/_alerts.html", {"counts": counts, "total": total, "unit": unit})


class TargetsView(CapabilityRequiredMixin, View):
    model = AggregateValue
    capability = "indicators.view"

    def get(self, request):
        unit = unit_or_404(request)
        targets = targets_for(unit.path)
        files = files_for(unit.path)
        return render(request, "indicators/targets.html", {
            "title": "指标与目标", "unit": unit, "files": files,
            "rows": [(i, targets.get(i.code)) for i in INDICATORS]})


SUBMISSION_ROWS_PER_PAGE = 100   # a province has 1,807 offices: the table is read a page at a time
BELOW_NAMED = 100                # the offices below a minimum named at the top; the count is of all of them


class SubmissionsView(CapabilityRequiredMixin, View):
    """每月报送情况 (HZ-3, HZ-6): every office's news, information items and typical cases of a month against
    its minimums, the offices below named, averages beside; for a hub office, its cluster (片区工作): the
    members' monthly reports to review, the cluster's typical cases and the hub's cluster staff (HZ-1)."""

    model = AggregateValue
    capability = "indicators.view"

    def get(self, request):
        unit = unit_or_404(request)
        month = periods.parse_month(request.GET.get("month", "")) or periods.previous_period(
            "month", datetime.date.today())
        data = selectors.submission_check(unit, month)
        context = {"title": "每月报送情况" if not unit.is_hub else "片区工作", **data,
                   "month_value": f"{month:%Y-%m}", "hub": unit if unit.is_hub else None,
                   **paged(request, data["rows"], SUBMISSION_ROWS_PER_PAGE),
                   "below_shown": data["below"][:BELOW_NAMED]}
        if unit.is_hub:
            template = report_selectors.monthly_template()
            context["member_reports"] = (report_selectors.cluster_reports(template=template, start=month, hub=unit)
                                         if template else [])
            context["can_hub_review"] = request.user.can("reporting.hub_review") and request.user.unit_id == unit.pk
        if unit.level < Level.OFFICE or unit.is_hub:
            context["staffing"] = selectors.hub_staffing(unit.path)
        return render(request, "indicators/submissions.html", context)


class SchemeListView(ScopedListView):
    model = ScoringScheme
    capability = "indicators.view"
    filterset_class = SchemeFilterSet
    title = "司法所考核方案"
    create_url_name = "indicators:scheme_create"
    create_capability = "indicators.assess"
    columns = [
        Column("方案名称", "name", link=True),
        Column("县级司法局", "unit__name"),
        Column("年度", "year"),
        Column("绩效经费总额（元）", "fund_total"),
        Column("分配办法", "formula"),
        Column("计算至", lambda s: f"{s.computed_through:%Y-%m}" if s.computed_through else "未计算"),
    ]


class SchemeCreateView(CapabilityRequiredMixin, View):
    model = ScoringScheme
    capability = "indicators.assess"

    def get(self, request):
        return render(request, "indicators/scheme_form.html", self._context(request, {}))

    def _context(self, request, data, errors=()):
        unit = request.user.unit
        return {"title": "新建考核方案", "data": data, "errors": errors, "formulas": FundFormula.choices,
                "no_data_rules": NoDataRule.choices,
                "items": default_items_for(unit.path) if unit is not None else [], "year": datetime.date.today().year}

    def post(self, request):
        data = request.POST
        try:
            year = int(data.get("year", ""))
        except ValueError:
            return render(request, "indicators/scheme_form.html",
                          self._context(request, data, ["年度应填写四位数字，如 2025"]), status=400)
        try:
            scheme = services.create_scheme(
                actor=request.user, unit=request.user.unit, year=year, name=data.get("name", ""),
                fund_total=data.get("fund_total") or "0", formula=data.get("formula", FundFormula.PROPORTIONAL),
                pass_score=data.get("pass_score") or 60, base_share=data.get("base_share") or "0.3",
                no_data_rule=data.get("no_data_rule") or NoDataRule.ZERO, bonus_cap=data.get("bonus_cap") or 5,
                items=default_items_for(request.user.unit.path))
        except (ValidationError, ArithmeticError, ValueError) as exc:
            msgs = exc.messages if isinstance(exc, ValidationError) else ["请检查填写的数字"]
            return render(request, "indicators/scheme_form.html", self._context(request, data, msgs), status=400)
        messages.success(request, "考核方案已建立")
        return redirect(scheme.get_absolute_url())


class SchemeDetailView(ScopedDetailView):
    model = ScoringScheme
    capability = "indicators.view"
    template_name = "indicators/scheme_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.GET.get("export") == "xlsx":
            scores = list(selectors.scheme_scores(self.object))
            from django.utils import timezone

            from sifasuo.core.exports import xlsx_response

            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            return xlsx_response(f"{self.object.name}-考核及绩效经费-{stamp}.xlsx",
                                 exports.scores_workbook(self.object, scores))
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scheme = self.object
        scores = list(selectors.scheme_scores(scheme))
        months = sorted({m for s in scores for m in s.monthly})
        items = list(scheme.items.all())
        targets = targets_for(scheme.unit.path)
        untargeted = services.untargeted_items(scheme)
        context.update(
            item_rows=[(i, targets.get(i.indicator) if i.method == Method.INDICATOR else None) for i in items],
            untargeted=untargeted, default_through=f"{min(datetime.date(scheme.year, 12, 1), services.last_complete_month()):%Y-%m}",
            items=items, weight_total=sum((i.weight for i in items), 0), scores=scores, months=months,
            rows=[(s, [s.monthly.get(m, {}).get("total") for m in months]) for s in scores],
            can_assess=self.request.user.can("indicators.assess") and self.request.user.unit_id == scheme.unit_id,
            offices=offices_under(scheme.unit.path, open_only=True),
            manual_items=[i for i in items if i.method == Method.MANUAL],
            fund_sum=sum((s.fund for s in scores), 0), basis=exports.scores_basis(scheme),
        )
        return context


class _SchemeAction(CapabilityRequiredMixin, View):
    model = ScoringScheme
    capability = "indicators.assess"

    def post(self, request, pk):
        scheme = get_object_or_404(selectors.visible_schemes(request.user), pk=pk)
        if ran := run_step(request, lambda: self.act(request, scheme)):
            messages.success(request, ran.result)
        return redirect(scheme.get_absolute_url())


class SchemeComputeView(_SchemeAction):
    def act(self, request, scheme):
        through = periods.parse_month(request.POST.get("through", ""))
        rows = services.compute_scores(actor=request.user, scheme=scheme, through=through)
        return f"已计算 {len(rows)} 个司法所的考核得分与绩效经费"


class ManualScoreView(_SchemeAction):
    def act(self, request, scheme):
        item = selectors.scheme_item(scheme, request.POST.get("item"))
        unit = unit_with_code(request.POST.get("unit", ""))
        month = periods.parse_month(request.POST.get("month", ""))
        errors = {}
        if item is None:
            errors["item"] = ["请选择考核项目"]
        if unit is None:
            errors["unit"] = ["请选择司法所"]
        if month is None:
            errors["month"] = ["月份应写成 年-月，如 2025-03"]
        if errors:
            raise ValidationError(errors)
        services.record_manual_score(actor=request.user, item=item, unit=unit, month=month,
                                     percent=request.POST.get("percent", ""), note=request.POST.get("note", ""))
        return f"已录入「{unit.name}」{month:%Y-%m}「{item.name}」得分"


class ScoreListView(ScopedListView):
    model = OfficeScore
    capability = "indicators.view"
    title = "司法所考核结果"
    columns = [
        Column("考核方案", "scheme__name"),
        Column("司法所", "unit__name", link=True),
        Column("年度综合得分", "composite"),
        Column("排名", "rank"),
        Column("绩效经费（元）", "fund"),
        Column("得分与经费说明", "explanation"),
    ]





# --- scheme items and departments' marks, edited in pages ---------------------------------------------------

BLANK_ITEM_ROWS = 3


def _own_scheme(request, pk) -> ScoringScheme:
    """The scheme, within the user's scope (another county's answers 404)."""
    return get_object_or_404(selectors.visible_schemes(request.user), pk=pk)


def _posted_rows(post, prefix: str, names, *, filled) -> list[dict]:
    """The rows of an editable table posted as `<prefix>_<name>` lists: without those ticked in
    `<prefix>_delete` (numbered from 1) and the blank ones (nothing typed in any of `filled`)."""
    columns = {n: post.getlist(f"{prefix}_{n}") for n in names}
    count = max(len(values) for values in columns.values())
    typed = [{n: (columns[n][i] if i < len(columns[n]) else "") for n in names} for i in range(count)]
    removed = set(post.getlist(f"{prefix}_delete"))
    return [r for number, r in enumerate(typed, start=1)
            if str(number) not in removed and any(r[k].strip() for k in filled)]


class SchemeItemsView(CapabilityRequiredMixin, View):
    """考核项目与分值: every item of the scheme on one page — add, edit, remove — saved as a whole, so that
    the weights are checked together (total 100) and nothing changes while any row is wrong."""

    model = ScoringScheme
    capability = "indicators.assess"

    def get(self, request, pk):
        scheme = _own_scheme(request, pk)
        rows = [{"id": i.id, "name": i.name, "weight": f"{i.weight.normalize():f}", "method": i.method,
                 "indicator": i.indicator, "department": i.department,
                 "zero_line": "" if i.zero_line is None else f"{i.zero_line.normalize():f}"}
                for i in scheme.items.all()]
        return self._render(request, scheme, rows, [])

    def post(self, request, pk):
        scheme = _own_scheme(request, pk)
        rows = _posted_rows(request.POST, "item", ("id", "name", "weight", "method", "indicator", "department",
                                                   "zero_line"), filled=("name", "weight", "department"))
        try:
            services.save_items(actor=request.user, scheme=scheme, rows=rows)
        except ValidationError as exc:
            return self._render(request, scheme, rows, exc.messages, status=400)
        messages.success(request, "考核项目已保存" + ("；已计算的得分请重新计算" if scheme.computed_at else ""))
        return redirect(scheme.get_absolute_url())

    def _render(self, request, scheme, rows, errors, status=200):
        blank = {"id": "", "name": "", "weight": "", "method": Method.INDICATOR, "indicator": "", "department": "",
                 "zero_line": ""}
        total = 0
        for r in rows:
            try:
                total += float(r["weight"])
            except (TypeError, ValueError):
                pass
        return render(request, "indicators/scheme_items.html", {
            "title": f"考核项目与分值 · {scheme.name}", "object": scheme, "rows": rows + [blank] * BLANK_ITEM_ROWS,
            "errors": errors, "methods": Method.choices, "indicators": INDICATORS, "total": round(total, 2),
            "targets": targets_for(scheme.unit.path),
        }, status=status)


class ManualImportView(ExcelImportView):
    """从 Excel 导入科室评分 for one scheme: the template comes pre-filled with the county's offices and the
    scheme's department-entered items for a month (?template=1&month=2025-03)."""

    model = ScoringScheme
    capability = "indicators.assess"
    template_name = "indicators/manual_import.html"
    columns = importers.COLUMNS
    template_title = "科室评分"

    def prepare(self) -> None:
        self.scheme = _own_scheme(self.request, self.kwargs["pk"])

    def page_context(self, **kwargs) -> dict:
        scheme = self.scheme
        return super().page_context(
            title=f"导入科室评分 · {scheme.name}", object=scheme,
            manual_items=[i for i in scheme.items.all() if i.method == Method.MANUAL],
            month=f"{_default_month(scheme):%Y-%m}", **kwargs)

    def template_download(self):
        from sifasuo.core.exports import xlsx_response

        scheme = self.scheme
        month = periods.parse_month(self.request.GET.get("month", "")) or _default_month(scheme)
        if month.year != scheme.year:
            return self.refused([f"模板月份应在方案年度 {scheme.year} 年内"])
        return xlsx_response(f"{scheme.name}-科室评分导入模板-{month:%Y%m}.xlsx",
                             importers.template_workbook(scheme, month))

    def import_rows(self, rows, user) -> str:
        added, replaced = importers.import_marks(rows=rows, user=user, scheme=self.scheme)
        return (f"导入成功：新增 {added} 条科室评分，更新 {replaced} 条"
                + ("；已计算的得分请重新计算" if self.scheme.computed_at else ""))

    def get_success_url(self) -> str:
        return self.scheme.get_absolute_url()


def _default_month(scheme: ScoringScheme) -> datetime.date:
    """Last month when the scheme's year is the current one, else its December (or January if in future)."""
    today = datetime.date.today()
    last = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if scheme.year == last.year:
        return last
    return datetime.date(scheme.year, 12 if scheme.year < today.year else 1, 1)


# --- the year-end on-site assessment (HZ-9, WH-13) ------------------------------------------------------------


class AnnualListView(ScopedListView):
    model = AnnualAssessment
    capability = "indicators.view"
    title = "司法所年度考核"
    create_url_name = "indicators:annual_create"
    create_capability = "indicators.assess"
    columns = [
        Column("考核名称", "name", link=True),
        Column("县级司法局", "unit__name"),
        Column("年度", "year"),
        Column("状态", "status"),
        Column("定稿时间", "finalized_at"),
    ]


class AnnualCreateView(CapabilityRequiredMixin, View):
    model = AnnualAssessment
    capability = "indicators.assess"

    def _context(self, data, errors=()):
        # the year just ended (last month's year) until the form says otherwise
        return {"title": "新建年度考核", "data": data, "errors": errors,
                "year": periods.add_months(datetime.date.today().replace(day=1), -1).year}

    def get(self, request):
        return render(request, "indicators/annual_form.html", self._context({}))

    def post(self, request):
        data = request.POST
        try:
            assessment = services.create_annual(
                actor=request.user, unit=request.user.unit, year=int(data.get("year") or 0), name=data.get("name", ""),
                commend_count=data.get("commend_count") or 3, commend_min_score=data.get("commend_min_score") or 85)
        except (ValidationError, ValueError) as exc:
            msgs = exc.messages if isinstance(exc, ValidationError) else ["年度应填写四位数字，如 2025"]
            return render(request, "indicators/annual_form.html", self._context(data, msgs), status=400)
        messages.success(request, "年度考核已建立，请录入各司法所的实地考核评分")
        return redirect(assessment.get_absolute_url())


def _annual(request, pk, action=None) -> AnnualAssessment:
    return get_object_or_404(selectors.visible_assessments(request.user, action), pk=pk)


class AnnualDetailView(CapabilityRequiredMixin, View):
    """The assessment: criteria, the grid of marks (editable while in draft), the ranked results and the
    commendation list, Word/PDF downloads."""

    model = AnnualAssessment
    capability = "indicators.view"

    def get(self, request, pk):
        from sifasuo.core.documents import CONTENT_TYPES, DocumentError, download_response

        from .documents import filename
        from .documents import render as render_document

        assessment = _annual(request, pk)
        fmt = request.GET.get("format")
        if fmt:
            if fmt not in CONTENT_TYPES:
                raise Http404
            try:
                content = render_document(assessment, fmt)
            except DocumentError as exc:
                messages.error(request, str(exc))
                return redirect(assessment.get_absolute_url())
            return download_response(content, fmt, filename(assessment, fmt))
        criteria = list(assessment.criteria.all())
        table = services.annual_table(assessment)
        results = list(selectors.ranked_results(assessment))
        return render(request, "indicators/annual_detail.html", {
            "title": assessment.name, "object": assessment, "criteria": criteria, "table": table,
            "results": results, "commended": [r for r in results if r.commended],
            "can_assess": (request.user.can("indicators.assess") and request.user.unit_id == assessment.unit_id),
            "missing": sum(1 for r in table if r["missing"]),
        })


class AnnualCriteriaView(CapabilityRequiredMixin, View):
    """考核内容与分值 of a draft assessment (HZ-9): the seed's items and the county's own, saved as a whole."""

    model = AnnualAssessment
    capability = "indicators.assess"
    fields = ("id", "name", "max_points", "source", "basis")

    def get(self, request, pk):
        assessment = _annual(request, pk)
        rows = [{"id": c.id, "name": c.name, "max_points": f"{c.max_points.normalize():f}",
                 "source": c.source, "basis": c.basis} for c in assessment.criteria.all()]
        return self._render(request, assessment, rows, [])

    def post(self, request, pk):
        assessment = _annual(request, pk)
        rows = _posted_rows(request.POST, "criterion", self.fields, filled=("name", "max_points", "basis"))
        try:
            services.save_criteria(actor=request.user, assessment=assessment, rows=rows)
        except ValidationError as exc:
            return self._render(request, assessment, rows, exc.messages, status=400)
        messages.success(request, "考核内容已保存")
        return redirect(assessment.get_absolute_url())

    def _render(self, request, assessment, rows, errors, status=200):
        blank = {"id": "", "name": "", "max_points": "", "source": CriterionSource.ONSITE, "basis": ""}
        return render(request, "indicators/annual_criteria.html", {
            "title": f"考核内容与分值 · {assessment.name}", "object": assessment,
            "rows": rows + [blank] * BLANK_ITEM_ROWS, "errors": errors,
            "sources": [(CriterionSource.ONSITE, CriterionSource.ONSITE.label),
                        (CriterionSource.BONUS, CriterionSource.BONUS.label)],
            "scheme_source": CriterionSource.SCHEME,
        }, status=status)


class AnnualMarksView(CapabilityRequiredMixin, View):
    """POST the whole grid: mark_<criterion>_<office> (and note_…) for every on-site criterion and office."""

    model = AnnualAssessment
    capability = "indicators.assess"

    def post(self, request, pk):
        assessment = _annual(request, pk)
        offices = {o.pk: o for o in offices_under(assessment.unit.path)}
        marks = []
        for criterion in selectors.marked_criteria(assessment):
            for office_id, office in offices.items():
                key = f"mark_{criterion.pk}_{office_id}"
                if key in request.POST:
                    marks.append({"unit": office, "criterion": criterion, "points": request.POST[key],
                                  "note": request.POST.get(f"note_{criterion.pk}_{office_id}", "")})
        if ran := run_step(request, lambda: services.record_marks(actor=request.user, assessment=assessment,
                                                                  marks=marks)):
            messages.success(request, f"已保存实地考核评分（{ran.result} 项有变化）")
        return redirect(assessment.get_absolute_url())


class AnnualFinalizeView(CapabilityRequiredMixin, View):
    model = AnnualAssessment
    capability = "indicators.assess"

    def post(self, request, pk):
        assessment = _annual(request, pk)

        def act():
            if request.POST.get("reopen"):
                services.reopen_annual(actor=request.user, assessment=assessment, reason=request.POST.get("reason", ""))
                return "已撤回定稿，可修改评分"
            results = services.finalize_annual(actor=request.user, assessment=assessment)
            return f"已定稿：{len(results)} 个司法所排名，拟表彰 {sum(r.commended for r in results)} 个"

        if ran := run_step(request, act):
            messages.success(request, ran.result)
        return redirect(assessment.get_absolute_url())
