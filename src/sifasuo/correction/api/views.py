"""REST endpoints of community correction: scoped, permission-checked and validated exactly like the pages.
Retrieving one subject or investigation is logged as a sensitive read."""

from __future__ import annotations

from sifasuo.core.api import LoggedRetrieveMixin, StepViewSet, record_viewset, step

from .. import models, services
from ..filters import InvestigationFilterSet, SubjectFilterSet
from . import serializers as s


class _Base(StepViewSet):
    view_capability = "correction.view"
    edit_capability = "correction.edit"


class CorrectionSubjectViewSet(LoggedRetrieveMixin, _Base):
    """社区矫正对象（花名册）。身份证号码只写入，读出时隐去中间；查看单条记录记入敏感信息查看记录，
    列表每一页也记一条（条数与筛选条件）。"""

    sensitive_reads = True

    queryset = models.CorrectionSubject.objects.select_related("unit").order_by("-start_on", "-id")
    serializer_class = s.SubjectSerializer
    filterset_class = SubjectFilterSet
    create_service = staticmethod(services.register_subject)

    report = step("report", s.DateSerializer, services.record_report, "subject", doc="登记报到。",
                  renamed={"on": "reported_on"})
    declare = step("declare", s.DateSerializer, services.declare, "subject", doc="宣告。",
                   renamed={"on": "declared_on"})
    out_of_contact = step("out_of_contact", s.DateSerializer, services.mark_out_of_contact, "subject",
                          doc="标记脱管（失去联系之日）。", renamed={"on": "since"}, url_path="out-of-contact")
    end = step("end", s.EndSerializer, services.end_correction, "subject", doc="解除或终止矫正。",
               capability="correction.decide")
    handover = step("handover", s.DateSerializer, services.hand_over_to_resettlement, "subject", doc="移交安置帮教。")


class InvestigationViewSet(LoggedRetrieveMixin, _Base):
    """调查评估（十个工作日内提交意见）。"""

    sensitive_reads = True
    queryset = models.InvestigationAssessment.objects.select_related("unit").order_by("-commissioned_on", "-id")
    serializer_class = s.InvestigationSerializer
    filterset_class = InvestigationFilterSet
    create_service = staticmethod(services.open_investigation)

    report = step("report", s.ReportSerializer, services.report_investigation, "investigation", doc="提交评估意见。")


def _record_viewset(model, serializer, service, doc, capability=""):
    return record_viewset(_Base, model, serializer, service, doc, parent="subject", edit_capability=capability)


LevelChangeViewSet = _record_viewset(models.LevelChange, s.LevelChangeSerializer, services.change_level,
                                     "管理等级调整记录（严管/普管/宽管）。", "correction.decide")
CheckInViewSet = _record_viewset(models.CheckIn, s.CheckInSerializer, services.record_check_in,
                                 "报告记录（电话、当面、书面）。")
SanctionViewSet = _record_viewset(models.Sanction, s.SanctionSerializer, services.add_sanction,
                                  "考核奖惩（表扬、训诫、警告、提请撤销）。", "correction.decide")
LocationPeriodViewSet = _record_viewset(models.LocationPeriod, s.LocationPeriodSerializer, services.start_location,
                                        "电子定位期限（每次不超过三个月）。", "correction.decide")
MedicalCheckViewSet = _record_viewset(models.MedicalCheck, s.MedicalCheckSerializer, services.record_medical_check,
                                      "暂予监外执行对象的病情复查。")


class LeaveViewSet(_record_viewset(models.Leave, s.LeaveSerializer, services.apply_leave, "")):
    """外出与变更执行地申请；审批与销假。"""

    decide = step("decide", s.DecisionSerializer, services.decide_leave, "leave",
                  doc="审批（approve: true 批准 / false 不予批准）。", capability="correction.decide")
    return_ = step("return_", s.DateSerializer, services.return_from_leave, "leave", doc="销假。",
                   renamed={"on": "returned_on"}, url_path="return")
