"""Shapes of the correction API. ID numbers are write-only and read back masked; subjects are referred to by id
within the user's scope; the rules (and their Chinese messages) are the services'."""

from __future__ import annotations

from rest_framework import serializers

from sifasuo.core.api import MaskedIdMixin, ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from .. import selectors
from ..models import (
    CheckIn,
    CorrectionSubject,
    InvestigationAssessment,
    Leave,
    LevelChange,
    LocationPeriod,
    MedicalCheck,
    Sanction,
)


class SubjectSerializer(MaskedIdMixin, ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="负责单位代码")
    level = serializers.CharField(required=False, default="strict", help_text="管理等级：strict 严管 / normal 普管 / lenient 宽管")
    sentence_type = serializers.CharField(help_text="矫正类别：control / probation / parole / outside")

    class Meta:
        model = CorrectionSubject
        fields = ["id", "unit", "number", "full_name", "id_number", "id_number_masked", "sex", "birth_date",
                  "address", "phone", "crime", "sentence_type", "original_sentence", "decided_by", "effective_on",
                  "report_due_on", "reported_on", "start_on", "end_on", "declared_on", "plan", "plan_on", "level",
                  "status", "out_of_contact_since", "missed_registration", "last_phone_on", "last_in_person_on",
                  "last_written_on", "last_medical_on", "ended_on", "end_reason", "end_note", "handed_over_on",
                  "created_at", "updated_at"]
        read_only_fields = ["sex", "birth_date", "report_due_on", "declared_on", "plan", "plan_on", "status",
                            "out_of_contact_since", "missed_registration", "last_phone_on", "last_in_person_on",
                            "last_written_on", "last_medical_on", "ended_on", "end_reason", "end_note",
                            "handed_over_on", "created_at", "updated_at"]
        extra_kwargs = {"number": {"validators": []}}


class InvestigationSerializer(MaskedIdMixin, ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="承办单位代码")

    class Meta:
        model = InvestigationAssessment
        fields = ["id", "unit", "full_name", "id_number", "id_number_masked", "commissioned_by", "commissioned_on",
                  "urgent", "due_on", "status", "conclusion", "reported_on", "note"]
        read_only_fields = ["due_on", "status", "conclusion", "reported_on"]


def _record_serializer(model_, fields_, read_only=()):
    class _S(ScopedModelSerializer):
        subject = ScopedPrimaryKeyRelatedField(queryset=selectors.every_subject(), help_text="矫正对象编号")

        class Meta:
            model = model_
            fields = ["id", "subject", *fields_]
            read_only_fields = list(read_only)

    _S.__name__ = f"{model_.__name__}Serializer"
    return _S


LevelChangeSerializer = _record_serializer(LevelChange, ["level", "changed_on", "reason"])
CheckInSerializer = _record_serializer(CheckIn, ["method", "on", "note"])
class LeaveSerializer(_record_serializer(
        Leave, ["kind", "applied_on", "start_on", "end_on", "destination", "reason", "status", "decided_on",
                "decided_by", "returned_on", "from_unit", "to_unit", "transferred_on"],
        read_only=["status", "decided_on", "decided_by", "returned_on", "transferred_on"])):
    from_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="原执行地司法所代码")
    to_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="接收司法所代码")
SanctionSerializer = _record_serializer(Sanction, ["kind", "on", "reason"])
LocationPeriodSerializer = _record_serializer(
    LocationPeriod, ["start_on", "end_on", "reason", "renewal_of", "closed_on"], read_only=["renewal_of", "closed_on"])
MedicalCheckSerializer = _record_serializer(MedicalCheck, ["on", "hospital", "result"])


class DateSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="日期")


class EndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(help_text="expired 期满解除 / pardon / revoked / death / other")
    note = serializers.CharField(required=False, default="", allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    decided_on = serializers.DateField()
    to_unit = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="变更执行地：接收司法所的单位代码（批准时必填）")
    transferred_on = serializers.DateField(required=False, allow_null=True, default=None,
                                           help_text="变更执行地：交接日期（不填为审批日期）")

    def validate_to_unit(self, value):
        from sifasuo.orgunits.api.serializers import scoped_unit

        code = (value or "").strip()
        return scoped_unit(code, self.context["request"].user) if code else None


class ReportSerializer(serializers.Serializer):
    conclusion = serializers.CharField(help_text="suitable 适用 / unsuitable 不适用")
    reported_on = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True)
