"""REST API of the standardization module: every record type, scoped and permission-checked like the
pages; rows are read through selectors.py, writes go through services.py, so a refusal answers 400 with the
same Chinese messages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import (CreateThroughServiceMixin, ScopeBeforeMethodMixin, ScopedModelViewSet,
                              ScopedViewSetMixin)

from .. import selectors, services
from ..filters import (EquipmentFilterSet, FollowUpFilterSet, InspectionFilterSet, OfficeProfileFilterSet,
                       ProgressFilterSet, WorkstationProfileFilterSet)
from .serializers import (ChecklistSerializer, CloseSerializer, EquipmentSerializer, FindingSerializer,
                          FollowUpSerializer, InspectionSerializer, MilestoneSerializer, OfficeProfileSerializer,
                          PhaseSerializer, PhotoSerializer, PlanSerializer, ProgressSerializer,
                          TaskForceMemberSerializer, WorkstationProfileSerializer)

VIEW = "standards.view"


def _service_data(validated: dict, names) -> dict:
    return {k: v for k, v in validated.items() if k in names}


# --- offices ---------------------------------------------------------------------------------------


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

    rows = staticmethod(selectors.office_profiles)
    serializer_class = OfficeProfileSerializer
    filterset_class = OfficeProfileFilterSet
    save_profile = staticmethod(services.save_office_profile)
    profile_fields = services.OFFICE_FIELDS
    check = staticmethod(selectors.office_check)


class EquipmentViewSet(CreateThroughServiceMixin, ScopedModelViewSet):
    """装备资产账目（WH-7）：装备类别须为标准规定的类别。"""

    rows = staticmethod(selectors.equipment)
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


class WorkstationProfileViewSet(_ProfileViewSet):
    """司法行政工作室建设情况（SD-3 至 SD-7）；GET {id}/checklist/ 为检查表。"""

    rows = staticmethod(selectors.workstation_profiles)
    serializer_class = WorkstationProfileSerializer
    filterset_class = WorkstationProfileFilterSet
    save_profile = staticmethod(services.save_workstation_profile)
    profile_fields = services.WORKSTATION_FIELDS
    check = staticmethod(selectors.workstation_check)


# --- plans -----------------------------------------------------------------------------------------


class _CreateReadViewSet(CreateThroughServiceMixin, ScopeBeforeMethodMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                         viewsets.ReadOnlyModelViewSet):
    view_capability = VIEW


class _PlanRecords(_CreateReadViewSet):
    """A plan and its parts, written by those who draw up plans."""

    edit_capability = "standards.plan"


class _InspectionRecords(_CreateReadViewSet):
    """An inspection and what it found, recorded by the inspecting unit."""

    edit_capability = "standards.inspect"


class PlanViewSet(_PlanRecords):
    """试点与建设方案（DQ-11、YQ-9、WH-13）。县级用户可读其填报进展的方案。"""

    rows = staticmethod(selectors.plans)
    serializer_class = PlanSerializer
    create_service = staticmethod(services.create_plan)


class PhaseViewSet(_PlanRecords):
    rows = staticmethod(selectors.phases)
    serializer_class = PhaseSerializer
    filterset_fields = ["plan"]
    create_service = staticmethod(services.add_phase)


class MilestoneViewSet(_PlanRecords):
    """节点任务：期限须在所属阶段之内；县级节点为每个县（区）建立进展。"""

    rows = staticmethod(selectors.milestones)
    serializer_class = MilestoneSerializer
    filterset_fields = ["plan", "phase"]
    create_service = staticmethod(services.add_milestone)


class TaskForceMemberViewSet(_PlanRecords):
    """工作专班及办公室成员（DQ-12）。"""

    rows = staticmethod(selectors.task_force)
    serializer_class = TaskForceMemberSerializer
    filterset_fields = ["plan"]
    create_service = staticmethod(services.add_task_force_member)


class ProgressViewSet(ScopeBeforeMethodMixin, ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """各县（区）的节点进展；PUT/PATCH 填报进展。"""

    rows = staticmethod(selectors.progress)
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


class InspectionViewSet(_InspectionRecords):
    """督导检查：检查发现须为被检查单位所适用标准的检查项。"""

    rows = staticmethod(selectors.inspections)
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    create_service = staticmethod(services.record_inspection)


class FindingViewSet(_InspectionRecords):
    rows = staticmethod(selectors.findings)
    serializer_class = FindingSerializer
    filterset_fields = ["inspection"]
    create_service = staticmethod(services.add_finding)


class PhotoViewSet(_InspectionRecords):
    rows = staticmethod(selectors.photos)
    serializer_class = PhotoSerializer
    filterset_fields = ["inspection"]
    create_service = staticmethod(services.add_photo)


class FollowUpViewSet(_InspectionRecords):
    """整改事项；POST {id}/close/ 销号。"""

    rows = staticmethod(selectors.follow_ups)
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    create_service = staticmethod(services.add_follow_up)

    @extend_schema(request=CloseSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        follow_up = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.close_follow_up(actor=request.user, follow_up=follow_up, **data.validated_data)
        return Response(FollowUpSerializer(follow_up, context={"request": request}).data)
