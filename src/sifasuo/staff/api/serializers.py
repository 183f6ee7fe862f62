"""Shapes of the staff records in the API; rules stay in services.py."""

from __future__ import annotations

from rest_framework import serializers

from sifasuo.core.api import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from sifasuo.core.idnumbers import mask
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from .. import selectors
from ..models import (Assessment, Contract, LevelProposal, LevelRecord, PayBenchmark, RewardDiscipline,
                      StaffMember, TrainingRecord, Transfer, WritingRecord)


class StaffMemberSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="身份证号码（脱敏）")

    class Meta:
        model = StaffMember
        fields = ["id", "unit", "full_name", "sex", "birth_date", "id_number", "staff_type", "duty_category",
                  "position", "deputy_section_rank", "assistant_level", "post", "education", "major",
                  "passed_legal_exam", "joined_on", "left_on", "exit_kind", "exit_reason"]

    def get_id_number(self, obj) -> str:
        return mask(obj.id_number)


class _Record(ScopedModelSerializer):
    staff = ScopedPrimaryKeyRelatedField(queryset=selectors.every_member(), help_text="工作人员编号")
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)


class ContractSerializer(_Record):
    class Meta:
        model = Contract
        fields = ["id", "staff", "staff_name", "start", "end", "probation_end", "policy_id", "note", "renewal_of"]
        read_only_fields = ["policy_id", "renewal_of"]


class LevelRecordSerializer(_Record):
    class Meta:
        model = LevelRecord
        fields = ["id", "staff", "staff_name", "level", "effective_on", "reason"]
        extra_kwargs = {"level": {"validators": []}}


class LevelProposalSerializer(_Record):
    class Meta:
        model = LevelProposal
        fields = ["id", "staff", "staff_name", "year", "from_level", "to_level", "kind", "rule_id", "reason",
                  "status", "decided_by", "decided_on"]
        read_only_fields = fields


class PayBenchmarkSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="县级司法局代码")

    class Meta:
        model = PayBenchmark
        fields = ["id", "unit", "benchmark", "monthly_amount", "effective_from", "note"]
        extra_kwargs = {"benchmark": {"required": False}}
        validators = []


class TrainingRecordSerializer(_Record):
    class Meta:
        model = TrainingRecord
        fields = ["id", "staff", "staff_name", "kind", "organizer", "title", "start_on", "days", "year"]
        read_only_fields = ["year"]
        extra_kwargs = {"days": {"max_digits": None, "decimal_places": None}}


class AssessmentSerializer(_Record):
    class Meta:
        model = Assessment
        fields = ["id", "staff", "staff_name", "year", "virtue", "ability", "diligence", "performance", "integrity",
                  "total", "grade", "comment", "policy_id"]
        read_only_fields = ["total", "policy_id"]
        extra_kwargs = {"grade": {"required": False}}
        validators = []


class RewardDisciplineSerializer(_Record):
    class Meta:
        model = RewardDiscipline
        fields = ["id", "staff", "staff_name", "kind", "title", "on", "reason", "issuer"]


class WritingRecordSerializer(_Record):
    class Meta:
        model = WritingRecord
        fields = ["id", "staff", "staff_name", "year", "kind", "title", "submitted_on"]
        extra_kwargs = {"year": {"required": False}}


class TransferSerializer(_Record):
    from_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    to_unit = ScopedUnitCodeField(help_text="调入单位代码")

    class Meta:
        model = Transfer
        fields = ["id", "staff", "staff_name", "from_unit", "to_unit", "on", "reason"]
