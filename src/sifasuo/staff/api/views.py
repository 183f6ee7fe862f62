"""REST endpoints of every staff record type: scoped and permission-checked like the pages; writes go
through the services, so the API refuses the same input with the same Chinese messages."""

from __future__ import annotations

from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import (CreateThroughServiceMixin, ScopeBeforeMethodMixin, ScopedModelViewSet,
                              ScopedReadOnlyViewSet)
from sifasuo.core.scoping import not_found_message
from sifasuo.orgunits.selectors import visible_unit

from .. import filters, selectors, services
from . import serializers as s


class StaffMemberViewSet(ScopedReadOnlyViewSet):
    """工作人员（花名册）；身份证号码脱敏。"""

    rows = staticmethod(selectors.staff_register)
    serializer_class = s.StaffMemberSerializer
    filterset_class = filters.StaffFilterSet
    view_capability = "staff.view"
    edit_capability = "staff.edit"


class _CreateOnly(CreateThroughServiceMixin, ScopeBeforeMethodMixin, ScopedModelViewSet):
    """List, retrieve and create (records are dated history, corrected by a new record, never overwritten)."""

    http_method_names = ["get", "post", "head", "options"]
    view_capability = "staff.view"
    edit_capability = "staff.edit"


class ContractViewSet(_CreateOnly):
    """聘用合同；POST {id}/renew/ 按考核结果续订（不建议续聘时须 override_reason）。"""

    rows = staticmethod(selectors.contracts)
    serializer_class = s.ContractSerializer
    filterset_class = filters.ContractFilterSet
    create_service = staticmethod(services.create_contract)

    @action(detail=True, methods=["get"])
    def proposal(self, request, pk=None):
        p = services.renewal_proposal(self.get_object())
        return Response({"decision": p.decision, "label": p.label, "reasons": list(p.reasons),
                         "dismissal": p.dismissal})

    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        new = services.renew_contract(actor=request.user, contract=self.get_object(),
                                      override_reason=str(request.data.get("override_reason", "")))
        return Response(s.ContractSerializer(new, context=self.get_serializer_context()).data, status=201)


class LevelRecordViewSet(_CreateOnly):
    """层级记录（DQ-9）；POST 设定层级：首次定级，或按政策逐级调整。"""

    rows = staticmethod(selectors.level_records)
    serializer_class = s.LevelRecordSerializer
    filterset_class = filters.LevelRecordFilterSet
    create_service = staticmethod(services.set_level)


class LevelProposalViewSet(ScopeBeforeMethodMixin, ScopedReadOnlyViewSet):
    """层级评定建议；POST review/（county, year）进行年度评定；POST {id}/approve/ 或 {id}/reject/。"""

    rows = staticmethod(selectors.level_proposals)
    serializer_class = s.LevelProposalSerializer
    filterset_class = filters.LevelProposalFilterSet
    view_capability = "staff.view"
    edit_capability = "staff.edit"

    @action(detail=False, methods=["get", "post"])
    def review(self, request):
        """GET: the pending proposals in scope; POST county + year: run the year's review."""
        from django.core.exceptions import ValidationError

        if request.method == "GET":
            pending = selectors.pending_proposals(self.filter_queryset(self.get_queryset()))
            return Response(s.LevelProposalSerializer(pending[:500], many=True).data)

        code = str(request.data.get("county", "")).strip()
        county = visible_unit(request.user, code)
        if county is None:
            raise ValidationError({"county": not_found_message("单位代码", code)})
        try:
            year = int(request.data.get("year"))
        except (TypeError, ValueError):
            raise ValidationError({"year": "请填写评定年度（如 2024）"}) from None
        made = services.run_level_review(actor=request.user, county=county, year=year)
        return Response(s.LevelProposalSerializer(made, many=True).data, status=201)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        p = services.decide_proposal(actor=request.user, proposal=self.get_object(), approve=True)
        return Response(s.LevelProposalSerializer(p).data)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        p = services.decide_proposal(actor=request.user, proposal=self.get_object(), approve=False)
        return Response(s.LevelProposalSerializer(p).data)


class PayBenchmarkViewSet(_CreateOnly):
    """工资基准（DQ-8、YQ-7）：县级按生效日期录入，调资为新记录。"""

    rows = staticmethod(selectors.pay_benchmarks)
    serializer_class = s.PayBenchmarkSerializer
    filterset_class = filters.BenchmarkFilterSet
    create_service = staticmethod(lambda actor, unit, **d: services.set_benchmark(actor=actor, county=unit, **d))


class TrainingRecordViewSet(_CreateOnly):
    """培训记录（DQ-10）。"""

    rows = staticmethod(selectors.trainings)
    serializer_class = s.TrainingRecordSerializer
    filterset_class = filters.TrainingFilterSet
    edit_capability = "staff.records"
    create_service = staticmethod(services.record_training)


class AssessmentViewSet(_CreateOnly):
    """年度考核（德能勤绩廉评分与等次）。"""

    rows = staticmethod(selectors.assessments)
    serializer_class = s.AssessmentSerializer
    filterset_class = filters.AssessmentFilterSet
    create_service = staticmethod(lambda actor, staff, **d: services.record_assessment_from(actor=actor, staff=staff,
                                                                                             data=d))


class RewardDisciplineViewSet(_CreateOnly):
    """奖惩记录。"""

    rows = staticmethod(selectors.rewards)
    serializer_class = s.RewardDisciplineSerializer
    filterset_class = filters.RewardFilterSet
    create_service = staticmethod(services.record_reward)


class WritingRecordViewSet(_CreateOnly):
    """写作任务（HZ-6）。"""

    rows = staticmethod(selectors.writings)
    serializer_class = s.WritingRecordSerializer
    filterset_class = filters.WritingFilterSet
    edit_capability = "staff.records"
    create_service = staticmethod(services.record_writing)


class TransferViewSet(_CreateOnly):
    """调动记录；POST 调动人员（原单位保留在记录中）。"""

    rows = staticmethod(selectors.transfers)
    serializer_class = s.TransferSerializer
    filterset_class = filters.TransferFilterSet
    create_service = staticmethod(services.transfer_member)
