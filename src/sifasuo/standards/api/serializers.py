"""Serializers of the standardization module's REST API: related records are looked up in the requesting
user's scope (core.api.ScopedModelSerializer), unit codes through orgunits' scoped code field."""

from __future__ import annotations

from rest_framework import serializers

from sifasuo.core.api import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from ..models import (EquipmentItem, FollowUp, Inspection, InspectionFinding, InspectionPhoto, Milestone,
                      MilestoneProgress, OfficeProfile, Phase, Plan, TaskForceMember, WorkstationProfile)


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


class EquipmentSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="司法所代码")

    class Meta:
        model = EquipmentItem
        fields = ["id", "unit", "item", "name", "asset_number", "quantity", "acquired_on", "status", "note"]
        extra_kwargs = {"status": {"validators": []}, "quantity": {"min_value": None, "max_value": None}}


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


class PlanSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="印发单位代码（市级或省级）")

    class Meta:
        model = Plan
        fields = ["id", "unit", "code", "name", "kind", "document", "rule_ids", "start", "end", "note"]
        extra_kwargs = {"code": {"validators": []}}


class PhaseSerializer(ScopedModelSerializer):
    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.all())

    class Meta:
        model = Phase
        fields = ["id", "plan", "order", "name", "start", "end", "description"]
        validators = []


class MilestoneSerializer(ScopedModelSerializer):
    phase = ScopedPrimaryKeyRelatedField(queryset=Phase.objects.all())
    plan = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "plan", "phase", "order", "title", "deadline", "responsible_level", "responsible", "rule_id"]
        extra_kwargs = {"order": {"required": False}}


class TaskForceMemberSerializer(ScopedModelSerializer):
    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.all())

    class Meta:
        model = TaskForceMember
        fields = ["id", "plan", "group", "role", "position", "person", "order"]
        extra_kwargs = {"group": {"validators": []}, "role": {"validators": []}}


class ProgressSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    milestone_title = serializers.CharField(source="milestone.title", read_only=True)
    deadline = serializers.DateField(source="milestone.deadline", read_only=True)

    class Meta:
        model = MilestoneProgress
        fields = ["id", "milestone", "milestone_title", "deadline", "unit", "unit_name", "status", "done_on", "note"]
        read_only_fields = ["milestone"]


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


class FindingSerializer(ScopedModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all())

    class Meta:
        model = InspectionFinding
        fields = ["id", "inspection", "rule_id", "result", "description"]
        extra_kwargs = {"result": {"validators": []}}


class PhotoSerializer(ScopedModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all())
    image = serializers.FileField(help_text="JPG 或 PNG，不超过 5 MB")

    class Meta:
        model = InspectionPhoto
        fields = ["id", "inspection", "image", "caption"]


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
