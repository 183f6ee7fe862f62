"""Pages of community correction: the register (社区矫正对象花名册) with filters, export, import and print;
a subject's page (every read logged) with each step of supervision as a small form; investigations."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.shortcuts import render

from sifasuo.core.actions import Action, RecordActionView, call_service, offered
from sifasuo.core.sensitive import log_bulk_read
from sifasuo.core.tables import MASKED_ID_NUMBER, Column
from sifasuo.core.views import ExcelImportView, ScopedListView, SensitivePersonDetailView, UnitRecordCreateView
from sifasuo.orgunits.selectors import unit_by_code

from . import forms, importers, selectors, services
from .filters import InvestigationFilterSet, SubjectFilterSet
from .models import CorrectionSubject, InvestigationAssessment, Leave, LocationPeriod

PRINT_LIMIT = 2000


class SubjectListView(ScopedListView):
    model = CorrectionSubject
    capability = "correction.view"
    sensitive_reads = True
    filterset_class = SubjectFilterSet
    title = "社区矫正对象花名册"
    template_name = "correction/subject_list.html"
    create_url_name = "correction:create"
    create_capability = "correction.edit"
    import_url_name = "correction:import"
    columns = [
        Column("档案编号", "number", link=True),
        Column("姓名", "full_name"),
        Column("性别", "sex"),
        MASKED_ID_NUMBER,
        Column("罪名", "crime"),
        Column("矫正类别", "sentence_type"),
        Column("起始日期", "start_on"),
        Column("期满日期", "end_on"),
        Column("管理等级", "level"),
        Column("负责单位", "unit__name"),
        Column("状态", "status"),
        Column("脱管/漏管", lambda s: "、".join(x for x, on in (("脱管", s.out_of_contact_since),
                                                          ("漏管", s.missed_registration)) if on)),
    ]


class SubjectPrintView(SubjectListView):
    """The register as the paper 社区矫正对象花名册: landscape, all filtered rows, header repeated per page."""

    template_name = "correction/register_print.html"
    paginate_by = None

    def get(self, request, *args, **kwargs):
        rows = list(self.get_queryset()[:PRINT_LIMIT + 1])
        log_bulk_read(model=CorrectionSubject, user=request.user, count=len(rows[:PRINT_LIMIT]),
                      query=request.GET, how="print")
        return render(request, self.template_name, {
            "rows": rows[:PRINT_LIMIT], "truncated": len(rows) > PRINT_LIMIT, "limit": PRINT_LIMIT,
            "unit": request.user.unit, "filterset": self.filterset})


class SubjectDetailView(SensitivePersonDetailView):
    model = CorrectionSubject
    capability = "correction.view"
    template_name = "correction/subject_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        s = self.object
        user = self.request.user
        context.update(
            can_edit=user.can("correction.edit"), can_decide=user.can("correction.decide"),
            **selectors.subject_page_records(s), escalations=services.escalations(s),
            actions=offered(SUBJECT_ACTIONS, s, user),
            resettlement=getattr(s, "resettlement", None) if s.handed_over_on else None,
        )
        return context


class SubjectCreateView(UnitRecordCreateView):
    model = CorrectionSubject
    capability = "correction.edit"
    form_class = forms.SubjectForm
    title = "接收社区矫正对象"
    service = staticmethod(services.register_subject)
    success_message = "已接收 {record.full_name}，应于 {record.report_due_on} 前报到"


class SubjectImportView(ExcelImportView):
    model = CorrectionSubject
    capability = "correction.edit"
    template_name = "correction/import.html"
    columns = importers.COLUMNS
    template_title = "社区矫正对象"
    success_url_name = "correction:list"

    def import_rows(self, rows, user) -> str:
        created = importers.import_subjects(rows=rows, user=user)
        return f"导入成功：新增 {len(created)} 名社区矫正对象"


# ---------------------------------------------------------------- the steps on one record

# a step anyone who edits the register may take, unless it names its own capability
step = functools.partial(Action, capability="correction.edit")

SUBJECT_ACTIONS = [
    step("report", "登记报到", forms.ReportForm, call_service(services.record_report, "subject"),
           when=lambda s: s.status == "pending_report"),
    step("declare", "宣告", forms.DeclareForm, call_service(services.declare, "subject"),
           when=lambda s: s.status == "supervised" and not s.declared_on),
    step("plan", "矫正方案", forms.PlanForm, call_service(services.set_plan, "subject"),
           when=lambda s: s.status == "supervised"),
    step("checkin", "登记报告", forms.CheckInForm, call_service(services.record_check_in, "subject"),
           when=lambda s: s.status == "supervised"),
    step("level", "调整管理等级", forms.LevelForm, call_service(services.change_level, "subject"),
           capability="correction.decide", when=lambda s: s.status == "supervised"),
    step("leave", "外出或变更执行地申请", forms.LeaveForm, call_service(services.apply_leave, "subject"),
           when=lambda s: s.status == "supervised"),
    step("sanction", "考核奖惩", forms.SanctionForm, call_service(services.add_sanction, "subject"),
           capability="correction.decide", when=lambda s: s.status == "supervised"),
    step("location", "电子定位", forms.LocationForm, call_service(services.start_location, "subject"),
           capability="correction.decide", when=lambda s: s.status == "supervised"),
    step("medical", "病情复查", forms.MedicalForm, call_service(services.record_medical_check, "subject"),
           when=lambda s: s.status == "supervised" and s.sentence_type == "outside"),
    step("out_of_contact", "标记脱管", forms.OutOfContactForm, call_service(services.mark_out_of_contact, "subject"),
           field_map={"out_of_contact_since": "since"},
           when=lambda s: s.status == "supervised" and not s.out_of_contact_since),
    step("restore_contact", "恢复联系", forms.RestoreContactForm, call_service(services.restore_contact, "subject"),
           when=lambda s: bool(s.out_of_contact_since)),
    step("end", "解除或终止矫正", forms.EndForm,
           lambda user, obj, d: services.end_correction(actor=user, subject=obj, ended_on=d["ended_on"],
                                                        reason=d["reason"], note=d["note"]),
           capability="correction.decide", field_map={"end_reason": "reason"}, when=lambda s: s.is_open),
    step("handover", "移交安置帮教", forms.HandOverForm, call_service(services.hand_over_to_resettlement, "subject"),
           field_map={"handed_over_on": "on"}, when=lambda s: s.status == "released" and not s.handed_over_on),
]


def _decide_leave(user, leave, data):
    """审批；批准变更执行地时按代码找到接收司法所，对象随即移交（services.decide_leave 检查范围和层级）。"""
    code = (data.get("to_unit_code") or "").strip()
    to_unit = None
    if code:
        try:
            to_unit = unit_by_code(code)
        except ValidationError as exc:
            raise ValidationError({"to_unit": exc.message_dict["unit"]}) from None
    return services.decide_leave(actor=user, leave=leave, approve=data["approve"], decided_on=data["decided_on"],
                                 to_unit=to_unit, transferred_on=data.get("transferred_on"))


LEAVE_ACTIONS = [
    step("leave_decide", "审批", forms.LeaveDecisionForm, _decide_leave,
           capability="correction.decide", field_map={"to_unit": "to_unit_code"}),
    step("leave_return", "销假", forms.LeaveReturnForm, call_service(services.return_from_leave, "leave")),
]
LOCATION_ACTIONS = [
    step("location_renew", "延长", forms.LocationRenewForm, call_service(services.renew_location, "period"),
           capability="correction.decide"),
    step("location_close", "解除", forms.LocationCloseForm, call_service(services.close_location, "period"),
           capability="correction.decide"),
]
INVESTIGATION_ACTIONS = [
    step("investigation_report", "提交评估意见", forms.InvestigationReportForm,
           call_service(services.report_investigation, "investigation")),
]


class ActionView(RecordActionView):
    model = CorrectionSubject
    capability = "correction.view"
    actions = SUBJECT_ACTIONS


class LeaveActionView(ActionView):
    model = Leave
    actions = LEAVE_ACTIONS


class LocationActionView(ActionView):
    model = LocationPeriod
    actions = LOCATION_ACTIONS


class InvestigationActionView(ActionView):
    model = InvestigationAssessment
    actions = INVESTIGATION_ACTIONS


# ---------------------------------------------------------------- investigations

class InvestigationListView(ScopedListView):
    model = InvestigationAssessment
    capability = "correction.view"
    sensitive_reads = True
    filterset_class = InvestigationFilterSet
    title = "调查评估"
    create_url_name = "correction:investigation_create"
    create_capability = "correction.edit"
    columns = [
        Column("被调查人", "full_name", link=True),
        MASKED_ID_NUMBER,
        Column("委托机关", "commissioned_by"),
        Column("收到委托", "commissioned_on"),
        Column("应提交日期", "due_on"),
        Column("承办单位", "unit__name"),
        Column("状态", "status"),
        Column("评估意见", "conclusion"),
    ]


class InvestigationDetailView(SensitivePersonDetailView):
    model = InvestigationAssessment
    capability = "correction.view"
    template_name = "correction/investigation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.request.user.can("correction.edit")
        return context


class InvestigationCreateView(UnitRecordCreateView):
    model = InvestigationAssessment
    capability = "correction.edit"
    form_class = forms.InvestigationForm
    title = "登记调查评估委托"
    service = staticmethod(services.open_investigation)
    success_message = "已登记，应于 {record.due_on} 前提交评估意见（十个工作日，节假日不计）"
