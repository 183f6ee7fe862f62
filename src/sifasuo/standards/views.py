"""Pages of office standardization and workstations: the overview rolled up county → city → province,
office and workstation lists with their gaps, checklists, premises and equipment, plans with every county's
progress, inspections with photos and follow-ups. Thin: reads in selectors.py, writes in services.py."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from sifasuo.core import listcache
from sifasuo.core.exports import workbook_bytes
from sifasuo.core.forms import run_form
from sifasuo.core.scoping import EDIT, common_ancestor, in_scope
from sifasuo.core.tables import Column
from sifasuo.core.views import (EXPORT_LIMIT, CapabilityRequiredMixin, ExcelImportView, RecordEditView,
                                ScopedListView, stored_file_response)
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.orgunits.selectors import unit_with_code, visible_unit
from sifasuo.staff.choices import StaffType
from sifasuo.staff.selectors import staff_in_post

from . import importers, selectors, services
from .filters import (InspectionFilterSet, OfficeFilterSet, PlanFilterSet, ProgressFilterSet,
                      WorkstationFilterSet)
from .forms import (CloseFollowUpForm, EquipmentForm, FindingForm, FollowUpForm, InspectionForm,
                    OfficeProfileForm, PhotoForm, ProgressForm, WorkstationProfileForm)
from .models import EquipmentItem, Inspection, InspectionPhoto, MilestoneProgress, Plan

STAFF_LABELS = dict(StaffType.choices)


def _scoped_unit(request, pk: int, level: int) -> OrgUnit:
    return get_object_or_404(selectors.units_of_level(request.user, level), pk=pk)


# --- overview --------------------------------------------------------------------------------------


class OverviewView(CapabilityRequiredMixin, TemplateView):
    """Where a unit stands: its children's office compliance, workstation build and coverage, plans."""

    model = OrgUnit
    capability = "standards.view"
    template_name = "standards/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        root = user.unit
        code = self.request.GET.get("unit", "").strip()
        if code:
            found = visible_unit(user, code)
            if found is None:
                messages.warning(self.request, f"单位代码 {code} 不存在或不在您的管辖范围内，显示本单位情况。")
            else:
                root = found
        if root is None:
            raise PermissionDenied("您的账号没有所属单位。")
        today = datetime.date.today()

        def compute() -> dict:
            offices = selectors.office_checks(root.path, on=today)
            stations = selectors.workstation_checks(root.path, today=today)
            total, rows = selectors.rollup(root, today=today, office_list=offices, workstation_list=stations)
            short = [c for c in offices if c.checklist and not c.compliant]
            overdue = [c for c in stations if c.checklist and c.checklist.results and any(
                r.overdue_days for r in c.checklist.results)]
            return {"total": total, "rows": rows, "short_offices": short[:15], "short_count": len(short),
                    "overdue_workstations": sorted(overdue, key=lambda c: c.facts.get("deadline") or today)[:15],
                    "overdue_count": len(overdue)}

        # A city's or the province's checklists (13,000 units) are kept ten minutes at most, and no longer than
        # the standards, staff and units they were read from (D52); a county's are computed on each request.
        figures = (listcache.cached("standards.overview", versions=["standards", "staff", "orgunits"],
                                    parts=[root.path, today], compute=compute, timeout=600)
                   if root.level <= Level.CITY else compute())
        plans = list(selectors.plans(user))
        plan_rows = []
        for plan in plans:
            milestones, matrix = selectors.progress_matrix(plan, user=user, today=today)
            plan_rows.append({"plan": plan, "milestones": milestones, "rows": matrix,
                              "done": sum(r["done"] for r in matrix), "expected": sum(r["expected"] for r in matrix),
                              "overdue": sum(r["overdue"] for r in matrix)})
        from sifasuo.indicators.selectors import hub_staffing

        hubs = hub_staffing(root.path) if root.level <= Level.OFFICE else []   # HZ-1
        context.update(
            hubs_short=[h for h in hubs if h.short], hubs_over=[h for h in hubs if h.over], hub_count=len(hubs),
            title="规范化建设", root=root, today=today, plan_rows=plan_rows, **figures,
            breadcrumb=[u for u in root.ancestors() if in_scope(user, u.path)] + [root],
            standards=selectors.all_standards(),
        )
        return context


# --- office and workstation lists ------------------------------------------------------------------


class _ChecklistListView(ScopedListView):
    """A list of units with each one's checklist, computed in bulk for the page (and for the export)."""

    model = OrgUnit
    capability = "standards.view"
    level = Level.OFFICE
    detail_url_name = ""

    def get_queryset(self):
        return selectors.open_units(super().get_queryset(), self.level)

    def _attach(self, objects) -> None:
        objects = list(objects)
        if not objects:
            return
        ids = [o.id for o in objects]
        root = common_ancestor([o.path for o in objects])
        if self.level == Level.OFFICE:
            checks = selectors.office_checks(root, unit_ids=ids)
        else:
            checks = selectors.workstation_checks(root, unit_ids=ids)
        by_id = {c.unit.id: c for c in checks}
        for obj in objects:
            obj._check = by_id.get(obj.id)

    def export_workbook(self, queryset, progress=None) -> bytes:
        rows = list(queryset[:EXPORT_LIMIT])
        self._attach(rows)
        return workbook_bytes(self.title, self.columns, progress.counting(rows) if progress is not None else rows)

    def _rows(self, objects):
        objects = list(objects)
        self._attach(objects)
        head = reverse(self.detail_url_name, args=[0])[:-2]
        return [[(c.text(o), f"{head}{o.pk}/" if c.link else None) for c in self.columns] for o in objects]


def _check_of(obj):
    return getattr(obj, "_check", None)


def _met_text(obj) -> str:
    check = _check_of(obj)
    if check is None or check.checklist is None:
        return "无适用标准"
    c = check.checklist
    return f"{c.met_count}/{c.counted}"


def _verdict(obj) -> str:
    check = _check_of(obj)
    if check is None or check.checklist is None:
        return "—"
    verdict = "全部达标" if check.compliant else "未达标"
    return f"{verdict}（参照）" if check.checklist.reference else verdict


def _gaps(obj) -> str:
    check = _check_of(obj)
    return check.gap_text if check else ""


def _unit_columns(unit_label: str, parent_label: str) -> list[Column]:
    return [Column("单位代码", "code"), Column(unit_label, "name", link=True), Column(parent_label, "parent__name"),
            Column("类型", "kind")]


CHECK_COLUMNS = [Column("达标项", _met_text), Column("结论", _verdict), Column("差距", _gaps)]


class OfficeListView(_ChecklistListView):
    filterset_class = OfficeFilterSet
    title = "司法所规范化达标情况"
    detail_url_name = "standards:office_detail"
    columns = [*_unit_columns("司法所", "所属县（区）"),
               Column("服务人口", lambda o: o.population if o.population is not None else "未填"),
               *CHECK_COLUMNS]


class WorkstationListView(_ChecklistListView):
    level = Level.WORKSTATION
    filterset_class = WorkstationFilterSet
    title = "司法行政工作室建设情况"
    detail_url_name = "standards:workstation_detail"
    columns = [*_unit_columns("工作室", "所属司法所"),
               Column("建设状态", lambda o: _check_of(o) and {"built": "已建成", "building": "在建", "not_built": "未建"}
                      .get(_check_of(o).facts.get("status"), "未登记")),
               Column("建成期限", lambda o: _check_of(o) and _check_of(o).facts.get("deadline") or ""),
               Column("人员", lambda o: _check_of(o) and _check_of(o).facts.get("staff_total")),
               *CHECK_COLUMNS]


# --- one office ------------------------------------------------------------------------------------


class _UnitPageView(CapabilityRequiredMixin, View):
    """The page of one office or workstation in the user's scope (at `level`): its checklist, its latest
    inspections and what `more()` adds."""

    model = OrgUnit
    capability = "standards.view"
    level = Level.OFFICE
    title_suffix = ""

    def more(self, request, unit, check) -> dict:
        raise NotImplementedError("each unit page says what it shows besides the checklist")   # a subclass hook

    def get(self, request, pk):
        unit = _scoped_unit(request, pk, self.level)
        check = selectors.unit_check(unit)
        return render(request, self.template_name, {
            "unit": unit, "check": check, **self.more(request, unit, check),
            "inspections": selectors.recent_inspections(request.user, unit),
            "can_edit": request.user.can("standards.edit"), "can_inspect": request.user.can("standards.inspect"),
            "title": f"{unit.name}{self.title_suffix}",
        })


class OfficeDetailView(_UnitPageView):
    template_name = "standards/office_detail.html"
    title_suffix = "规范化建设"

    def more(self, request, unit, check) -> dict:
        standard = check.checklist.standard if check.checklist else None
        names = {fact: standard.items_of(fact) for fact in ("rooms", "identity", "separation", "equipment")
                 } if standard else {}
        staff = sorted(((STAFF_LABELS.get(k, k), v) for k, v in check.facts["staff"].items()), key=lambda x: -x[1])
        return {
            "profile": selectors.office_profile(unit), "standard": standard,
            "rooms": [(name, code in check.facts["rooms"]) for code, name in names.get("rooms", {}).items()],
            "equipment": selectors.equipment_of(unit), "equipment_names": names.get("equipment", {}),
            "staff": staff, "staff_total": sum(v for _, v in staff),
            "printing": self.template_name.endswith("print.html"),
        }


class OfficePrintView(OfficeDetailView):
    template_name = "standards/office_print.html"


class _UnitFormView(RecordEditView):
    """A form about one office or workstation (found in the user's scope at `level`), its choices from the
    unit's standard (`self.standard`): a valid form goes to `save`, whose message the page shows on the way back
    to the unit's page; a refusal shows the form again with the service's messages."""

    model = OrgUnit
    capability = "standards.edit"
    level = Level.OFFICE
    back_url_name = "standards:office_detail"

    def records(self, user):
        return selectors.units_of_level(user, self.level)

    def get_record(self, pk):
        unit = super().get_record(pk)
        self.standard, _ = selectors.standard_for(unit)
        return unit

    def context(self, unit, form) -> dict:
        return {"unit": unit, "standard": self.standard, "form": form}

    def success_url(self, unit) -> str:
        return reverse(self.back_url_name, args=[unit.pk])


class OfficeEditView(_UnitFormView):
    template_name = "standards/office_form.html"

    def make_form(self, unit, data=None):
        profile = selectors.office_profile(unit)
        initial = {}
        if profile:
            initial = {f: getattr(profile, f) for f in services.OFFICE_FIELDS if f != "director_name"}
            for key in ("property_certificate", "premises_independent"):
                initial[key] = {True: "true", False: "false"}.get(initial[key], "")
        roster = staff_in_post(unit, self.request.user, EDIT)
        form = OfficeProfileForm(data, initial=initial, standard=self.standard, roster=roster,
                                 typed_director=profile.director_name if profile and not profile.director_id else "")
        return form

    def save(self, unit, form) -> str:
        services.save_office_profile(actor=self.request.user, unit=unit, **form.cleaned_data)
        return "已保存用房、功能室与组织情况。"


class EquipmentCreateView(_UnitFormView):
    template_name = "standards/equipment_form.html"

    def make_form(self, unit, data=None):
        return EquipmentForm(data, initial={"quantity": 1}, standard=self.standard)

    def save(self, unit, form) -> str:
        services.add_equipment(actor=self.request.user, unit=unit, **form.cleaned_data)
        return "已登记到装备资产账目。"


class EquipmentImportView(ExcelImportView):
    """Upload an office's equipment ledger from Excel: every row is checked, it lands whole or not at all."""

    model = OrgUnit
    capability = "standards.edit"
    template_name = "standards/equipment_import.html"
    columns = importers.COLUMNS
    template_title = "装备资产"
    max_upload_bytes = 10 * 1024 * 1024

    def prepare(self) -> None:
        self.unit = _scoped_unit(self.request, self.kwargs["pk"], Level.OFFICE)

    def page_context(self, **kwargs) -> dict:
        return super().page_context(unit=self.unit, **kwargs)

    def import_rows(self, rows, user) -> str:
        created = importers.import_equipment(rows=rows, unit=self.unit, user=user)
        return f"导入成功：装备资产 {len(created)} 条"

    def get_success_url(self) -> str:
        return reverse("standards:office_detail", args=[self.unit.pk])


class EquipmentEditView(RecordEditView):
    model = EquipmentItem
    capability = "standards.edit"
    template_name = "standards/equipment_form.html"
    records = staticmethod(selectors.equipment)

    def make_form(self, item, data=None):
        standard, _ = selectors.standard_for(item.unit)
        initial = {f: getattr(item, f) for f in ("item", "name", "asset_number", "quantity", "acquired_on",
                                                  "status", "note")}
        return EquipmentForm(data, initial=initial, standard=standard)

    def context(self, item, form) -> dict:
        return {"unit": item.unit, "item": item, "form": form}

    def save(self, item, form) -> str:
        services.update_equipment(actor=self.request.user, equipment=item, **form.cleaned_data)
        return ""

    def success_url(self, item) -> str:
        return reverse("standards:office_detail", args=[item.unit_id])

    def post(self, request, pk):
        if request.POST.get("delete"):
            item = self.get_record(pk)
            services.delete_equipment(actor=request.user, equipment=item)
            messages.success(request, "已从装备资产账目删除。")
            return redirect(self.success_url(item))
        return super().post(request, pk)


# --- one workstation -------------------------------------------------------------------------------


class WorkstationDetailView(_UnitPageView):
    level = Level.WORKSTATION
    template_name = "standards/workstation_detail.html"
    title_suffix = "建设情况"

    def more(self, request, unit, check) -> dict:
        return {"profile": selectors.workstation_profile(unit), "office": unit.parent}


class WorkstationEditView(_UnitFormView):
    level = Level.WORKSTATION
    template_name = "standards/workstation_form.html"
    back_url_name = "standards:workstation_detail"

    def make_form(self, unit, data=None):
        profile = selectors.workstation_profile(unit)
        initial = {f: getattr(profile, f) for f in services.WORKSTATION_FIELDS} if profile else {}
        return WorkstationProfileForm(data, initial=initial, standard=self.standard)

    def save(self, unit, form) -> str:
        services.save_workstation_profile(actor=self.request.user, unit=unit, **form.cleaned_data)
        return "已保存工作室建设情况。"


# --- plans -----------------------------------------------------------------------------------------


class PlanListView(ScopedListView):
    model = Plan
    capability = "standards.view"
    filterset_class = PlanFilterSet
    title = "试点与建设方案"
    columns = [
        Column("方案", "name", link=True),
        Column("类别", "kind"),
        Column("印发单位", "unit__name"),
        Column("起始日期", "start"),
        Column("截止日期", "end"),
        Column("规则编号", "rule_ids"),
    ]

    def get_queryset(self):
        qs = selectors.plans(self.request.user)
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs


class PlanDetailView(CapabilityRequiredMixin, View):
    model = Plan
    capability = "standards.view"
    template_name = "standards/plan_detail.html"

    def get(self, request, pk):
        plan = get_object_or_404(selectors.plans(request.user), pk=pk)
        milestones, rows = selectors.progress_matrix(plan, user=request.user)
        return render(request, self.template_name, {
            "plan": plan, "phases": selectors.plan_phases(plan),
            "milestones": milestones, "rows": rows, "task_force": plan.task_force.all(),
            "today": datetime.date.today(), "title": plan.name,
            "can_report": request.user.can("standards.plan"),
        })


class ProgressListView(ScopedListView):
    model = MilestoneProgress
    capability = "standards.view"
    filterset_class = ProgressFilterSet
    title = "节点进展"
    columns = [
        Column("方案", "milestone__plan__name"),
        Column("节点任务", "milestone__title", link=True),
        Column("完成期限", "milestone__deadline"),
        Column("县（区）司法局", "unit__name"),
        Column("进展", "status"),
        Column("完成日期", "done_on"),
        Column("是否逾期", lambda p: "已逾期" if p.status != "done" and p.milestone.deadline < datetime.date.today()
               else ("逾期完成" if p.done_on and p.done_on > p.milestone.deadline else "")),
        Column("进展说明", "note"),
    ]
    list_select_related = ("unit", "milestone", "milestone__plan")


class ProgressEditView(RecordEditView):
    model = MilestoneProgress
    capability = "standards.view"
    template_name = "standards/progress_form.html"
    records = staticmethod(selectors.progress)

    def make_form(self, progress, data=None):
        return ProgressForm(data, initial={"status": progress.status, "done_on": progress.done_on,
                                           "note": progress.note})

    def context(self, progress, form) -> dict:
        return {"progress": progress, "form": form, "can_report": self.request.user.can("standards.plan")}

    def save(self, progress, form) -> str:
        services.report_progress(actor=self.request.user, progress=progress, **form.cleaned_data)
        return "已填报进展。"

    def success_url(self, progress) -> str:
        return reverse("standards:plan_detail", args=[progress.milestone.plan_id])

    def post(self, request, pk):
        if not request.user.can("standards.plan"):
            raise PermissionDenied("您的角色不能填报节点进展。")
        return super().post(request, pk)


# --- inspections -----------------------------------------------------------------------------------


class InspectionListView(ScopedListView):
    model = Inspection
    capability = "standards.view"
    filterset_class = InspectionFilterSet
    title = "督导检查"
    create_url_name = "standards:inspection_create"
    create_capability = "standards.inspect"
    columns = [
        Column("检查日期", "visited_on", link=True),
        Column("被检查单位", "unit__name"),
        Column("检查单位", "inspector_unit__name"),
        Column("检查人员", "inspectors"),
        Column("检查情况", "summary"),
    ]
    list_select_related = ("unit", "inspector_unit")


class InspectionCreateView(CapabilityRequiredMixin, View):
    model = Inspection
    capability = "standards.inspect"
    template_name = "standards/inspection_form.html"

    def get(self, request):
        initial = {"unit_code": request.GET.get("unit", ""), "visited_on": datetime.date.today(),
                   "inspector_code": request.user.unit.code if request.user.unit else ""}
        return render(request, self.template_name, {"form": InspectionForm(initial=initial)})

    def post(self, request):
        form = InspectionForm(request.POST)

        def record():
            data = form.cleaned_data
            unit, inspector = unit_with_code(data["unit_code"]), unit_with_code(data["inspector_code"])
            if unit is None or inspector is None:
                raise ValidationError({**({"unit": [f"单位代码 {data['unit_code']} 不存在"]} if unit is None else {}),
                                       **({"inspector_unit": [f"单位代码 {data['inspector_code']} 不存在"]}
                                          if inspector is None else {})})
            return services.record_inspection(
                actor=request.user, unit=unit, inspector_unit=inspector, inspectors=data["inspectors"],
                visited_on=data["visited_on"], summary=data["summary"])

        if ran := run_form(form, record, {"unit": "unit_code", "inspector_unit": "inspector_code"}):
            return redirect(ran.result.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class InspectionDetailView(CapabilityRequiredMixin, View):
    model = Inspection
    capability = "standards.view"
    template_name = "standards/inspection_detail.html"

    def _inspection(self, request, pk):
        return get_object_or_404(selectors.inspections(request.user), pk=pk)

    def context(self, request, inspection, **forms):
        standard, _ = selectors.standard_for(inspection.unit)
        titles = {r.id: r.title for r in standard.rules} if standard else {}
        page = "standards:office_detail" if inspection.unit.level == Level.OFFICE else "standards:workstation_detail"
        return {
            "inspection": inspection, "unit_url": reverse(page, args=[inspection.unit_id]),
            "check": selectors.unit_check(inspection.unit),
            "findings": [(f, titles.get(f.rule_id, "")) for f in inspection.findings.all()],
            "photos": inspection.photos.all(), "follow_ups": inspection.follow_ups.all(),
            "finding_form": forms.get("finding_form") or FindingForm(standard=standard),
            "photo_form": forms.get("photo_form") or PhotoForm(),
            "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
            "close_form": forms.get("close_form") or CloseFollowUpForm(initial={"closed_on": datetime.date.today()}),
            "can_inspect": request.user.can("standards.inspect"),
            "title": str(inspection),
        }

    def get(self, request, pk):
        inspection = self._inspection(request, pk)
        return render(request, self.template_name, self.context(request, inspection))

    # POST action: (the form's name in the page, the service it hands the cleaned data to)
    STEPS = {"finding": ("finding_form", services.add_finding), "photo": ("photo_form", services.add_photo),
             "follow_up": ("follow_up_form", services.add_follow_up),
             "close": ("close_form", services.close_follow_up)}

    def _form(self, action, request, standard):
        if action == "finding":
            return FindingForm(request.POST, standard=standard)
        if action == "photo":
            return PhotoForm(request.POST, request.FILES)
        return (FollowUpForm if action == "follow_up" else CloseFollowUpForm)(request.POST)

    def post(self, request, pk):
        if not request.user.can("standards.inspect"):
            raise PermissionDenied("您的角色不能记录督导检查。")
        inspection = self._inspection(request, pk)
        action = request.POST.get("action")
        if action not in self.STEPS:
            raise Http404("未知操作")
        key, service = self.STEPS[action]
        standard, _ = selectors.standard_for(inspection.unit)
        form = self._form(action, request, standard)
        target = ({"follow_up": get_object_or_404(inspection.follow_ups.all(), pk=request.POST.get("follow_up"))}
                  if action == "close" else {"inspection": inspection})
        if run_form(form, lambda: service(actor=request.user, **target, **form.cleaned_data), {"inspection": None}):
            return redirect(inspection.get_absolute_url())
        return render(request, self.template_name, self.context(request, inspection, **{key: form}), status=400)


class PhotoFileView(CapabilityRequiredMixin, View):
    """An inspection photo, served only to those in whose scope the inspected unit lies."""

    model = InspectionPhoto
    capability = "standards.view"

    def get(self, request, pk):
        photo = get_object_or_404(selectors.photos(request.user), pk=pk)
        return stored_file_response(photo.image, attachment=False, missing="照片文件不存在")

