"""REST endpoints of indicators: computed indicator values with targets, targets, scoring schemes, items,
departments' marks and office scores (with the fund)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from sifasuo.core.scoping import check_in_scope, not_found_message
from sifasuo.orgunits.selectors import unit_with_code
from sifasuo.reporting import live
from sifasuo.reporting.models import AggregateValue
from sifasuo.reporting.official import reported_elements
from sifasuo.reporting.pageparams import unit_from
from sifasuo.reporting.periods import parse_month

from .. import selectors, services
from ..catalog import INDICATORS
from ..filters import ItemFilterSet, ManualScoreFilterSet, OfficeScoreFilterSet, SchemeFilterSet
from ..models import AnnualAssessment, AssessmentResult, ManualScore, OfficeScore, ScoringItem, ScoringScheme
from ..targets import targets_for
from .serializers import (AnnualAssessmentSerializer, AssessmentCriterionSerializer,
                          AssessmentResultSerializer, ComputeSerializer, CriteriaSerializer, ItemsSerializer,
                          ManualScoreSerializer, OfficeScoreSerializer, ScoringItemSerializer,
                          ScoringSchemeSerializer)


class IndicatorValueViewSet(viewsets.ViewSet):
    """指标值：?unit=单位代码&year=年度[&month=月]，含目标与红黄绿状态（计算得出，不能写入）。value 为实时数据
    （按登记簿即时汇总，computed_at 为计算时间），official 为已审核月报的正式数据，flagged 表示已结束的统计期两者不一致。"""

    view_capability = "indicators.view"
    edit_capability = ""
    queryset = AggregateValue.objects.none()

    @extend_schema(parameters=[OpenApiParameter("unit", str), OpenApiParameter("year", int, description="默认上月所在年度"),
                               OpenApiParameter("month", int)], responses=None)
    def list(self, request):
        unit = unit_from(request)
        if unit is None:
            return Response([])
        import datetime

        default = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
        try:
            year = int(request.GET.get("year") or default.year)
            month = int(request.GET.get("month")) if request.GET.get("month") else None
        except ValueError:
            raise ValidationError({"year": ["年度、月份应为数字，如 year=2025&month=3"]}) from None
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": ["年度应在 2000 至 2100 之间"]})
        if month is not None and not 1 <= month <= 12:
            raise ValidationError({"month": ["月份应在 1 至 12 之间"]})
        start, end = selectors.period_bounds(year, month)
        live.ensure_current(unit.path, start, end, refresh_old=False)   # as the dashboard (D55)
        data = selectors.dashboard(unit, year, month, user=request.user)
        fresh = live.freshness(unit, start, end)
        official = selectors.official_figures(unit, start, end, data["indicators"], data["totals"],
                                              reported_elements())
        return Response({
            "unit": unit.code, "start": data["start"], "end": data["end"],
            # D53: `value` is live (the registers now, computed at `computed_at`); `official` the approved reports'
            "basis": "live", "computed_at": fresh.computed_at, "pending": fresh.pending,
            "official_approved": official.approved, "official_expected": official.expected,
            "indicators": [
                {"code": i.code, "name": i.name, "value": i.value, "unit": i.unit, "status": i.status,
                 "target": {"op": i.target.op, "value": i.target.value, "amber": i.target.amber} if i.target else None,
                 "official": {"value": o.value, "covered": o.covered, "difference": o.difference,
                              "flagged": o.flagged}}
                for i in data["indicators"] for o in (official.indicators[i.code],)],
            "ranking": [{"unit": r["unit"].code, "name": r["unit"].name, "rank": r["rank"],
                         "values": {i.code: r["values"][i.code] for i in data["shown"]}} for r in data["ranking"]]})


class TargetViewSet(viewsets.ViewSet):
    """目标：本单位适用的各指标目标（来自 policies/indicators/ 的政策文件）。"""

    view_capability = "indicators.view"
    edit_capability = ""
    queryset = AggregateValue.objects.none()

    @extend_schema(parameters=[OpenApiParameter("unit", str)], responses=None)
    def list(self, request):
        unit = unit_from(request)
        targets = targets_for(unit.path) if unit else {}
        return Response([{"indicator": i.code, "name": i.name, "description": i.description, "unit": i.unit,
                          "target": ({"op": t.op, "value": t.value, "amber": t.amber, "basis": t.basis}
                                     if (t := targets.get(i.code)) else None)} for i in INDICATORS])


class _ReadOnlyViewSet(ScopedReadOnlyViewSet):
    """Computed or page-entered rows the API only reads."""

    view_capability = "indicators.view"
    edit_capability = ""


class _ReadCreateViewSet(ScopedModelViewSet):
    """Read, and create by the county's assessors; changes go through the actions, never PUT or DELETE."""

    view_capability = "indicators.view"
    edit_capability = "indicators.assess"
    http_method_names = ["get", "post", "head", "options"]


class ScoringSchemeViewSet(_ReadCreateViewSet):
    """考核方案（县级司法局制定）；POST {id}/items/ 整体修改考核项目和分值；POST {id}/compute/ 计算得分与绩效经费。"""

    queryset = ScoringScheme.objects.select_related("unit").prefetch_related("items").order_by("-year", "id")
    serializer_class = ScoringSchemeSerializer
    filterset_class = SchemeFilterSet

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        items = data.pop("new_items", None)
        serializer.instance = services.create_scheme(actor=self.request.user, unit=self.request.user.unit,
                                                     items=items, **data)

    @extend_schema(request=ComputeSerializer, responses=OfficeScoreSerializer(many=True))
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        scheme = get_object_or_404(self.get_queryset(), pk=pk)
        through = request.data.get("through")
        month = parse_month(through) if through else None
        if through and month is None:
            raise ValidationError({"through": ["月份应写成 年-月，如 2025-12"]})
        rows = services.compute_scores(actor=request.user, scheme=scheme, through=month)
        return Response(OfficeScoreSerializer(rows, many=True).data)


    @extend_schema(request=ItemsSerializer, responses=ScoringItemSerializer(many=True))
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        """Replace the scheme's items as a whole (the same checks and messages as the page)."""
        scheme = get_object_or_404(self.get_queryset(), pk=pk)
        data = ItemsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.save_items(actor=request.user, scheme=scheme, rows=data.validated_data["items"])
        return Response(ScoringItemSerializer(rows, many=True).data)


class ScoringItemViewSet(_ReadOnlyViewSet):
    queryset = ScoringItem.objects.select_related("scheme").order_by("scheme_id", "order")
    serializer_class = ScoringItemSerializer
    filterset_class = ItemFilterSet


class ManualScoreViewSet(_ReadCreateViewSet):
    """科室评分：县局业务科室对司法所某月某项目的得分率（0–100）。"""

    queryset = ManualScore.objects.select_related("unit", "item").order_by("item_id", "unit__path", "month")
    serializer_class = ManualScoreSerializer
    filterset_class = ManualScoreFilterSet

    def perform_create(self, serializer):
        data = serializer.validated_data
        unit = unit_with_code(data["unit"]["code"])
        if unit is None:
            raise ValidationError({"unit": [not_found_message("单位代码", data["unit"]["code"])]})
        check_in_scope(self.request.user, unit)
        item = data["item"]
        check_in_scope(self.request.user, item.scheme.unit)
        serializer.instance = services.record_manual_score(actor=self.request.user, item=item, unit=unit,
                                                           month=data["month"], percent=data["percent"],
                                                           note=data.get("note", ""))


class OfficeScoreViewSet(_ReadOnlyViewSet):
    """司法所考核结果：月度得分、年度综合得分、排名、绩效经费。"""

    queryset = OfficeScore.objects.select_related("unit").order_by("scheme_id", "rank")
    serializer_class = OfficeScoreSerializer
    filterset_class = OfficeScoreFilterSet


class AnnualAssessmentViewSet(ScopedReadOnlyViewSet):
    """年度考核（HZ-9）：考核内容与状态；POST {id}/criteria/ 整体修改考核内容和分值（草稿时）；评分、定稿在页面办理。"""

    queryset = AnnualAssessment.objects.select_related("unit").prefetch_related("criteria").order_by("-year", "id")
    serializer_class = AnnualAssessmentSerializer
    view_capability = "indicators.view"
    edit_capability = "indicators.assess"   # the criteria action only: the viewset is otherwise read-only

    @extend_schema(request=CriteriaSerializer, responses=AssessmentCriterionSerializer(many=True))
    @action(detail=True, methods=["post"])
    def criteria(self, request, pk=None):
        """Replace the assessment's criteria as a whole (the same checks and messages as the page)."""
        assessment = get_object_or_404(self.get_queryset(), pk=pk)
        data = CriteriaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.save_criteria(actor=request.user, assessment=assessment,
                                      rows=data.validated_data["criteria"])
        return Response(AssessmentCriterionSerializer(rows, many=True).data)


class AssessmentResultViewSet(_ReadOnlyViewSet):
    """年度考核结果：总分、名次、是否拟表彰。"""

    queryset = AssessmentResult.objects.select_related("unit").order_by("assessment_id", "rank")
    serializer_class = AssessmentResultSerializer
