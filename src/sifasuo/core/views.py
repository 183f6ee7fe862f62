"""Page building blocks (every list and detail page goes through the scoping function) and core pages."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from . import listcache, replicas
from .exports import workbook_bytes, xlsx_response
from .importers import ImportRejected, read_workbook, template_workbook
from .filters import ChangeLogFilterSet
from .models import ChangeLogEntry
from .scoping import restrict
from .tables import Column, filter_bar_html, rows_html

EXPORT_LIMIT = 100_000


class CapabilityRequiredMixin(LoginRequiredMixin):
    capability: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.capability or not request.user.can(self.capability):
            raise PermissionDenied("您的角色没有访问此页面的权限。")
        return super().dispatch(request, *args, **kwargs)


class ReplicaReadsMixin:
    """A read-only heavy page (dashboard, ranking, statistical table, export): its GET reads from the
    replica when one is usable (core/replicas.py, D61). Put it first among the bases, so that the user and
    the scope are read inside it too. A replica that fails half-way is logged and the page read again from
    the primary."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not replicas.configured():
            return super().dispatch(request, *args, **kwargs)
        with replicas.reads():
            try:
                return super().dispatch(request, *args, **kwargs)
            except (OperationalError, InterfaceError) as exc:
                replicas.mark_unusable(f"{exc.__class__.__name__}: {str(exc).strip()[:200]}")
        with replicas.primary_only():
            return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin(CapabilityRequiredMixin):
    """The view's rows are those the scoping function lets the user see."""

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    """A list page with filters, search, pagination and Excel export of the same rows and columns."""

    template_name = "core/object_list.html"
    paginate_by = 50
    filterset_class = None
    filter_fields: tuple[str, ...] | None = None  # the filters shown on the page (all when None)
    columns: list[Column] = []
    export_columns: list[Column] | None = None   # the Excel export's, when it says more than the page
    title = ""
    export_filename = ""
    create_url_name = ""
    create_capability = ""
    import_url_name = ""
    # A DataVersion name (core.dataversion) covering every table the rows are read from: the filter bar,
    # table and pagination are then cached per scope, role and query until that data changes (D27).
    cache_data_version = ""
    body_template_name = "core/_list_body.html"

    def get_queryset(self):
        qs = super().get_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs
        else:
            self.filterset = None
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            with replicas.reads():   # D61: exports read from the replica when one is usable
                rows = self.get_queryset()[:EXPORT_LIMIT]
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
                name = f"{self.export_filename or self.title}-{stamp}.xlsx"
                columns = self.export_columns or self.columns
                return xlsx_response(name, workbook_bytes(self.title, columns, rows.iterator(chunk_size=2000)))
        key = listcache.key_for(request, self, self.cache_data_version) if self.cache_data_version else None
        body = listcache.cache().get(key) if key else None
        if body is None:
            self.object_list = self.get_queryset()
            context = self.get_context_data()
            if key:
                listcache.cache().set(key, str(context["list_body"]))
        else:
            self.object_list = None   # not read: the cached body already holds the rows
            context = self.shell_context(list_body=mark_safe(body))
        return self.render_to_response(context)

    def shell_context(self, **kwargs) -> dict:
        """What the page around the list needs (all a cached list body is rendered with)."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            "view": self,
            "title": self.title,
            "querystring": query.urlencode(),
            "can_create": bool(self.create_url_name) and self.request.user.can(self.create_capability),
            "create_url_name": self.create_url_name,
            "import_url_name": self.import_url_name,
            **kwargs,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.shell_context())
        context.update(
            columns=self.columns,
            filterset=self.filterset,
            filter_bar=filter_bar_html(self._shown_filter_fields()),
            table_body=rows_html(self._rows(context["object_list"]), empty="没有符合条件的记录",
                                 width=len(self.columns)),
        )
        context["list_body"] = mark_safe(render_to_string(self.body_template_name, context))
        return context

    def _shown_filter_fields(self) -> list[dict]:
        """The filter bar as plain data: the template writes the inputs itself, which costs a fraction of
        rendering each widget through Django's form renderer (docs/benchmarks.md, 剖析)."""
        if self.filterset is None:
            return []
        form = self.filterset.form
        fields = []
        for name in self.filter_fields or tuple(form.fields):
            bound = form[name]
            value = bound.value()
            value = "" if value is None else str(value)
            widget = bound.field.widget
            choices = getattr(widget, "choices", None)
            entry = {"name": bound.html_name, "id": bound.auto_id, "label": bound.label, "value": value,
                     "errors": bound.errors, "kind": "text"}
            if choices is not None:
                entry["kind"] = "select"
                entry["choices"] = [(str(v), label, str(v) == value) for v, label in choices]
            elif getattr(widget, "input_type", "") == "date":
                entry["kind"] = "date"
            fields.append(entry)
        return fields

    def _rows(self, objects) -> list[list[tuple[str, str | None]]]:
        """Each row's cells as (text, link or None), computed once in Python rather than cell by cell in
        template tags."""
        linked = any(c.link for c in self.columns)
        rows = []
        url_of = None
        for obj in objects:
            url = None
            if linked and hasattr(obj, "get_absolute_url"):
                url_of = url_of or _url_pattern(obj)
                url = url_of(obj)
            rows.append([(c.text(obj), url if c.link else None) for c in self.columns])
        return rows


def _url_pattern(sample):
    """A function giving each row's detail URL: the first row's URL with its id swapped for each row's,
    so a page resolves one URL instead of one per row (when the id shows once, as /…/<pk>/)."""
    first = sample.get_absolute_url()
    marker = f"/{sample.pk}/"
    if first.count(marker) != 1:
        return lambda obj: obj.get_absolute_url()
    head, tail = first.split(marker)
    return lambda obj: f"{head}/{obj.pk}/{tail}"


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    pass


class ExcelImportView(CapabilityRequiredMixin, View):
    """An Excel import page: GET shows the columns (?template=1 downloads the blank template), POST reads the
    file with core.importers.read_workbook and hands the rows to `import_rows`, which lands them whole or
    raises ImportRejected; errors are listed by row and column and nothing changes."""

    columns: list = []
    template_title = ""          # sheet and file name of the blank template
    success_url_name = ""
    max_upload_bytes = 20 * 1024 * 1024

    def import_rows(self, rows, user) -> str:
        """Write the rows; return the success message."""
        raise NotImplementedError  # each import page says what it writes

    def get_success_url(self) -> str:
        return reverse(self.success_url_name)

    def page_context(self, **kwargs) -> dict:
        """The page's context (a refused file adds `errors`)."""
        return {"columns": self.columns, **kwargs}

    def template_download(self):
        """The blank template (?template=1)."""
        return xlsx_response(f"{self.template_title}导入模板.xlsx",
                             template_workbook(self.template_title, self.columns))

    def refused(self, errors: list[str]):
        return render(self.request, self.template_name, self.page_context(errors=errors), status=400)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            return self.template_download()
        return render(request, self.template_name, self.page_context())

    def post(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        if upload is None:
            return self.refused(["请选择要导入的 Excel 文件"])
        if upload.size > self.max_upload_bytes:
            return self.refused([f"文件过大（{upload.size // 1024 // 1024} MB），"
                                 f"上限 {self.max_upload_bytes // 1024 // 1024} MB"])
        try:
            message = self.import_rows(read_workbook(upload.read(), self.columns), request.user)
        except ImportRejected as exc:
            return self.refused(exc.errors)
        messages.success(request, message)
        return redirect(self.get_success_url())


class HomeView(LoginRequiredMixin, TemplateView):
    """What each role does first: a unit's staff see their unit and the units below it."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from sifasuo.orgunits.choices import Level
        from sifasuo.orgunits.models import OrgUnit

        context = super().get_context_data(**kwargs)
        user = self.request.user
        counts = {}
        if user.can("org.view"):
            rows = (restrict(OrgUnit.objects.filter(closed_on__isnull=True), user)
                    .values("level").annotate(n=Count("id")).order_by("level"))
            counts = {Level(r["level"]).label: r["n"] for r in rows}
        recent = []
        if user.can("changelog.view"):
            recent = list(restrict(ChangeLogEntry.objects.select_related("content_type"), user)[:8])
        today = datetime.date.today()
        missing = []
        from sifasuo.accounts.roles import ADMINS

        if user.role in ADMINS or user.is_superuser:
            from .holidays import missing_years

            missing = missing_years(today)
        context.update(unit_counts=counts, recent_changes=recent, today=today, calendar_missing=missing,
                       can_enter_calendar=user.can("calendar.manage"))
        return context


class ChangeLogListView(ScopedListView):
    model = ChangeLogEntry
    capability = "changelog.view"
    filterset_class = ChangeLogFilterSet
    title = "变更日志"
    template_name = "core/changelog_list.html"
    columns = [
        Column("时间", lambda e: timezone.localtime(e.time).strftime("%Y-%m-%d %H:%M:%S")),
        Column("操作人", "username"),
        Column("操作", "action"),
        Column("数据类型", lambda e: e.content_type.model_class()._meta.verbose_name
               if e.content_type.model_class() else e.content_type.model),
        Column("对象", "object_repr", link=True),
        Column("单位路径", "unit_path"),
        Column("请求编号", "request_id"),
    ]
    # For an auditor (issue 16): where each change came from and what it changed, field by field.
    export_columns = [*columns,
                      Column("来源地址", "remote_addr"),
                      Column("来源", "source"),
                      Column("变更内容", lambda e: "；".join(f"{field}：{before} → {after}"
                                                          for field, before, after in e.changed_fields()))]

    def get_queryset(self):
        return super().get_queryset().select_related("content_type")


class ChangeLogDetailView(ScopedDetailView):
    model = ChangeLogEntry
    capability = "changelog.view"
    template_name = "core/changelog_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        context["same_request"] = (
            restrict(ChangeLogEntry.objects.filter(request_id=entry.request_id), self.request.user)
            .exclude(pk=entry.pk).select_related("content_type")[:50]
        )
        return context


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有访问此页面的权限。"
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
