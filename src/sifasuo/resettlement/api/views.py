"""REST endpoints of resettlement: scoped and permission-checked like the pages; each retrieve is logged."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from sifasuo.core.api import LoggedRetrieveMixin, StepViewSet

from .. import services
from ..filters import PersonFilterSet
from ..models import AssistanceRecord, ReleasedPerson, RiskReview
from . import serializers as s


class _RBase(StepViewSet):
    view_capability = "resettlement.view"
    edit_capability = "resettlement.edit"


class ReleasedPersonViewSet(LoggedRetrieveMixin, _RBase):
    """刑满释放人员（安置帮教）。身份证号码只写入、读出隐去中间；查看单条记录记入敏感信息查看记录，
    列表每一页也记一条（条数与筛选条件）。"""

    sensitive_reads = True
    queryset = ReleasedPerson.objects.select_related("unit").order_by("-expected_release_on", "-id")
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilterSet

    def perform_create(self, serializer):
        serializer.instance = services.register_notice(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.OnSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """核查。"""
        p = self.get_object()
        return self._step(s.OnSerializer, lambda actor, on: services.verify(actor=actor, person=p, verified_on=on))

    @extend_schema(request=s.OnSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """核实。"""
        p = self.get_object()
        return self._step(s.OnSerializer, lambda actor, on: services.confirm(actor=actor, person=p, confirmed_on=on))

    @extend_schema(request=s.ReleaseSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """登记释放（重点对象可同时登记接回）。"""
        return self._step(s.ReleaseSerializer, services.record_release, person=self.get_object())

    @extend_schema(request=s.CollectSerializer)
    @action(detail=True, methods=["post"])
    def collect(self, request, pk=None):
        """登记接回（必接必送）。"""
        return self._step(s.CollectSerializer, services.record_collection, person=self.get_object())

    @extend_schema(request=s.HandOverSerializer)
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        """衔接。"""
        return self._step(s.HandOverSerializer, services.hand_over, person=self.get_object())

    @extend_schema(request=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def placement(self, request, pk=None):
        """安置。"""
        return self._step(s.PlacementSerializer, services.set_placement, person=self.get_object())

    @extend_schema(request=s.ReoffenceSerializer)
    @action(detail=True, methods=["post"])
    def reoffence(self, request, pk=None):
        """登记重新犯罪。"""
        return self._step(s.ReoffenceSerializer, services.record_reoffence, person=self.get_object())

    @extend_schema(request=s.OnSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """帮教期满结束。"""
        p = self.get_object()
        return self._step(s.OnSerializer, lambda actor, on: services.end_assistance(actor=actor, person=p, ended_on=on))


class AssistanceViewSet(_RBase):
    """帮教记录。"""

    queryset = AssistanceRecord.objects.select_related("person__unit").order_by("-on", "-id")
    serializer_class = s.AssistanceSerializer
    filterset_fields = ["person"]

    def perform_create(self, serializer):
        serializer.instance = services.record_assistance(actor=self.request.user, **serializer.validated_data)


class RiskReviewViewSet(_RBase):
    """风险评估（每六个月复评）。"""

    queryset = RiskReview.objects.select_related("person__unit").order_by("-reviewed_on", "-id")
    serializer_class = s.RiskReviewSerializer
    filterset_fields = ["person"]

    def perform_create(self, serializer):
        serializer.instance = services.review_risk(actor=self.request.user, **serializer.validated_data)
