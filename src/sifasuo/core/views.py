"""Page building blocks (every list and detail page goes through the scoping function) and core pages."""

from __future__ import annotations


from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404
from django.utils.functional import cached_property
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from . import context, jobs, listcache, replicas, selectors
from .changelog import SOURCE_LABELS, actor_text, changes_text, readable_changes
from .forms import run_form
from .idnumbers import mask
from .exports import heading_text, workbook_bytes, xlsx_response
from .importers import ImportRejected, estimate_rows, read_workbook, template_workbook
from .filters import ChangeLogFilterSet, applied_filters
from .models import ChangeLogEntry
from .scoping import EDIT, restrict
from .sensitive import log_bulk_read, log_read, reveal
from .tables import Column, link_rows, relations_read

EXPORT_LIMIT = 100_000
ASYNC_EXPORT_ROWS = 5_000   # a larger export runs as a job (core/jobs.py)
ASYNC_IMPORT_ROWS = 1_000   # so does a larger import


class CapabilityRequiredMixin(LoginRequiredMixin):
    capability: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.capability or not request.user.can(self.capability):
            raise PermissionDenied("您的角色没有访问此页面的权限。")
        if not self.capability.endswith(".view"):
            # an edit page (form, step, import): rows are reached in the user's own subtree only (D37)
            context.current().scope_action = EDIT
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


def paged(request, rows, per_page: int) -> dict:
    """The context `includes/pagination.html` reads, for a page that lists `rows` (a list or a queryset) a
    page at a time outside a ListView: page_obj (its object_list the page's rows), paginator, is_paginated
    and the query string without `page`."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page, "paginator": page.paginator, "is_paginated": page.paginator.num_pages > 1,
            "querystring": query.urlencode()}


def stored_file_response(stored, *, prefix: str = "", attachment: bool = True, missing: str = "文件不存在"):
    """A stored file (a FileField's value: a filed document, a certificate, a photo, a job's result) as the
    response, named `prefix` + its stored name; a file gone from storage answers 404 saying `missing`."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    return FileResponse(handle, as_attachment=attachment, filename=prefix + stored.name.rsplit("/", 1)[-1])


class ScopedQuerysetMixin(CapabilityRequiredMixin):
    """The view's rows are those the scoping function lets the user see."""

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user)


class LargeListPaginator(Paginator):
    """Pages of a list that may hold millions of rows (a province's 2,000,000 mediation cases), in two cheap
    queries instead of one that sorts every row (D52):

    - the count stops at COUNT_CAP: a list longer than that says "N 条以上" (counting the rest would read
      them all, on every page);
    - past DIRECT_ROWS rows, a page reads its rows' primary keys first, in the list's order (answered from an
      index on the scope and the order, without reading the rows), then only those rows, with everything the
      queryset selects; a shorter list is read in one query as usual."""

    count_cap = 10_000
    direct_rows = 2_000

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by().values("pk")[: self.count_cap + 1].count()
        self.capped = found > self.count_cap
        return min(found, self.count_cap)

    capped = False

    def page(self, number):
        if self.count <= self.direct_rows:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)


class ScopedListView(ScopedQuerysetMixin, ListView):
    """A list page with filters, search, pagination and Excel export of the same rows and columns."""

    template_name = "core/object_list.html"
    paginate_by = 50
    paginator_class = LargeListPaginator
    filterset_class = None
    filter_fields: tuple[str, ...] | None = None  # the filters shown on the page (all when None)
    columns: list[Column] = []
    export_columns: list[Column] | None = None   # the Excel export's, when it says more than the page
    title = ""
    export_filename = ""
    create_url_name = ""
    create_capability = ""
    import_url_name = ""
    # The relations the rows' columns read (one query, not one a row): those the columns name by path are found
    # by themselves (core.tables.relations_read); a list names here what its computed columns read.
    list_select_related: tuple[str, ...] = ()
    # Sensitive records (correction subjects, released persons): each export is logged as one sensitive
    # read with the number of rows and the filter (core.sensitive.log_bulk_read).
    sensitive_reads = False
    # A DataVersion name (core.dataversion) covering every table the rows are read from: the filter bar,
    # table and pagination are then cached per scope, role and query until that data changes (D27).
    cache_data_version = ""
    body_template_name = "core/_list_body.html"

    def cache_key_parts(self) -> list:
        """What else a cached body depends on besides the view, data version, scope, role and query (a list
        showing "today" or "mine" says so here)."""
        return []

    @classmethod
    def relations(cls) -> tuple[str, ...]:
        """What the rows are read with: `list_select_related` and the relations the page's and the export's
        columns read by path."""
        if "_relations" not in cls.__dict__:
            columns = [c for c in (cls.columns, cls.export_columns) if isinstance(c, (list, tuple))]
            read = relations_read(cls.model, [c for group in columns for c in group]) if cls.model else ()
            cls._relations = tuple(dict.fromkeys((*cls.list_select_related, *read)))
        return cls._relations

    def get_queryset(self):
        qs = super().get_queryset()
        if self.relations():
            qs = qs.select_related(*self.relations())
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs
        else:
            self.filterset = None
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            with replicas.reads():   # D61: exports read from the replica when one is usable
                queryset = self.get_queryset()
                # a large export is written by the worker (D48); counting stops past the threshold
                count = queryset.order_by().values("pk")[:ASYNC_EXPORT_ROWS + 1].count()
                if count <= ASYNC_EXPORT_ROWS:
                    content = self.export_workbook(queryset)
                    self.log_export(request.user, count)
                    return xlsx_response(self.export_name(), content)
            job = export_list.start(user=request.user, title=f"导出{self.export_filename or self.title}",
                                    params={"path": request.path, "query": request.GET.urlencode()},
                                    next_url=_without_export(request))
            return redirect(job)
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

    def log_export(self, user, count: int) -> None:
        """An export of a sensitive list is a bulk read: one entry with the number of rows and the filter
        (core.sensitive.log_bulk_read), whether the page or the worker wrote it."""
        if self.sensitive_reads:
            log_bulk_read(model=self.model, user=user, count=count, query=self.request.GET, how="export")

    def export_name(self) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{self.export_filename or self.title}-{stamp}.xlsx"

    def export_workbook(self, queryset, progress=None) -> bytes:
        """The .xlsx of these rows in the export's columns (the page's unless `export_columns` says more; at
        most EXPORT_LIMIT); a list with a faster or richer writer overrides this. A job's `progress` is
        advanced row by row."""
        rows = queryset[:EXPORT_LIMIT].iterator(chunk_size=2000)
        return workbook_bytes(self.title, self.export_columns or self.columns,
                              progress.counting(rows) if progress else rows, heading=self.export_heading())

    def export_heading(self) -> str:
        """The register's title row (core.exports.heading_text): this list, the reader's unit, the filters
        applied (read from the filterset `get_queryset` bound), when, by whom — the same whether the page or
        the worker writes the file (`view_for_job` sets the view up with the job's user and query)."""
        user = self.request.user
        return heading_text(self.title, unit=getattr(user, "unit", None), filters=self.export_filters(), user=user)

    def export_filters(self) -> list[tuple[str, str]]:
        """(label, value) of the filters applied, for the title row; a list with filters of its own says them."""
        return applied_filters(getattr(self, "filterset", None))

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
            filter_fields=self._shown_filter_fields(),
            rows=link_rows(self._rows(context["object_list"])), empty="没有符合条件的记录",
        )
        context["list_body"] = mark_safe(render_to_string(self.body_template_name, context))
        return context

    def _shown_filter_fields(self) -> list[dict]:
        """The filter bar as plain data: includes/filter_bar.html writes the inputs itself, which costs a fraction
        of rendering each widget through Django's form renderer (docs/benchmarks.md, 剖析)."""
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
        """Each row's cells as (text, link or None), computed once in Python (includes/table_rows.html writes
        them, through core.tables.link_rows)."""
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


def _without_export(request) -> str:
    query = request.GET.copy()
    query.pop("export", None)
    return request.path + (f"?{query.urlencode()}" if query else "")


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
    """One record of the user's scope. `select_related` names the relations the page reads (read with the
    record, as `list_select_related` does for a list)."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.select_related(*self.select_related) if self.select_related else qs


class SensitivePersonDetailView(ScopedDetailView):
    """The page of a person on a sensitive register (a correction subject, a released person, an
    investigation's subject): opening it is logged as a read (core.sensitive.log_read), and the ID number is
    shown masked unless the reader asks (?reveal=1) and may see it in full (logged again, `reveal`)."""

    select_related = ("unit",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        log_read(self.object, user)
        if self.request.GET.get("reveal"):
            shown, full = reveal(self.object, "id_number", user)
        else:
            shown, full = mask(self.object.id_number), False
        context.update(id_number_shown=shown, id_number_full=full, can_reveal=user.can("personal.view_full_id"))
        return context


class UnitRecordCreateView(CapabilityRequiredMixin, View):
    """A form opening a record in a unit named by its code (the user's own unit offered first): the unit and
    the form's other fields go to `service(actor=, unit=, **fields)`, which checks the scope and the rules; a
    refusal is shown on the form's fields, nothing written. A module sets `form_class`, `title`, `service` and
    `success_message` (formatted with the new `record`); the page then opens the record (`success_url`)."""

    form_class: type
    title = ""
    template_name = "core/form.html"
    service = None
    success_message = ""

    def message(self, record) -> str:
        return self.success_message.format(record=record)

    def success_url(self, record) -> str:
        return record.get_absolute_url()

    def initial(self) -> dict:
        unit = self.request.user.unit
        return {"unit_code": unit.code if unit else ""}

    def page(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "title": self.title}, status=status)

    def get(self, request):
        return self.page(self.form_class(initial=self.initial()))

    def post(self, request):
        from sifasuo.orgunits.selectors import unit_by_code   # orgunits builds on core

        form = self.form_class(request.POST, request.FILES)

        def create():
            data = dict(form.cleaned_data)
            return self.service(actor=request.user, unit=unit_by_code(data.pop("unit_code")), **data)

        if ran := run_form(form, create, {"unit": "unit_code"}):
            messages.success(request, self.message(ran.result))
            return redirect(self.success_url(ran.result))
        return self.page(form, status=400)


class RecordEditView(CapabilityRequiredMixin, View):
    """A form changing one record of the user's scope: the record is found in `records(user)` (a selector that
    scopes it: 404 outside), the form shown filled in, and a valid form handed to `save` (through
    core.forms.run_form), which calls the service and returns the success message ("" for none); a refusal
    (ValidationError) is shown on the form's fields and nothing is written. A module sets `template_name`, `records`, `make_form` and `save`, and the page's
    `context` and `success_url` where they are not the record and its own page."""

    template_name = ""
    records = None      # staticmethod(user) -> the records the user may reach

    def get_record(self, pk):
        return get_object_or_404(self.records(self.request.user), pk=pk)

    def make_form(self, record, data=None):
        """The form for `record`: filled in from it, or bound to `data` (the POST). Each edit page supplies it."""
        raise NotImplementedError("each edit page names the form it shows")

    def save(self, record, form) -> str:
        """Call the service with the valid form; return the success message. Each edit page supplies it."""
        raise NotImplementedError("each edit page names the service it calls")

    def context(self, record, form) -> dict:
        return {"object": record, "form": form}

    def success_url(self, record) -> str:
        return record.get_absolute_url()

    def page(self, record, form, status=200):
        return render(self.request, self.template_name, self.context(record, form), status=status)

    def get(self, request, pk):
        record = self.get_record(pk)
        return self.page(record, self.make_form(record))

    def post(self, request, pk):
        record = self.get_record(pk)
        form = self.make_form(record, request.POST)
        if ran := run_form(form, lambda: self.save(record, form)):
            if ran.result:
                messages.success(request, ran.result)
            return redirect(self.success_url(record))
        return self.page(record, form, status=400)


class ExcelImportView(CapabilityRequiredMixin, View):
    """An Excel import page: GET shows the columns (?template=1 downloads the blank template), POST reads the
    file with core.importers.read_workbook and hands the rows to `import_rows`, which lands them whole or
    raises ImportRejected; errors are listed by row and column and nothing changes.

    A file of more than `async_rows` rows is imported as a job (core/jobs.py, D48): the request stores the file
    and answers at once with the job's page, whose progress bar shows rows checked of the total and the errors
    so far; the worker runs the same `import_file` (all or nothing, the same row and column errors)."""

    columns: list = []
    template_title = ""          # sheet and file name of the blank template
    success_url_name = ""
    max_upload_bytes = 20 * 1024 * 1024
    async_rows = ASYNC_IMPORT_ROWS

    def prepare(self) -> None:
        """Load what the page works on from the URL (`self.kwargs`): called once the capability is checked and
        the edit scope set (D37), before GET and POST, and in the worker before a job's import."""

    def import_rows(self, rows, user) -> str:
        """Write the rows; return the success message."""
        raise NotImplementedError("each import page names what it writes")

    def import_file(self, handle, user, progress=None) -> str:
        """Read a whole uploaded file (a binary file object) and write it; return the success message. The
        default reads the columns with read_workbook and hands the rows to `import_rows`; an import that
        streams its file overrides this."""
        rows = read_workbook(handle.read(), self.columns, progress=progress)
        if progress is not None:
            progress.update(phase="写入", total=len(rows), done=0)
        message = self.import_rows(rows, user)
        if progress is not None:
            progress.update(done=len(rows), force=True)
        return message

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
        self.prepare()
        if request.GET.get("template"):
            return self.template_download()
        return render(request, self.template_name, self.page_context())

    def post(self, request, *args, **kwargs):
        self.prepare()
        upload = request.FILES.get("file")
        if upload is None:
            return self.refused(["请选择要导入的 Excel 文件"])
        if upload.size > self.max_upload_bytes:
            return self.refused([f"文件过大（{upload.size // 1024 // 1024} MB），"
                                 f"上限 {self.max_upload_bytes // 1024 // 1024} MB"])
        rows = estimate_rows(upload)
        if rows is not None and rows > self.async_rows:
            job = import_excel.start(user=request.user, title=f"导入{self.template_title}（{rows} 行）",
                                     upload=upload, params={"path": request.path},
                                     next_url=self.get_success_url())
            return redirect(job)
        try:
            message = self.import_file(upload, request.user)
        except ImportRejected as exc:
            return self.refused(exc.errors)
        messages.success(request, message)
        return redirect(self.get_success_url())


def view_for_job(job, method: str):
    """The view instance behind the page that started `job` (`job.params`: its path, and query for a GET), set
    up for the job's user as that page's request would be: a job runs exactly what the page would have run.
    A page starts such a job with `params={"path": request.path, "query": request.GET.urlencode()}`."""
    from django.http import HttpRequest, QueryDict
    from django.urls import Resolver404, resolve

    if job.user is None or not job.user.is_active:
        raise jobs.JobFailed("发起任务的账号已不存在或已停用，任务未执行。")
    try:
        match = resolve(job.params["path"])
    except (KeyError, Resolver404):
        raise jobs.JobFailed("发起任务的页面已不存在，任务未执行。") from None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        raise jobs.JobFailed("发起任务的页面不支持后台任务。")
    request = HttpRequest()
    request.method = method
    request.path = job.params["path"]
    request.GET = QueryDict(job.params.get("query", ""))
    request.user = job.user
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    capability = getattr(view, "capability", "")
    if capability and not job.user.can(capability):
        raise jobs.JobFailed("您的角色已没有该页面的权限，任务未执行。")
    return view


@jobs.job("导入 Excel")
def import_excel(job, progress) -> str:
    """An Excel import page's import, run by the worker (ExcelImportView.post starts it)."""
    view = view_for_job(job, "POST")
    if not isinstance(view, ExcelImportView):
        raise jobs.JobFailed("发起任务的页面不是导入页面。")
    view.prepare()
    with job.input_file.open("rb") as handle:
        return view.import_file(handle, job.user, progress)


@jobs.job("导出 Excel", atomic=False)
def export_list(job, progress) -> str:
    """A list page's Excel export of more than ASYNC_EXPORT_ROWS rows, run by the worker: the same filtered
    rows and columns the page would have exported."""
    view = view_for_job(job, "GET")
    if not isinstance(view, ScopedListView):
        raise jobs.JobFailed("发起任务的页面不是列表页面。")
    with replicas.reads():   # D61: exports read from the replica when one is usable
        queryset = view.get_queryset()
        total = min(queryset.count(), EXPORT_LIMIT)
        progress.start(total=total, phase="写入 Excel")
        workbook = view.export_workbook(queryset, progress)
        view.log_export(job.user, total)
    progress.save_result(view.export_name(), workbook)
    return f"已导出 {total} 行" + (f"（超过 {EXPORT_LIMIT} 行的部分未导出，请加筛选条件分批导出）"
                                   if queryset.count() > EXPORT_LIMIT else "")


class SearchView(CapabilityRequiredMixin, TemplateView):
    """The search box's results: people, cases, subjects and units of the user's scope (core.search)."""

    capability = "search.use"
    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        from . import search

        query = (self.request.GET.get("q") or "").strip()
        groups = search.search(self.request.user, query)
        return super().get_context_data(
            title="搜索", search_query=query, groups=groups, too_short=0 < len(query) < search.MIN_LENGTH,
            by_id_number=bool(search.full_id_number(query)), min_length=search.MIN_LENGTH, **kwargs)


class ChangeLogListView(ScopedListView):
    model = ChangeLogEntry
    capability = "changelog.view"
    filterset_class = ChangeLogFilterSet
    # object and request numbers are reached by links (the detail page's 同一操作), not typed
    filter_fields = ("unit", "content_type", "username", "action", "since", "until")
    title = "变更日志"
    template_name = "core/changelog_list.html"
    list_select_related = ("content_type", "user", "unit")
    columns = [
        Column("时间", lambda e: timezone.localtime(e.time).strftime("%Y-%m-%d %H:%M:%S")),
        Column("操作人", actor_text),
        Column("操作", "action"),
        Column("数据类型", lambda e: e.content_type.model_class()._meta.verbose_name
               if e.content_type.model_class() else e.content_type.model),
        Column("对象", "object_repr", link=True),
        Column("单位", lambda e: e.unit.name if e.unit_id else ""),
    ]
    # For an auditor (issue 16): where each change came from and what it changed, field by field, worded as
    # the change-log page words it (field labels, choice labels, units by name: core.changelog).
    export_columns = [*columns,
                      Column("来源地址", "remote_addr"),
                      Column("来源", lambda e: SOURCE_LABELS.get(e.source, e.source)),
                      Column("变更内容", lambda e: changes_text(e))]

    def export_workbook(self, queryset, progress=None) -> bytes:
        # one cache of referenced records' names for the whole export, not one per entry
        related: dict = {}
        columns = [*self.export_columns[:-1], Column("变更内容", lambda e: changes_text(e, related))]
        rows = queryset[:EXPORT_LIMIT].iterator(chunk_size=2000)
        return workbook_bytes(self.title, columns, progress.counting(rows) if progress else rows,
                              heading=self.export_heading())



class ChangeLogDetailView(ScopedDetailView):
    model = ChangeLogEntry
    capability = "changelog.view"
    template_name = "core/changelog_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        context["changes"] = readable_changes(entry)
        context["actor"] = actor_text(entry)
        context["source"] = SOURCE_LABELS.get(entry.source, entry.source)
        model = entry.content_type.model_class()
        context["data_type"] = model._meta.verbose_name if model else entry.content_type.name
        context["same_request"] = selectors.same_request(entry, self.request.user)[:50]
        return context


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有访问此页面的权限。"
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
