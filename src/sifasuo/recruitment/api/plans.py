"""API of quotas and recruitment plans (DQ-6, YQ-2).

/api/recruitment-plans/: plans in scope with their lines and history; POST drafts one from the vacancies,
and the actions submit / approve / return / file / planned call the services, with the same capabilities
and Chinese messages as the pages. /api/recruitment-quotas/: the engine's quota of each county in scope.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import ScopedModelSerializer, ScopedViewSetMixin
from sifasuo.core.filters import FilterSet
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField
from sifasuo.orgunits.models import OrgUnit

from .. import selectors, services
from ..choices import PlanAction
from ..models import PlanEvent, PlanLine, RecruitmentPlan
from ..views.plans import EDIT, VIEW, RecruitmentPlanFilterSet, quota_for, take_step

# --- plans ----------------------------------------------------------------------------------------------


class PlanLineSerializer(ScopedModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="司法所代码")
    office_name = serializers.CharField(source="office.name", read_only=True)

    class Meta:
        model = PlanLine
        fields = ["office", "office_name", "staff_counted", "required", "vacancy", "planned"]
        read_only_fields = fields


class PlanEventSerializer(ScopedModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField(help_text="操作人")

    class Meta:
        model = PlanEvent
        fields = ["action", "action_display", "actor", "actor_unit", "comment", "time"]
        read_only_fields = fields

    def get_actor(self, event) -> str | None:
        return event.actor.display_name if event.actor else None


class RecruitmentPlanSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="县级司法局代码")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_locked = serializers.BooleanField(read_only=True, help_text="已上报、已批准或已备案的计划不能修改")
    planned_total = serializers.IntegerField(read_only=True, help_text="计划招聘合计")
    lines = PlanLineSerializer(many=True, read_only=True)
    events = PlanEventSerializer(many=True, read_only=True)

    class Meta:
        model = RecruitmentPlan
        fields = ["id", "unit", "unit_name", "year", "policy_id", "status", "status_display", "is_locked",
                  "minimum_to_recruit", "planned_total", "reasoning", "note", "lines", "events",
                  "created_at", "updated_at"]
        read_only_fields = fields


class PlanDraftSerializer(serializers.Serializer):
    county = ScopedUnitCodeField(help_text="县级司法局代码")
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年度")


class PlanCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="意见（退回时必填）")


class PlannedSerializer(serializers.Serializer):
    planned = serializers.DictField(child=serializers.IntegerField(), help_text="司法所代码 → 计划招聘人数")
    note = serializers.CharField(required=False, allow_blank=True, help_text="说明")


# The viewset's action names of the plan's steps (`return` and `file` are not method names here).
STEP_ACTIONS = {"submit": PlanAction.SUBMIT, "approve": PlanAction.APPROVE, "return_plan": PlanAction.RETURN,
                "file_plan": PlanAction.FILE}


class RecruitmentPlanViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """招聘计划：县级司法局按缺额起草、上报，市级司法局批准或退回，省级司法厅备案。限本单位及下级单位。"""

    queryset = selectors.plans_with_lines()
    serializer_class = RecruitmentPlanSerializer
    filterset_class = RecruitmentPlanFilterSet
    ordering_fields = ["year", "status", "updated_at"]
    view_capability = VIEW

    @property
    def edit_capability(self) -> str:
        # A step checks its own capability once the plan is found (take_step), as the page does, so that a
        # plan outside scope is 404 for everyone and a refusal says who may act.
        return VIEW if self.action in STEP_ACTIONS else EDIT

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.get_object()  # a plan outside scope does not exist, whatever the method
        return super().http_method_not_allowed(request, *args, **kwargs)

    def _plan_response(self, plan: RecruitmentPlan, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=PlanDraftSerializer, responses={201: RecruitmentPlanSerializer})
    def create(self, request):
        """按县级司法局的缺额起草招聘计划（各所计划招聘人数先按缺额填写）。"""
        form = PlanDraftSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        plan = services.draft_plan(county=form.validated_data["county"], year=form.validated_data["year"],
                                   actor=request.user)
        return self._plan_response(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlannedSerializer, responses=RecruitmentPlanSerializer)
    @action(detail=True, methods=["post"])
    def planned(self, request, pk=None):
        """修改草稿或已退回计划的各所计划招聘人数（按司法所代码）。"""
        plan = self.get_object()
        form = PlannedSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        offices = {line.office.code: line.office_id for line in plan.lines.all()}
        unknown = sorted(set(form.validated_data["planned"]) - set(offices))
        if unknown:
            raise ValidationError({"planned": f"司法所 {'、'.join(unknown)} 不在本计划中"})
        planned = {offices[code]: number for code, number in form.validated_data["planned"].items()}
        services.set_planned(plan=plan, planned=planned, note=form.validated_data.get("note"))
        return self._plan_response(plan)

    def _step(self, request) -> Response:
        plan = self.get_object()
        form = PlanCommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        take_step(STEP_ACTIONS[self.action], plan=plan, actor=request.user, comment=form.validated_data["comment"])
        return self._plan_response(plan)

    @extend_schema(request=None, responses=RecruitmentPlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """县级司法局上报（计划招聘合计不得少于员额规则的最低人数）。"""
        return self._step(request)

    @extend_schema(request=PlanCommentSerializer, responses=RecruitmentPlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """市级司法局批准；批准后计划锁定。"""
        return self._step(request)

    @extend_schema(request=PlanCommentSerializer, responses=RecruitmentPlanSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request, pk=None):
        """市级司法局退回修改（必须填写意见）。"""
        return self._step(request)

    @extend_schema(request=PlanCommentSerializer, responses=RecruitmentPlanSerializer)
    @action(detail=True, methods=["post"], url_path="file", url_name="file")
    def file_plan(self, request, pk=None):
        """省级司法厅备案。"""
        return self._step(request)


# --- quotas ---------------------------------------------------------------------------------------------


class StaffCountSerializer(serializers.Serializer):
    staff_type = serializers.CharField(help_text="人员类别代码")
    name = serializers.CharField(help_text="人员类别")
    count = serializers.IntegerField(help_text="人数")


class OfficeQuotaSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="司法所代码")
    name = serializers.CharField()
    counted = serializers.SerializerMethodField(help_text="按类别计入的现有人数")
    counted_total = serializers.IntegerField(help_text="计入人数")
    required = serializers.IntegerField(help_text="应有人数")
    vacancy = serializers.IntegerField(help_text="缺额")
    line = serializers.CharField(help_text="核定依据（含规则编号）")

    @extend_schema_field(StaffCountSerializer(many=True))
    def get_counted(self, office) -> list[dict]:
        vocabulary = self.context["vocabulary"]
        return [{"staff_type": t, "name": vocabulary.name("staff_type", t), "count": n}
                for t, n in office.counted]


class CountyQuotaSerializer(serializers.Serializer):
    """The engine's CountyQuota."""

    county = serializers.CharField(help_text="县级司法局名称")
    rule_id = serializers.CharField(help_text="员额规则编号，如 DQ-6")
    clause = serializers.CharField(help_text="规则出处条款")
    aggregation = serializers.CharField(help_text="per_office 逐所核定；county_pooled 县（区）所均核定")
    offices = OfficeQuotaSerializer(many=True)
    required_total = serializers.IntegerField(help_text="应有人数合计")
    counted_total = serializers.IntegerField(help_text="计入人数合计")
    minimum_to_recruit = serializers.IntegerField(help_text="至少招聘人数")
    lines = serializers.ListField(child=serializers.CharField(), help_text="核定依据，逐行")


class PolicyRefSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class CountyQuotaResultSerializer(serializers.Serializer):
    county = serializers.CharField(source="county.code", help_text="县级司法局代码")
    county_name = serializers.CharField(source="county.name")
    policy = PolicyRefSerializer(allow_null=True, help_text="适用政策；该地区没有政策文件时为 null")
    message = serializers.CharField(help_text="无法测算时的原因")
    quota = serializers.SerializerMethodField()

    def to_representation(self, county: OrgUnit):
        return super().to_representation(quota_for(county))

    @extend_schema_field(CountyQuotaSerializer(allow_null=True))
    def get_quota(self, result) -> dict | None:
        if result.quota is None:
            return None
        return CountyQuotaSerializer(result.quota, context={"vocabulary": result.policy.vocabulary}).data


class CountyFilterSet(FilterSet):
    county = django_filters.CharFilter(field_name="code", label="县级司法局代码")

    class Meta:
        model = OrgUnit
        fields = ["county"]


class RecruitmentQuotaViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """员额测算：管辖范围内每个县级司法局按适用政策的员额（?county= 指定一个县）；没有政策文件的县给出原因。"""

    queryset = selectors.open_counties()
    serializer_class = CountyQuotaResultSerializer
    filterset_class = CountyFilterSet
    ordering_fields = ["code"]
    view_capability = VIEW
    edit_capability = ""
