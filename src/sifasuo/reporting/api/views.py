"""REST endpoints of reporting: templates, reports (with their steps), report events, aggregate values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import ScopedReadOnlyViewSet
from sifasuo.core.scoping import VIEW, restrict

from .. import periods, services
from ..filters import AggregateValueFilterSet, ReportFilterSet
from ..models import AggregateValue, Report, ReportEvent, ReportTemplate
from .serializers import (
    AggregateValueSerializer,
    CommentSerializer,
    ReportEventSerializer,
    ReportOpenSerializer,
    ReportSerializer,
    ReportTemplateSerializer,
    UnlockSerializer,
    ValuesSerializer,
)


class ReportTemplateViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """报表模板（全省统一，不分单位）。POST 新建报表模板；POST change/（按 code）修改截止日、栏目、审核规则等；
    均须省级司法厅，且经过校验（与页面相同的中文提示）。"""

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_template(actor=self.request.user, code=self.request.data.get("code", ""),
                                                       **data)

    queryset = ReportTemplate.objects.all()
    serializer_class = ReportTemplateSerializer
    filterset_fields = ["code", "period_type"]
    view_capability = "reporting.view"
    edit_capability = "reporting.approve"

    @extend_schema(request=ReportTemplateSerializer, responses=ReportTemplateSerializer)
    @action(detail=False, methods=["get", "post"])
    def change(self, request):
        if request.method == "GET":  # what may be changed: the templates as they stand
            return Response(ReportTemplateSerializer(self.filter_queryset(self.get_queryset()), many=True).data)
        template = ReportTemplate.objects.filter(code=request.data.get("code", "")).first()
        if template is None:
            raise ValidationError({"code": [f"报表代码“{request.data.get('code', '')}”不存在"]})
        data = ReportTemplateSerializer(template, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        template = services.update_template(actor=request.user, template=template, **data.validated_data)
        return Response(ReportTemplateSerializer(template).data)


class ReportViewSet(ScopedReadOnlyViewSet):
    """统计报表，限本单位及下级单位。POST /open/ 生成本单位某期报表；各步骤见下。"""

    queryset = Report.objects.select_related("template", "unit").order_by("-period_start", "unit__path")
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    view_capability = "reporting.view"
    edit_capability = "reporting.submit"

    def _step(self, request, pk, capability):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.can(capability):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("您的角色不能执行此操作。")
        return report

    @extend_schema(request=ReportOpenSerializer, responses=ReportSerializer)
    @action(detail=False, methods=["get", "post"])
    def open(self, request):
        """GET: the user's own unit's reports (the latest first); POST: compile the report of a period."""
        if request.method == "GET":
            own = self.get_queryset().filter(unit_id=request.user.unit_id)[:20] if request.user.unit_id else []
            return Response(ReportSerializer(own, many=True).data)
        data = ReportOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = ReportTemplate.objects.filter(code=data.validated_data["template"]).first()
        month = periods.parse_month(data.validated_data["period"])
        errors = {}
        if template is None:
            errors["template"] = [f"报表代码“{data.validated_data['template']}”不存在"]
        if month is None:
            errors["period"] = ["统计期应写成 年-月，如 2025-03"]
        if request.user.unit is None:
            errors["unit"] = ["您的账号没有所属单位"]
        if errors:
            raise ValidationError(errors)
        report = services.report_for(template=template, unit=request.user.unit, start=month)
        return Response(ReportSerializer(report).data, status=201)

    @extend_schema(request=ValuesSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def values(self, request, pk=None):
        report = self._step(request, pk, "reporting.submit")
        data = ValuesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.save_values(actor=request.user, report=report, values=data.validated_data["values"])
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = services.submit(actor=request.user, report=self._step(request, pk, "reporting.submit"))
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = services.approve(actor=request.user, report=self._step(request, pk, "reporting.approve"))
        return Response(ReportSerializer(report).data)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        report = self._step(request, pk, "reporting.approve")
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.return_report(actor=request.user, report=report, comment=data.validated_data["comment"])
        return Response(ReportSerializer(report).data)

    def _hub_step(self, request, pk):
        """A cluster member's report, read within the hub's cluster (D37: the hub's step is a read of the
        member's report; the service checks that the user's unit is that office's hub)."""
        report = get_object_or_404(restrict(self.queryset, request.user, VIEW), pk=pk)
        if not request.user.can("reporting.hub_review"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("您的角色不能执行此操作。")
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return report, data.validated_data["comment"]

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="hub-review")
    def hub_review(self, request, pk=None):
        """片区中心所审阅成员所已上报的报表（HZ-1、HZ-3），报表仍待县级审核。"""
        report, comment = self._hub_step(request, pk)
        return Response(ReportSerializer(services.hub_review(actor=request.user, report=report,
                                                              comment=comment)).data)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="hub-return")
    def hub_return(self, request, pk=None):
        """片区中心所在县级审核前退回成员所的报表（须填写退回意见）。"""
        report, comment = self._hub_step(request, pk)
        return Response(ReportSerializer(services.hub_return(actor=request.user, report=report,
                                                              comment=comment)).data)

    @extend_schema(request=UnlockSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        report = self._step(request, pk, "reporting.approve")
        data = UnlockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.unlock(actor=request.user, report=report, **data.validated_data)
        return Response(ReportSerializer(report).data)


class ReportEventViewSet(ScopedReadOnlyViewSet):
    """报表操作记录（上报、审核、退回意见、解锁理由）。"""

    queryset = ReportEvent.objects.select_related("actor", "report").order_by("-at", "-id")
    serializer_class = ReportEventSerializer
    filterset_fields = ["report", "kind"]
    view_capability = "reporting.view"
    edit_capability = ""


class AggregateValueViewSet(ScopedReadOnlyViewSet):
    """汇总数值（实时）：司法所按月的数据项，及县、市、省的合计，按登记簿即时汇总；computed_at 为计算时间。"""

    queryset = AggregateValue.objects.select_related("unit").order_by("unit_path", "period", "element")
    serializer_class = AggregateValueSerializer
    filterset_class = AggregateValueFilterSet
    view_capability = "reporting.view"
    edit_capability = ""
