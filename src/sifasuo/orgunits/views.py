"""Pages of the organisation tree: list, tree, detail, create and edit, autocomplete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from sifasuo.core.forms import run_form
from sifasuo.core.selectors import record_history
from sifasuo.core.scoping import in_scope
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ExcelImportView, ScopedDetailView, ScopedListView

from . import importers, selectors, services
from .choices import Level
from .filters import OrgUnitFilterSet
from .forms import OrgUnitForm
from .models import OrgUnit


class OrgUnitListView(ScopedListView):
    model = OrgUnit
    capability = "org.view"
    filterset_class = OrgUnitFilterSet
    filter_fields = ("q", "level", "kind", "within", "is_open", "is_hub")
    title = "组织机构"
    export_filename = "组织机构"
    create_url_name = "orgunits:create"
    create_capability = "org.manage"
    import_url_name = "orgunits:import"
    cache_data_version = "orgunits"   # the rows and filters read only the unit table (D27)
    columns = [
        Column("单位代码", "code"),
        Column("单位名称", "name", link=True),
        Column("层级", "level"),
        Column("类型", "kind"),
        Column("上级单位", "parent__name"),
        Column("服务人口", "population"),
        Column("设立日期", "opened_on"),
        Column("撤销日期", "closed_on"),
    ]

    def get_queryset(self):
        return selectors.unit_list_rows(super().get_queryset())


class OrgUnitDetailView(ScopedDetailView):
    model = OrgUnit
    capability = "org.view"
    template_name = "orgunits/orgunit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        user = self.request.user
        context.update(
            breadcrumb=[a for a in unit.ancestors() if in_scope(user, a.path)],
            children=selectors.children_with_counts(unit=unit, user=user)[:200],
            level_counts={Level(k).label: v for k, v in selectors.level_counts(unit=unit, user=user).items()},
            members=selectors.hub_members(hub=unit, user=user) if unit.is_hub else [],
            can_manage=user.can("org.manage"),
            can_view_log=user.can("changelog.view"),
            child_level=Level(unit.level + 1).label if unit.level < Level.WORKSTATION else "",
            history=record_history(unit, user)[:10] if user.can("changelog.view") else [],
        )
        return context


class OrgUnitTreeView(CapabilityRequiredMixin, View):
    """The tree from the user's own unit down; each node's children load on demand (htmx)."""

    capability = "org.view"
    model = OrgUnit

    def get(self, request, pk=None):
        user = request.user
        if pk is None:
            return render(request, "orgunits/tree.html", {"roots": selectors.roots_for(user)})
        unit = get_object_or_404(selectors.visible_units(user), pk=pk)
        children = selectors.children_with_counts(unit=unit, user=user)
        return render(request, "orgunits/_tree_children.html", {"children": children, "parent": unit})


class OrgUnitAutocompleteView(CapabilityRequiredMixin, View):
    capability = "org.view"
    model = OrgUnit

    def get(self, request):
        term = request.GET.get("q", "").strip()
        qs = selectors.visible_units(request.user)
        if term:
            qs = OrgUnitFilterSet({"q": term}, queryset=qs).qs
        level = request.GET.get("level")
        results = [{"id": u.pk, "code": u.code, "name": u.name, "level": u.level}
                   for u in selectors.suggestions(qs, level=int(level) if level and level.isdigit() else None)]
        return JsonResponse({"results": results})


class DivisionChildrenView(LoginRequiredMixin, View):
    """The country's divisions one level below `?parent=` (public data, for the address pickers of forms such
    as an application's 户籍地 and 居住地): province → city → county → township."""

    LEVELS = {1: "province", 2: "city", 3: "county", 4: "township"}

    def get(self, request):
        parent = request.GET.get("parent", "").strip()
        children = selectors.division_children(parent) if parent == "" or parent.isdigit() else []
        return JsonResponse([{"code": d.code, "name": d.name, "level": self.LEVELS.get(d.level, "")}
                             for d in children], safe=False)


class OrgUnitFormView(CapabilityRequiredMixin, View):
    capability = "org.manage"
    model = OrgUnit
    template_name = "orgunits/orgunit_form.html"

    def get_unit(self, pk):
        if pk is None:
            return None
        return get_object_or_404(selectors.visible_units(self.request.user), pk=pk)

    def _initial_for_new(self):
        parent_id = self.request.GET.get("parent")
        if not parent_id or not parent_id.isdigit():
            return {}
        parent = selectors.visible_unit_by_id(self.request.user, int(parent_id))
        if parent is None or parent.level >= Level.WORKSTATION:
            return {}
        return {"parent_code": parent.code, "level": parent.level + 1, "code": parent.code}

    def get(self, request, pk=None):
        unit = self.get_unit(pk)
        form = OrgUnitForm(user=request.user, instance=unit,
                           **({} if unit else {"initial": self._initial_for_new()}))
        return render(request, self.template_name, {"form": form, "unit": unit})

    def post(self, request, pk=None):
        unit = self.get_unit(pk)
        form = OrgUnitForm(request.POST, user=request.user, instance=unit)

        def save():
            kwargs = form.service_kwargs()
            if unit is None:
                if kwargs["parent"] is None and not request.user.is_superuser:
                    raise PermissionDenied
                created = services.create_unit(**kwargs)
                return created, f"已新建「{created.name}」"
            if unit.pk == request.user.unit_id and kwargs["parent"] != unit.parent:
                raise ValidationError({"parent": "不能移动您本人所属的单位"})
            saved = services.update_unit(unit=unit, **kwargs)
            return saved, f"已保存「{saved.name}」"

        if ran := run_form(form, save, {"parent": "parent_code", "hub": "hub_code"}):
            saved, message = ran.result
            messages.success(request, message)
            return redirect(reverse("orgunits:detail", args=[saved.pk]))
        return render(request, self.template_name, {"form": form, "unit": unit}, status=400)



class OrgUnitImportView(ExcelImportView):
    """Upload an Excel sheet of units; every row is checked and the sheet lands whole or not at all."""

    model = OrgUnit
    capability = "org.manage"
    template_name = "orgunits/import.html"
    columns = importers.COLUMNS
    template_title = "单位"
    success_url_name = "orgunits:list"

    def import_rows(self, rows, user) -> str:
        created = importers.import_units(rows=rows, user=user)
        return f"导入成功：新增 {len(created)} 个单位"
