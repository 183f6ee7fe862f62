"""REST endpoints of reporting: templates, reports (with their steps), report events, aggregate values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sifasuo.core.api import ScopedReadOnlyViewSet
from sifasuo.core.scoping import VIEW

from .. import periods, selectors, services
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
        template = selectors.template_by_code(request.data.get("code", ""))
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

    def _run(self, request, pk, capability, service, serializer=None, *, hub=False):
        """A step on one report: the report is found in the user's scope (a hub's step reads a member office's
        report within the hub's cluster, D37: the service checks that the user's unit is its hub), the user
        must hold `capability`, the serializer's fields go to the service; answers the report as it stands."""
        rows = selectors.visible_reports(request.user, VIEW) if hub else self.get_queryset()
        report = get_object_or_404(rows, pk=pk)
        if not request.user.can(capability):
            raise PermissionDenied("您的角色不能执行此操作。")
        fields = {}
        if serializer is not None:
            data = serializer(data=request.data)
            data.is_valid(raise_exception=True)
            fields = data.validated_data
        return Response(ReportSerializer(service(actor=request.user, report=report, **fields)).data)

    @extend_schema(request=ReportOpenSerializer, responses=ReportSerializer)
    @action(detail=False, methods=["get", "post"])
    def open(self, request):
        """GET: the user's own unit's reports (the latest first); POST: compile the report of a period."""
        if request.method == "GET":
            own = self.get_queryset().filter(unit_id=request.user.unit_id)[:20] if request.user.unit_id else []
            return Response(ReportSerializer(own, many=True).data)
        data = ReportOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = selectors.template_by_code(data.validated_data["template"])
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
        return self._run(request, pk, "reporting.submit", services.save_values, ValuesSerializer)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._run(request, pk, "reporting.submit", services.submit)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._run(request, pk, "reporting.approve", services.approve)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._run(request, pk, "reporting.approve", services.return_report, CommentSerializer)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="hub-review")
    def hub_review(self, request, pk=None):
        """片区中心所审阅成员所已上报的报表（HZ-1、HZ-3），报表仍待县级审核。"""
        return self._run(request, pk, "reporting.hub_review", services.hub_review, CommentSerializer, hub=True)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="hub-return")
    def hub_return(self, request, pk=None):
        """片区中心所在县级审核前退回成员所的报表（须填写退回意见）。"""
        return self._run(request, pk, "reporting.hub_review", services.hub_return, CommentSerializer, hub=True)

    @extend_schema(request=UnlockSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._run(request, pk, "reporting.approve", services.unlock, UnlockSerializer)


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
