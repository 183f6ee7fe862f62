"""Named lists (名单) that policies require applicants to be on (list_membership): the lists in scope, one
list with its people (ID numbers masked), and the Excel import by a justice bureau of county level or above.
Thin views over recruitment.services.import_named_list."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views import View

from sifasuo.core.forms import Form, run_form
from sifasuo.core.idnumbers import mask
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView

from .. import selectors, services
from ..models import NamedList

EDIT = "recruitment.lists.edit"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SHOWN_ENTRIES = 200


class NamedListListView(ScopedListView):
    model = NamedList
    capability = "recruitment.view"
    title = "名单"
    template_name = "recruitment/lists/list_list.html"
    columns = [
        Column("名单", lambda n: str(n), link=True),
        Column("名单代码", "code"),
        Column("名单日期", "as_of"),
        Column("所属单位", "unit__name"),
        Column("人数", "size"),
        Column("来源文件", "source"),
        Column("导入时间", "updated_at"),
    ]
    list_select_related = ("unit",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.can(EDIT)
        return context


class NamedListDetailView(ScopedDetailView):
    model = NamedList
    capability = "recruitment.view"
    template_name = "recruitment/lists/list_detail.html"
    queryset = selectors.named_list_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = selectors.list_entries(self.request.user, self.object)
        context["entries"] = [(e.row, e.full_name, mask(e.id_number)) for e in entries[:SHOWN_ENTRIES]]
        context["shown"] = SHOWN_ENTRIES
        return context


def import_units(user):
    """The bureaus in scope that may own a list: county level and above."""
    return selectors.list_owners(user)


class NamedListImportForm(Form):
    unit = forms.ModelChoiceField(label="所属单位", queryset=None, empty_label=None,
                                  help_text="导入名单的司法行政机关；其下各县（区）招聘时按此名单审查")
    code = forms.ChoiceField(label="名单类别")
    name = forms.CharField(label="名单名称", max_length=100, required=False,
                           help_text="如“全省司法辅助人员在册名单”；不填用名单类别的名称")
    as_of = forms.DateField(label="名单日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            help_text="名单所反映的日期（如“2024年6月30日在册”）；政策规定名单日期的，须与之一致")
    file = forms.FileField(label="Excel 文件（.xlsx）",
                           help_text="表头含“身份证号码”列（可另有“姓名”列），每行一人；有一处错误整个文件都不导入")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = import_units(user)
        self.fields["code"].choices = [(c, f"{n}（{c}）") for c, n in services.list_codes().items()]


class NamedListImportView(CapabilityRequiredMixin, View):
    model = NamedList
    capability = EDIT
    template_name = "recruitment/lists/list_import.html"

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "title": "导入名单"}, status=status)

    def get(self, request):
        return self.render(NamedListImportForm(user=request.user))

    def post(self, request):
        form = NamedListImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid() and (upload := form.cleaned_data["file"]).size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"文件过大（{upload.size // 1024 // 1024} MB），上限 50 MB")

        def import_list():
            data = form.cleaned_data
            return services.import_named_list(unit=data["unit"], code=data["code"], name=data["name"],
                                              as_of=data["as_of"], content=data["file"].read(),
                                              source=data["file"].name, actor=request.user)

        if ran := run_form(form, import_list):
            messages.success(request, f"已导入「{ran.result}」：{ran.result.size} 人")
            return redirect(ran.result.get_absolute_url())
        return self.render(form, status=400)
