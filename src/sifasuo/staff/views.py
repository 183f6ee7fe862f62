"""Staff pages: the roster (masked ID numbers; full number on the detail page only for roles that need it,
each view logged), a person's records and the forms that add them, contracts and their documents, the
level review, training compliance, the pay sheet and the roster import."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from sifasuo.core import listcache
from sifasuo.core.documents import CONTENT_TYPES, DocumentError, download_response
from sifasuo.core.exports import heading_text, workbook_bytes, xlsx_response
from sifasuo.core.forms import guard_id_number, keep_blank_id_number, run_form, run_step
from sifasuo.core.idnumbers import mask
from sifasuo.core.scoping import EDIT, in_scope, not_found_message, path_codes
from sifasuo.core.sensitive import reveal
from sifasuo.core.tables import MASKED_ID_NUMBER, Column
from sifasuo.core.views import (EXPORT_LIMIT, CapabilityRequiredMixin, ExcelImportView, RecordEditView,
                                ScopedDetailView, ScopedListView)
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.orgunits.selectors import unit_by_code, unit_with_code, visible_unit
from sifasuo.core.policies import policy_name

from . import documents, exports, filters, forms, importers, selectors, services
from .models import (Assessment, Contract, LevelProposal, LevelRecord, PayBenchmark, RewardDiscipline,
                     StaffMember, TrainingRecord, Transfer, WritingRecord)


class StaffListView(ScopedListView):
    model = StaffMember
    capability = "staff.view"
    filterset_class = filters.StaffFilterSet
    title = "工作人员花名册"
    import_url_name = "staff:import"
    create_url_name = "staff:create"
    create_capability = "staff.edit"
    template_name = "staff/staff_list.html"
    columns = [
        Column("姓名", "full_name", link=True),
        Column("性别", "sex"),
        MASKED_ID_NUMBER,
        Column("人员类别", "staff_type"),
        Column("职务", "position"),
        Column("层级", "assistant_level"),
        Column("岗位职责类别", "duty_category"),
        Column("所在单位", "unit__name"),
        Column("学历", "education"),
        Column("到岗日期", "joined_on"),
        Column("离岗日期", "left_on"),
    ]

    def get_queryset(self):
        return selectors.roster_rows(super().get_queryset())

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "roster":
            content = importers.export_roster(self.get_queryset(), request.user)
            return xlsx_response(f"花名册-{datetime.date.today():%Y%m%d}.xlsx", content)
        return super().get(request, *args, **kwargs)

    def export_workbook(self, queryset, progress=None) -> bytes:
        """The same rows and columns as the page, written fast: to a temporary file row by row; only the
        finished (compressed) file is read back."""
        with exports.roster_xlsx_file(queryset[:EXPORT_LIMIT], self.title, progress,
                                      heading=self.export_heading()) as handle:
            return handle.read()


class StaffDetailView(ScopedDetailView):
    model = StaffMember
    capability = "staff.view"
    template_name = "staff/staffmember_detail.html"

    def get_queryset(self):
        return selectors.visible_staff(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        m = self.object
        shown, full = reveal(m, "id_number", self.request.user)
        context.update(
            id_number_shown=shown, id_number_full=full, **selectors.member_records(m),
            can_edit=self.request.user.can("staff.edit"), can_record=self.request.user.can("staff.records"),
            actions=[(k, a["title"]) for k, a in ACTIONS.items() if self.request.user.can(a["capability"])
                     and (k != "obligation" or selectors.has_open_obligation(m))],
        )
        return context


# --- adding a person's records -------------------------------------------------------------------------


ACTIONS = {
    "training": {"title": "登记培训", "form": forms.TrainingForm, "capability": "staff.records",
                 "do": lambda u, m, d: services.record_training(actor=u, staff=m, **d)},
    "assessment": {"title": "登记年度考核", "form": forms.AssessmentForm, "capability": "staff.edit",
                   "do": lambda u, m, d: services.record_assessment_from(actor=u, staff=m, data=d)},
    "reward": {"title": "登记奖惩", "form": forms.RewardForm, "capability": "staff.edit",
               "do": lambda u, m, d: services.record_reward(actor=u, staff=m, **d)},
    "writing": {"title": "登记写作任务", "form": forms.WritingForm, "capability": "staff.records",
                "do": lambda u, m, d: services.record_writing(actor=u, staff=m, **d)},
    "level": {"title": "设定层级", "form": forms.LevelForm, "capability": "staff.edit",
              "do": lambda u, m, d: services.set_level(actor=u, staff=m, **d)},
    "contract": {"title": "登记聘用合同", "form": forms.ContractForm, "capability": "staff.edit",
                 "do": lambda u, m, d: services.create_contract(actor=u, staff=m, **d)},
    "transfer": {"title": "调动", "form": forms.TransferForm, "capability": "staff.edit",
                 "do": lambda u, m, d: services.transfer_member(
                     actor=u, staff=m, to_unit=unit_by_code(d["to_unit"], "to_unit"), on=d["on"], reason=d["reason"])},
    "obligation": {"title": "登记有条件聘用义务的履行", "form": forms.ObligationForm, "capability": "staff.edit",
                   "member_form": True,
                   "do": lambda u, m, d: services.fulfil_obligation(actor=u, staff=m, **d)},
    "exit": {"title": "离岗（辞职、不再续聘、解聘、退休）", "form": forms.ExitForm, "capability": "staff.edit",
             "do": lambda u, m, d: services.exit_member(actor=u, staff=m, kind=d["exit_kind"], on=d["left_on"],
                                                        reason=d["exit_reason"])},
}
FIELD_MAP = {"on": "on", "left_on": "left_on", "exit_kind": "exit_kind", "effective_on": "effective_on"}


class StaffRecordView(CapabilityRequiredMixin, View):
    """GET: the form of one action on a person; POST: the service, its Chinese errors on the form."""

    model = StaffMember
    capability = "staff.view"
    template_name = "staff/record_form.html"

    def _setup(self, request, pk, action):
        member = get_object_or_404(selectors.visible_staff(request.user), pk=pk)
        spec = ACTIONS.get(action)
        if spec is None:
            raise Http404("没有这项操作")
        if not request.user.can(spec["capability"]):
            raise PermissionDenied("您的角色不能进行此项操作。")
        return member, spec

    @staticmethod
    def _form(spec, member, data=None):
        extra = {"member": member} if spec.get("member_form") else {}
        return spec["form"](data, **extra)

    def get(self, request, pk, action):
        member, spec = self._setup(request, pk, action)
        return render(request, self.template_name, {"form": self._form(spec, member), "object": member,
                                                    "title": spec["title"]})

    def post(self, request, pk, action):
        member, spec = self._setup(request, pk, action)
        form = self._form(spec, member, request.POST)
        if run_form(form, lambda: spec["do"](request.user, member, form.cleaned_data),
                    {"staff": "__all__", "unit": "__all__"}):
            messages.success(request, f"{spec['title']}：已保存")
            return redirect(reverse("staff:detail", args=[member.pk]))
        return render(request, self.template_name, {"form": form, "object": member, "title": spec["title"]},
                      status=400)


# --- record lists --------------------------------------------------------------------------------------

STAFF_COLUMNS = [Column("姓名", "staff__full_name", link=True), Column("所在单位", "staff__unit__name")]


class _RecordList(ScopedListView):
    capability = "staff.view"
    list_select_related = ("staff", "staff__unit")


class ContractListView(_RecordList):
    model = Contract
    filterset_class = filters.ContractFilterSet
    title = "聘用合同"
    columns = [Column("姓名", "staff__full_name", link=True), Column("所在单位", "staff__unit__name"),
               Column("开始日期", "start"), Column("结束日期", "end"), Column("试用期至", "probation_end"),
               Column("依据", lambda c: policy_name(c.policy_id)), Column("备注", "note")]


class ContractDetailView(ScopedDetailView):
    model = Contract
    capability = "staff.view"
    template_name = "staff/contract_detail.html"

    def get_queryset(self):
        return selectors.visible_records(Contract, self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["proposal"] = services.renewal_proposal(self.object)
        except ValidationError as exc:
            context["proposal_error"] = exc.messages[0]
        context["renewed"] = self.object.renewals.first()
        context["form"] = forms.RenewForm()
        context["can_edit"] = self.request.user.can("staff.edit")
        return context


class ContractRenewView(CapabilityRequiredMixin, View):
    model = Contract
    capability = "staff.edit"

    def post(self, request, pk):
        contract = get_object_or_404(selectors.visible_records(Contract, request.user), pk=pk)
        ran = run_step(request, lambda: services.renew_contract(
            actor=request.user, contract=contract, override_reason=request.POST.get("override_reason", "")))
        if not ran:
            return redirect(reverse("staff:contract", args=[contract.pk]))
        new = ran.result
        messages.success(request, f"已续订合同：{new.start:%Y-%m-%d}至{new.end:%Y-%m-%d}")
        return redirect(reverse("staff:contract", args=[new.pk]))

    def get(self, request, pk):
        get_object_or_404(selectors.visible_records(Contract, request.user), pk=pk)
        return redirect(reverse("staff:contract", args=[pk]))


class DocumentView(CapabilityRequiredMixin, View):
    """聘用合同 (contract) / 年度考核登记表 (assessment) as docx or pdf."""

    capability = "staff.view"
    kind = ""

    def get(self, request, pk, fmt):
        obj = get_object_or_404(selectors.visible_records(self.model, request.user), pk=pk)
        if fmt not in CONTENT_TYPES:
            raise Http404("文件格式只能是 docx 或 pdf")
        if self.kind == "contract" and not request.user.can("personal.view_full_id"):
            raise PermissionDenied("聘用合同含完整身份证号码，您的角色不能打印。")
        if self.kind == "contract":
            reveal(obj.staff, "id_number", request.user)  # logs the full view
        try:
            content = documents.render(self.kind, obj, fmt)
        except DocumentError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        name = {"contract": "聘用合同", "assessment": "年度考核登记表"}[self.kind]
        return download_response(content, fmt, f"{name}-{obj.staff.full_name}.{fmt}")


class ContractDocumentView(DocumentView):
    model = Contract
    kind = "contract"


class AssessmentDocumentView(DocumentView):
    model = Assessment
    kind = "assessment"


class LevelRecordListView(_RecordList):
    model = LevelRecord
    filterset_class = filters.LevelRecordFilterSet
    title = "层级记录"
    columns = [*STAFF_COLUMNS, Column("层级", "level"), Column("生效日期", "effective_on"), Column("依据", "reason")]


class TrainingListView(_RecordList):
    model = TrainingRecord
    filterset_class = filters.TrainingFilterSet
    title = "培训记录"
    columns = [*STAFF_COLUMNS, Column("培训类别", "kind"), Column("组织单位", "organizer"), Column("培训名称", "title"),
               Column("开始日期", "start_on"), Column("天数", "days")]


class AssessmentListView(_RecordList):
    model = Assessment
    filterset_class = filters.AssessmentFilterSet
    title = "年度考核"
    columns = [*STAFF_COLUMNS, Column("年度", "year"), Column("德", "virtue"), Column("能", "ability"),
               Column("勤", "diligence"), Column("绩", "performance"), Column("廉", "integrity"),
               Column("总分", "total"), Column("等次", "grade")]


class RewardListView(_RecordList):
    model = RewardDiscipline
    filterset_class = filters.RewardFilterSet
    title = "奖惩记录"
    columns = [*STAFF_COLUMNS, Column("类别", "kind"), Column("名称", "title"), Column("日期", "on"),
               Column("事由", "reason"), Column("决定机关", "issuer")]


class WritingListView(_RecordList):
    model = WritingRecord
    filterset_class = filters.WritingFilterSet
    title = "写作任务"
    columns = [*STAFF_COLUMNS, Column("年度", "year"), Column("类别", "kind"), Column("题目", "title"),
               Column("报送日期", "submitted_on")]


class TransferListView(_RecordList):
    model = Transfer
    filterset_class = filters.TransferFilterSet
    title = "调动记录"
    columns = [*STAFF_COLUMNS, Column("调出单位", "from_unit__name"), Column("调入单位", "to_unit__name"),
               Column("调动日期", "on"), Column("原因", "reason")]
    list_select_related = (*_RecordList.list_select_related, "from_unit", "to_unit")


class BenchmarkListView(ScopedListView):
    model = PayBenchmark
    capability = "staff.view"
    filterset_class = filters.BenchmarkFilterSet
    title = "工资基准"
    columns = [Column("县级司法局", "unit__name", link=True), Column("工资基准", "benchmark"),
               Column("月标准（元）", "monthly_amount", kind="money"), Column("生效日期", "effective_from"), Column("依据文件", "note")]
    list_select_related = ("unit",)


# --- county pages: level review, training, pay sheet ---------------------------------------------------


def _county_for(request, code: str | None) -> OrgUnit | None:
    """The county named in ?county= (in scope), else the user's own county, else None."""
    user = request.user
    if code:
        return visible_unit(user, code, level=Level.COUNTY)
    if user.unit is not None and user.unit.level == Level.COUNTY:
        return user.unit
    return None


def _unit_asked(request) -> tuple[OrgUnit | None, str]:
    """The unit of ?unit= if it is in the user's scope, the user's own unit when none is asked for; and the code
    asked for when it is refused (unknown or out of scope: the unit is then None)."""
    code = (request.GET.get("unit") or "").strip()
    if not code:
        return request.user.unit, ""
    unit = visible_unit(request.user, code)
    return (unit, "") if unit is not None else (None, code)


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


class LevelReviewView(CapabilityRequiredMixin, View):
    model = LevelProposal
    capability = "staff.view"
    template_name = "staff/level_review.html"

    def context(self, request, county, year):
        proposals = selectors.year_proposals(request.user, year=year, county=county)
        return {"county": county, "year": year, "proposals": proposals,
                "can_edit": request.user.can("staff.edit") and county is not None}

    def get(self, request):
        county = _county_for(request, request.GET.get("county"))
        year = _year(request.GET.get("year"), datetime.date.today().year - 1)
        return render(request, self.template_name, self.context(request, county, year))

    def post(self, request):
        if not request.user.can("staff.edit"):
            raise PermissionDenied("您的角色不能进行层级评定。")
        county = _county_for(request, request.POST.get("county"))
        year = _year(request.POST.get("year"), datetime.date.today().year - 1)
        if county is None:
            messages.error(request, "请选择您管辖范围内的县（区）司法局")
        elif ran := run_step(request, lambda: services.run_level_review(actor=request.user, county=county, year=year)):
            messages.success(request, f"{year}年度层级评定：新增 {len(ran.result)} 条调整建议")
        query = f"?year={year}" + (f"&county={county.code}" if county else "")
        return redirect(reverse("staff:level_review") + query)


class ProposalDecideView(CapabilityRequiredMixin, View):
    model = LevelProposal
    capability = "staff.edit"

    def post(self, request, pk):
        proposal = get_object_or_404(selectors.visible_records(LevelProposal, request.user), pk=pk)
        if run_step(request, lambda: services.decide_proposal(actor=request.user, proposal=proposal,
                                                              approve=request.POST.get("decision") == "approve")):
            messages.success(request, f"{proposal.staff.full_name}：{proposal.get_status_display()}")
        county = path_codes(proposal.staff.unit.path)[2:3]  # back to the county's review page
        return redirect(reverse("staff:level_review") + f"?year={proposal.year}"
                        + (f"&county={county[0]}" if county else ""))

    def get(self, request, pk):
        proposal = get_object_or_404(selectors.visible_records(LevelProposal, request.user), pk=pk)
        return redirect(reverse("staff:level_review") + f"?year={proposal.year}")


class TrainingComplianceView(CapabilityRequiredMixin, View):
    model = TrainingRecord
    capability = "staff.view"
    template_name = "staff/training_compliance.html"

    def get(self, request):
        year = _year(request.GET.get("year"), datetime.date.today().year)
        unit, _ = _unit_asked(request)
        summary = above_county(unit)

        def compute() -> dict:
            lines = selectors.training_compliance(path=unit.path, year=year, unit=unit) if unit else []
            missing = list(selectors.missing_pre_job(unit.path)[:PERSON_ROWS + 1]) if unit else []
            return {"lines": [] if summary else lines, "missing_pre_job": missing[:PERSON_ROWS],
                    "more_missing": len(missing) > PERSON_ROWS,
                    "by_unit": (selectors.by_child(unit, [(line.staff, line.ok, {}) for line in lines]) if summary
                                else selectors.training_by_unit(lines))}

        data = _figures("staff.training", unit, year, compute)
        return render(request, self.template_name, {"year": year, "unit": unit, "summary": summary, **data})


PERSON_ROWS = 200   # a province's or city's lists of people are cut here (the units' counts stay whole)


def above_county(unit) -> bool:
    """A province or city: its pages of people show counts per unit directly below it instead of every
    person (20,000 rows for a province), D52."""
    return unit is not None and unit.level < Level.COUNTY


def _figures(name: str, unit, year: int, compute) -> dict:
    """A page's figures of a year: a province's or city's are kept until the roster or the units change (D52),
    a county's or office's are computed on each request."""
    if not above_county(unit):
        return compute()
    return listcache.cached(name, versions=["staff", "orgunits"], parts=[unit.path, year], compute=compute)


PAY_COLUMNS = [
    Column("单位", lambda r: r.staff.unit.name), Column("姓名", lambda r: r.staff.full_name),
    Column("身份证号码", lambda r: mask(r.staff.id_number)), Column("层级", lambda r: f"{'一二三四'[r.level - 1]}级"),
    Column("工龄（年）", lambda r: r.service_years), Column("试用期", lambda r: "是" if r.on_probation else "否"),
    Column("基本工资", lambda r: r.line.base, kind="money"),
    Column("层级津贴", lambda r: r.line.level_allowance, kind="money"),
    Column("工龄工资", lambda r: r.line.seniority, kind="money"),
    Column("试用期扣减", lambda r: r.line.probation_deduction, kind="money"),
    Column("应发合计", lambda r: r.line.total, kind="money"),
]


class PaySheetView(CapabilityRequiredMixin, View):
    model = PayBenchmark
    capability = "staff.view"
    template_name = "staff/paysheet.html"

    def _month(self, value) -> datetime.date:
        today = datetime.date.today()
        try:
            year, month = (int(x) for x in (value or "").split("-")[:2])
            return datetime.date(year, month, 1)
        except (TypeError, ValueError):
            return today.replace(day=1)

    def get(self, request):
        county = _county_for(request, request.GET.get("county"))
        month = self._month(request.GET.get("month"))
        context = {"county": county, "month": month, "columns": PAY_COLUMNS, "form": forms.BenchmarkForm(),
                   "can_edit": request.user.can("staff.edit")}
        if county is not None:
            context["benchmarks"] = county.pay_benchmarks.all()
            try:
                sheet = selectors.pay_sheet(county=county, month=month)
            except ValidationError as exc:
                context["error"] = exc.messages[0]
            else:
                if request.GET.get("export") == "xlsx":
                    title = f"{county.name}{month:%Y年%m月}司法协理员工资表"
                    # a register like every list's export (core.exports): title row, frozen header, widths
                    heading = heading_text(title, unit=request.user.unit, user=request.user,
                                           filters=[("县（区）", county.name), ("月份", f"{month:%Y-%m}")])
                    return xlsx_response(f"{title}.xlsx", workbook_bytes(title[:31], PAY_COLUMNS, sheet.rows,
                                                                         heading=heading))
                context["sheet"] = sheet
                context["rows"] = [[c.text(r) for c in PAY_COLUMNS] for r in sheet.rows]
        return render(request, self.template_name, context)

    def post(self, request):
        if not request.user.can("staff.edit"):
            raise PermissionDenied("您的角色不能录入工资基准。")
        county = _county_for(request, request.POST.get("county"))
        form = forms.BenchmarkForm(request.POST)
        if county is None:
            messages.error(request, "请选择您管辖范围内的县（区）司法局")
        elif form.is_valid():
            if run_step(request, lambda: services.set_benchmark(actor=request.user, county=county, **form.cleaned_data)):
                messages.success(request, "工资基准已录入")
        else:
            for _field, errors in form.errors.items():
                for m in errors:
                    messages.error(request, m)
        return redirect(reverse("staff:paysheet") + (f"?county={county.code}" if county else ""))


class RosterImportView(ExcelImportView):
    model = StaffMember
    capability = "staff.edit"
    template_name = "staff/import.html"
    columns = importers.COLUMNS
    template_title = "花名册"
    success_url_name = "staff:list"

    def import_rows(self, rows, user) -> str:
        result = importers.import_roster(rows=rows, user=user)
        return (f"导入成功：新增 {result['created']} 人，更新 {result['updated']} 人，"
                f"未变 {result['unchanged']} 人")


class ContractsEndingView(ContractListView):
    """Contracts ending within 60 days, with the renewal proposal of each (YQ-8)."""

    title = "60日内到期的聘用合同"
    template_name = "core/object_list.html"

    def get_queryset(self):
        return selectors.ending_within(super().get_queryset(), datetime.date.today())

    columns = [*ContractListView.columns[:4],
               Column("续聘建议", lambda c: _proposal_text(c))]


def _proposal_text(contract) -> str:
    try:
        p = services.renewal_proposal(contract)
    except ValidationError as exc:
        return exc.messages[0]
    return f"{p.label}：{'；'.join(p.reasons)}"




# --- a person's basic fields by hand -------------------------------------------------------------------


class StaffCreateView(CapabilityRequiredMixin, View):
    """新增工作人员: one person typed by hand, with the checks of the roster import."""

    model = StaffMember
    capability = "staff.edit"
    template_name = "staff/member_form.html"

    def get(self, request):
        initial = {"unit": request.GET.get("unit", "")}
        return render(request, self.template_name, {"form": forms.MemberForm(initial=initial), "title": "新增工作人员"})

    def post(self, request):
        form = forms.MemberForm(request.POST)

        def create():
            d = form.cleaned_data
            unit = unit_with_code(d["unit"])
            if unit is None or not in_scope(request.user, unit.path, EDIT):
                raise ValidationError({"unit": not_found_message("单位代码", d["unit"])})
            extra = {k: d[k] for k in ("duty_category", "position", "post", "deputy_section_rank", "cluster_duty",
                                       "education", "major", "passed_legal_exam", "phone")}
            return services.create_member(unit=unit, full_name=d["full_name"], id_number=d["id_number"],
                                          staff_type=d["staff_type"], joined_on=d["joined_on"],
                                          birth_date=d["birth_date"], sex=d["sex"] or None, **extra)

        if ran := run_form(form, create):
            member = ran.result
            messages.success(request, f"已新增：{member.full_name}（{member.unit.name}）")
            return redirect(member.get_absolute_url())
        return render(request, self.template_name, {"form": form, "title": "新增工作人员"}, status=400)


class StaffEditView(RecordEditView):
    """修改基本信息 of one person (services.update_member)."""

    model = StaffMember
    capability = "staff.edit"
    template_name = "staff/member_form.html"
    records = staticmethod(selectors.visible_staff)

    def make_form(self, member, data=None):
        form = forms.MemberForm(data, member=member)
        guard_id_number(form, member, self.request.user, reveal=bool(self.request.GET.get("reveal")))
        return form

    def context(self, member, form) -> dict:
        return {"form": form, "object": member, "title": "修改基本信息"}

    def save(self, member, form) -> str:
        changes = keep_blank_id_number(form, {k: v for k, v in form.cleaned_data.items()
                                              if k in services.EDITABLE_FIELDS})
        services.update_member(actor=self.request.user, member=member, **changes)
        return f"{member.full_name}：基本信息已保存"


# --- yearly writing duties (HZ-6) ---------------------------------------------------------------------


class WritingStatusView(CapabilityRequiredMixin, View):
    """Per person and per office: research articles and experience papers of a year against the policy."""

    model = WritingRecord
    capability = "staff.view"
    template_name = "staff/writing_status.html"

    def get(self, request):
        year = _year(request.GET.get("year"), datetime.date.today().year)
        unit, refused = _unit_asked(request)
        if refused:
            messages.error(request, f"单位代码 {refused} 不存在或不在您的管辖范围内")
        rules = None
        if unit is not None:
            policy = services.policy_of(unit)
            rules = policy.personnel if policy is not None else None
        only_short = request.GET.get("short") == "1"
        summary = above_county(unit)

        def compute() -> dict:
            lines = selectors.writing_status(path=unit.path, year=year, rules=rules) if unit else []
            people = [(line["staff"], line["ok"], line) for line in lines]
            if summary:
                return {"by_unit": selectors.by_child(unit, people, ("research", "paper")), "lines": [],
                        "people": len(lines), "ok": sum(1 for line in lines if line["ok"])}
            return {"by_unit": selectors.by_unit(people, ("research", "paper")),
                    "lines": [line for line in lines if not (only_short and line["ok"])],
                    "people": len(lines), "ok": sum(1 for line in lines if line["ok"])}

        data = _figures("staff.writing", unit, year, compute)
        return render(request, self.template_name, {
            "year": year, "unit": unit, "only_short": only_short, "summary": summary, **data,
            "need_research": rules.writing.research_articles if rules else 1,
            "need_paper": rules.writing.experience_papers if rules else 1,
            "rule_id": rules.writing.id if rules else "HZ-6"})
