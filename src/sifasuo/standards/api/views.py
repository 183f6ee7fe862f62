"""REST API of the standardization module: every record type, scoped and permission-checked like the
pages; writes go through services.py, so a refusal answers 400 with the same Chinese messages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import (CreateThroughServiceMixin, ScopeBeforeMethodMixin, ScopedModelSerializer,
                              ScopedModelViewSet, ScopedPrimaryKeyRelatedField, ScopedViewSetMixin)
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from .. import selectors, services
from ..filters import (EquipmentFilterSet, FollowUpFilterSet, InspectionFilterSet, OfficeProfileFilterSet,
                       ProgressFilterSet, WorkstationProfileFilterSet)
from ..models import (EquipmentItem, FollowUp, Inspection, InspectionFinding, InspectionPhoto, Milestone,
                      MilestoneProgress, OfficeProfile, Phase, Plan, TaskForceMember, WorkstationProfile)

VIEW = "standards.view"


def _service_data(validated: dict, names) -> dict:
    return {k: v for k, v in validated.items() if k in names}


# --- offices ---------------------------------------------------------------------------------------


class ChecklistResultSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    clause = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    requirement = serializers.CharField()
    actual = serializers.CharField()
    gap = serializers.CharField()
    advice = serializers.CharField(help_text="建议（如 WH-3 选配的增配人员），不计入达标")
    rate_only = serializers.BooleanField(help_text="只计入县、市汇总比率（如 WH-2），不作为本单位达标条件")


class ChecklistSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    standard = serializers.CharField(source="checklist.standard.id", default=None)
    reference = serializers.BooleanField(source="checklist.reference", default=False)
    compliant = serializers.BooleanField()
    results = ChecklistResultSerializer(source="checklist.results", many=True, default=[])


class OfficeProfileSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="司法所代码")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rooms = serializers.ListField(child=serializers.CharField(), required=False, help_text="功能室代码（标准文件 WH-6）")
    identity = serializers.ListField(child=serializers.CharField(), required=False)
    separation = serializers.ListField(child=serializers.CharField(), required=False)
    floor_area = serializers.DecimalField(max_digits=12, decimal_places=1, required=False, allow_null=True)

    class Meta:
        model = OfficeProfile
        fields = ["id", "unit", "unit_name", "floor_area", "tenure", "property_certificate", "certificate_number",
                  "premises_independent", "rooms", "identity", "separation", "director", "director_name", "director_rank",
                  "note", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"tenure": {"validators": []}, "director_rank": {"validators": []}}


class _ProfileViewSet(ScopeBeforeMethodMixin, ScopedModelViewSet):
    """One profile per unit, written through `save_profile(actor, unit, **fields)` (only `profile_fields` pass);
    GET {id}/checklist/ answers `check(unit)`, the standard checked clause by clause."""

    save_profile = None
    profile_fields: tuple = ()
    check = None
    view_capability = VIEW
    edit_capability = "standards.edit"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _save(self, serializer, unit):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        serializer.instance = self.save_profile(
            actor=self.request.user, unit=unit, **_service_data(data, self.profile_fields))

    def perform_create(self, serializer):
        self._save(serializer, serializer.validated_data["unit"])

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance.unit)

    @extend_schema(responses=ChecklistSerializer)
    @action(detail=True, methods=["get"])
    def checklist(self, request, pk=None):
        profile = self.get_object()
        return Response(ChecklistSerializer(self.check(profile.unit)).data)


class OfficeProfileViewSet(_ProfileViewSet):
    """司法所用房、功能室与组织情况；GET {id}/checklist/ 为按标准逐条核对的检查表。"""

    queryset = OfficeProfile.objects.select_related("unit").order_by("unit__path")
    serializer_class = OfficeProfileSerializer
    filterset_class = OfficeProfileFilterSet
    save_profile = staticmethod(services.save_office_profile)
    profile_fields = services.OFFICE_FIELDS
    check = staticmethod(selectors.office_check)


class EquipmentSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="司法所代码")

    class Meta:
        model = EquipmentItem
        fields = ["id", "unit", "item", "name", "asset_number", "quantity", "acquired_on", "status", "note"]
        extra_kwargs = {"status": {"validators": []}, "quantity": {"min_value": None, "max_value": None}}


class EquipmentViewSet(CreateThroughServiceMixin, ScopedModelViewSet):
    """装备资产账目（WH-7）：装备类别须为标准规定的类别。"""

    queryset = EquipmentItem.objects.select_related("unit").order_by("unit__path", "item", "id")
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilterSet
    view_capability = VIEW
    edit_capability = "standards.edit"
    create_service = staticmethod(services.add_equipment)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        serializer.instance = services.update_equipment(actor=self.request.user, equipment=serializer.instance,
                                                        **data)

    def perform_destroy(self, instance):
        services.delete_equipment(actor=self.request.user, equipment=instance)


# --- workstations ----------------------------------------------------------------------------------


class WorkstationProfileSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="工作室代码（12位）")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    six_unified = serializers.ListField(child=serializers.CharField(), required=False)
    layout = serializers.ListField(child=serializers.CharField(), required=False)
    funding = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = WorkstationProfile
        fields = ["id", "unit", "unit_name", "head_name", "head_position", "status", "initial_status", "deadline",
                  "built_on", "six_unified", "layout", "funding", "legal_adviser", "note", "updated_at"]
        read_only_fields = ["updated_at"]


class WorkstationProfileViewSet(_ProfileViewSet):
    """司法行政工作室建设情况（SD-3 至 SD-7）；GET {id}/checklist/ 为检查表。"""

    queryset = WorkstationProfile.objects.select_related("unit").order_by("unit__path")
    serializer_class = WorkstationProfileSerializer
    filterset_class = WorkstationProfileFilterSet
    save_profile = staticmethod(services.save_workstation_profile)
    profile_fields = services.WORKSTATION_FIELDS
    check = staticmethod(selectors.workstation_check)


# --- plans -----------------------------------------------------------------------------------------


class PlanSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="印发单位代码（市级或省级）")

    class Meta:
        model = Plan
        fields = ["id", "unit", "code", "name", "kind", "document", "rule_ids", "start", "end", "note"]
        extra_kwargs = {"code": {"validators": []}}


class _CreateReadViewSet(CreateThroughServiceMixin, ScopeBeforeMethodMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                         viewsets.ReadOnlyModelViewSet):
    view_capability = VIEW


class PlanViewSet(_CreateReadViewSet):
    """试点与建设方案（DQ-11、YQ-9、WH-13）。县级用户可读其填报进展的方案。"""

    queryset = Plan.objects.select_related("unit").order_by("-start", "code")
    serializer_class = PlanSerializer
    edit_capability = "standards.plan"
    create_service = staticmethod(services.create_plan)

    def get_queryset(self):
        return selectors.visible_plans(self.request.user).select_related("unit").order_by("-start", "code")


class PhaseSerializer(ScopedModelSerializer):
    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.all())

    class Meta:
        model = Phase
        fields = ["id", "plan", "order", "name", "start", "end", "description"]
        validators = []


class PhaseViewSet(_CreateReadViewSet):
    queryset = Phase.objects.select_related("plan").order_by("plan", "order")
    serializer_class = PhaseSerializer
    edit_capability = "standards.plan"
    filterset_fields = ["plan"]
    create_service = staticmethod(services.add_phase)


class MilestoneSerializer(ScopedModelSerializer):
    phase = ScopedPrimaryKeyRelatedField(queryset=Phase.objects.all())
    plan = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "plan", "phase", "order", "title", "deadline", "responsible_level", "responsible", "rule_id"]
        extra_kwargs = {"order": {"required": False}}


class MilestoneViewSet(_CreateReadViewSet):
    """节点任务：期限须在所属阶段之内；县级节点为每个县（区）建立进展。"""

    queryset = Milestone.objects.select_related("plan", "phase").order_by("plan", "deadline", "order")
    serializer_class = MilestoneSerializer
    edit_capability = "standards.plan"
    filterset_fields = ["plan", "phase"]
    create_service = staticmethod(services.add_milestone)


class TaskForceMemberSerializer(ScopedModelSerializer):
    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.all())

    class Meta:
        model = TaskForceMember
        fields = ["id", "plan", "group", "role", "position", "person", "order"]
        extra_kwargs = {"group": {"validators": []}, "role": {"validators": []}}


class TaskForceMemberViewSet(_CreateReadViewSet):
    """工作专班及办公室成员（DQ-12）。"""

    queryset = TaskForceMember.objects.select_related("plan").order_by("plan", "group", "order", "id")
    serializer_class = TaskForceMemberSerializer
    edit_capability = "standards.plan"
    filterset_fields = ["plan"]
    create_service = staticmethod(services.add_task_force_member)


class ProgressSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    milestone_title = serializers.CharField(source="milestone.title", read_only=True)
    deadline = serializers.DateField(source="milestone.deadline", read_only=True)

    class Meta:
        model = MilestoneProgress
        fields = ["id", "milestone", "milestone_title", "deadline", "unit", "unit_name", "status", "done_on", "note"]
        read_only_fields = ["milestone"]


class ProgressViewSet(ScopeBeforeMethodMixin, ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """各县（区）的节点进展；PUT/PATCH 填报进展。"""

    queryset = MilestoneProgress.objects.select_related("unit", "milestone").order_by("milestone__deadline", "unit__path")
    serializer_class = ProgressSerializer
    filterset_class = ProgressFilterSet
    view_capability = VIEW
    edit_capability = "standards.plan"

    def perform_update(self, serializer):
        data = serializer.validated_data
        current = serializer.instance
        serializer.instance = services.report_progress(
            actor=self.request.user, progress=current, status=data.get("status", current.status),
            done_on=data.get("done_on", current.done_on), note=data.get("note", current.note))


# --- inspections -----------------------------------------------------------------------------------


class FindingInputSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    result = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="被检查的司法所或工作室代码")
    inspector_unit = ScopedUnitCodeField(help_text="检查单位（市级或县级司法局）代码")
    findings = FindingInputSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "unit", "inspector_unit", "inspectors", "visited_on", "summary", "findings"]


class InspectionViewSet(_CreateReadViewSet):
    """督导检查：检查发现须为被检查单位所适用标准的检查项。"""

    queryset = Inspection.objects.select_related("unit", "inspector_unit").order_by("-visited_on", "-id")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    edit_capability = "standards.inspect"
    create_service = staticmethod(services.record_inspection)


class FindingSerializer(ScopedModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all())

    class Meta:
        model = InspectionFinding
        fields = ["id", "inspection", "rule_id", "result", "description"]
        extra_kwargs = {"result": {"validators": []}}


class FindingViewSet(_CreateReadViewSet):
    queryset = InspectionFinding.objects.select_related("inspection").order_by("inspection", "id")
    serializer_class = FindingSerializer
    edit_capability = "standards.inspect"
    filterset_fields = ["inspection"]
    create_service = staticmethod(services.add_finding)


class PhotoSerializer(ScopedModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all())
    image = serializers.FileField(help_text="JPG 或 PNG，不超过 5 MB")

    class Meta:
        model = InspectionPhoto
        fields = ["id", "inspection", "image", "caption"]


class PhotoViewSet(_CreateReadViewSet):
    queryset = InspectionPhoto.objects.select_related("inspection").order_by("inspection", "id")
    serializer_class = PhotoSerializer
    edit_capability = "standards.inspect"
    filterset_fields = ["inspection"]
    create_service = staticmethod(services.add_photo)


class FollowUpSerializer(ScopedModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all())

    class Meta:
        model = FollowUp
        fields = ["id", "inspection", "rule_id", "description", "responsible", "due_on", "status", "closed_on",
                  "closing_note"]
        read_only_fields = ["status", "closed_on", "closing_note"]


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    closing_note = serializers.CharField(allow_blank=True)


class FollowUpViewSet(_CreateReadViewSet):
    """整改事项；POST {id}/close/ 销号。"""

    queryset = FollowUp.objects.select_related("inspection").order_by("status", "due_on", "id")
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    edit_capability = "standards.inspect"
    create_service = staticmethod(services.add_follow_up)

    @extend_schema(request=CloseSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        follow_up = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.close_follow_up(actor=request.user, follow_up=follow_up, **data.validated_data)
        return Response(FollowUpSerializer(follow_up, context={"request": request}).data)
