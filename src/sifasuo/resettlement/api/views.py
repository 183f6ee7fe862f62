"""REST endpoints of resettlement: scoped and permission-checked like the pages; each retrieve is logged."""

from __future__ import annotations

from sifasuo.core.api import LoggedRetrieveMixin, StepViewSet, record_viewset, step

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
    create_service = staticmethod(services.register_notice)

    verify = step("verify", s.OnSerializer, services.verify, "person", doc="核查。", renamed={"on": "verified_on"})
    confirm = step("confirm", s.OnSerializer, services.confirm, "person", doc="核实。", renamed={"on": "confirmed_on"})
    release = step("release", s.ReleaseSerializer, services.record_release, "person",
                   doc="登记释放（重点对象可同时登记接回）。")
    collect = step("collect", s.CollectSerializer, services.record_collection, "person", doc="登记接回（必接必送）。")
    handover = step("handover", s.HandOverSerializer, services.hand_over, "person", doc="衔接。")
    placement = step("placement", s.PlacementSerializer, services.set_placement, "person", doc="安置。")
    reoffence = step("reoffence", s.ReoffenceSerializer, services.record_reoffence, "person", doc="登记重新犯罪。")
    end = step("end", s.OnSerializer, services.end_assistance, "person", doc="帮教期满结束。",
               renamed={"on": "ended_on"})


AssistanceViewSet = record_viewset(_RBase, AssistanceRecord, s.AssistanceSerializer, services.record_assistance,
                                   "帮教记录。", parent="person", ordering=("-on", "-id"))
RiskReviewViewSet = record_viewset(_RBase, RiskReview, s.RiskReviewSerializer, services.review_risk,
                                   "风险评估（每六个月复评）。", parent="person", ordering=("-reviewed_on", "-id"))
