"""REST endpoints of community correction: scoped, permission-checked and validated exactly like the pages.
Retrieving one subject or investigation is logged as a sensitive read."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from sifasuo.core.api import LoggedRetrieveMixin, StepViewSet

from .. import services
from ..filters import InvestigationFilterSet, SubjectFilterSet
from ..models import (
    CheckIn,
    CorrectionSubject,
    InvestigationAssessment,
    Leave,
    LevelChange,
    LocationPeriod,
    MedicalCheck,
    Sanction,
)
from . import serializers as s


class _Base(StepViewSet):
    view_capability = "correction.view"
    edit_capability = "correction.edit"


class CorrectionSubjectViewSet(LoggedRetrieveMixin, _Base):
    """社区矫正对象（花名册）。身份证号码只写入，读出时隐去中间；查看单条记录记入敏感信息查看记录，
    列表每一页也记一条（条数与筛选条件）。"""

    sensitive_reads = True

    queryset = CorrectionSubject.objects.select_related("unit").order_by("-start_on", "-id")
    serializer_class = s.SubjectSerializer
    filterset_class = SubjectFilterSet

    def perform_create(self, serializer):
        serializer.instance = services.register_subject(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.DateSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """登记报到。"""
        subject = self.get_object()
        return self._step(s.DateSerializer, lambda actor, on: services.record_report(
            actor=actor, subject=subject, reported_on=on))

    @extend_schema(request=s.DateSerializer)
    @action(detail=True, methods=["post"])
    def declare(self, request, pk=None):
        """宣告。"""
        subject = self.get_object()
        return self._step(s.DateSerializer, lambda actor, on: services.declare(
            actor=actor, subject=subject, declared_on=on))

    @extend_schema(request=s.DateSerializer)
    @action(detail=True, methods=["post"], url_path="out-of-contact")
    def out_of_contact(self, request, pk=None):
        """标记脱管（失去联系之日）。"""
        subject = self.get_object()
        return self._step(s.DateSerializer, lambda actor, on: services.mark_out_of_contact(
            actor=actor, subject=subject, since=on))

    @extend_schema(request=s.EndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """解除或终止矫正。"""
        subject = self.get_object()
        self._require("correction.decide")
        return self._step(s.EndSerializer, services.end_correction, subject=subject)

    @extend_schema(request=s.DateSerializer)
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        """移交安置帮教。"""
        subject = self.get_object()
        return self._step(s.DateSerializer, services.hand_over_to_resettlement, subject=subject)


class InvestigationViewSet(LoggedRetrieveMixin, _Base):
    """调查评估（十个工作日内提交意见）。"""

    sensitive_reads = True
    queryset = InvestigationAssessment.objects.select_related("unit").order_by("-commissioned_on", "-id")
    serializer_class = s.InvestigationSerializer
    filterset_class = InvestigationFilterSet

    def perform_create(self, serializer):
        serializer.instance = services.open_investigation(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.ReportSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """提交评估意见。"""
        return self._step(s.ReportSerializer, services.report_investigation, investigation=self.get_object())


def _record_viewset(model, serializer, service, doc, capability="correction.edit"):
    class _V(_Base):
        __doc__ = doc
        queryset = model.objects.select_related("subject__unit").order_by("-id")
        serializer_class = serializer
        filterset_fields = ["subject"]
        edit_capability = capability

        def perform_create(self, ser):
            ser.instance = service(actor=self.request.user, **ser.validated_data)

    _V.__name__ = f"{model.__name__}ViewSet"
    return _V


LevelChangeViewSet = _record_viewset(LevelChange, s.LevelChangeSerializer, services.change_level,
                                     "管理等级调整记录（严管/普管/宽管）。", "correction.decide")
CheckInViewSet = _record_viewset(CheckIn, s.CheckInSerializer, services.record_check_in, "报告记录（电话、当面、书面）。")
SanctionViewSet = _record_viewset(Sanction, s.SanctionSerializer, services.add_sanction,
                                  "考核奖惩（表扬、训诫、警告、提请撤销）。", "correction.decide")
LocationPeriodViewSet = _record_viewset(LocationPeriod, s.LocationPeriodSerializer, services.start_location,
                                        "电子定位期限（每次不超过三个月）。", "correction.decide")
MedicalCheckViewSet = _record_viewset(MedicalCheck, s.MedicalCheckSerializer, services.record_medical_check,
                                      "暂予监外执行对象的病情复查。")


class LeaveViewSet(_record_viewset(Leave, s.LeaveSerializer, services.apply_leave, "")):
    """外出与变更执行地申请；审批与销假。"""

    @extend_schema(request=s.DecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """审批（approve: true 批准 / false 不予批准）。"""
        leave = self.get_object()
        self._require("correction.decide")
        return self._step(s.DecisionSerializer, services.decide_leave, leave=leave)

    @extend_schema(request=s.DateSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """销假。"""
        leave = self.get_object()
        return self._step(s.DateSerializer, lambda actor, on: services.return_from_leave(
            actor=actor, leave=leave, returned_on=on))
