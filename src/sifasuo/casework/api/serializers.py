"""Serializers: the simple registers' are built from their specs; units by code, ID numbers masked."""

from __future__ import annotations

from rest_framework import serializers

from sifasuo.core.api import ScopedModelSerializer
from sifasuo.core.idnumbers import mask
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from ..models import CaseParty, FollowUpVisit, MediationCase, MediationSession
from ..registers import RegisterSpec


class MaskedIdField(serializers.CharField):
    """Written in full (checked by the service), read back masked."""

    def to_representation(self, value):
        return mask(value)


def serializer_for(spec: RegisterSpec) -> type[ScopedModelSerializer]:
    extra = {}
    if "id_number" in spec.fields:
        extra["id_number"] = MaskedIdField(required=False, allow_blank=True, max_length=20,
                                           help_text="身份证号码（读取时脱敏）")
    meta = type("Meta", (), {
        "model": spec.model,
        "fields": ["id", "unit", "unit_name", *spec.fields, "created_at", "updated_at"],
        "read_only_fields": ["created_at", "updated_at"],
        "validators": [],  # uniqueness and every rule: the service, in Chinese
    })
    attrs = {
        "Meta": meta,
        "unit": ScopedUnitCodeField(help_text="所属单位代码"),
        "unit_name": serializers.CharField(source="unit.name", read_only=True),
        **extra,
    }
    return type(f"{spec.model.__name__}Serializer", (ScopedModelSerializer,), attrs)


class CasePartySerializer(ScopedModelSerializer):
    id_number = MaskedIdField(required=False, allow_blank=True, max_length=20)

    class Meta:
        model = CaseParty
        fields = ["id", "case", "role", "name", "sex", "id_number", "phone", "address"]
        read_only_fields = ["case"]


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=CaseParty._meta.get_field("role").choices)
    name = serializers.CharField(max_length=100)
    sex = serializers.CharField(max_length=1, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MediationSessionSerializer(ScopedModelSerializer):
    class Meta:
        model = MediationSession
        fields = ["id", "case", "held_on", "place", "mediators", "summary"]


class FollowUpVisitSerializer(ScopedModelSerializer):
    class Meta:
        model = FollowUpVisit
        fields = ["id", "case", "visited_on", "method", "performance", "note"]


class MediationCaseSerializer(ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="受理单位代码")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    parties = PartyInputSerializer(many=True, write_only=True, help_text="当事人（至少一名申请人）")

    class Meta:
        model = MediationCase
        fields = ["id", "unit", "unit_name", "committee", "year", "number", "source", "dispute_type", "title",
                  "facts", "amount", "parties", "parties_display", "mediator_names", "registered_on",
                  "accepted_on", "status", "outcome", "closed_on", "agreement_form", "agreement_on",
                  "agreement_amount", "agreement_content", "performance", "close_note", "confirmation_wanted",
                  "confirmation_applied_on", "confirmation_court", "confirmation_result", "last_visit_on",
                  "archived_on", "dossier_number", "typical", "created_at", "updated_at"]
        read_only_fields = [f for f in fields if f not in (
            "unit", "committee", "number", "source", "dispute_type", "title", "facts", "amount", "parties",
            "registered_on")]
        validators = []
        extra_kwargs = {"number": {"required": False, "allow_blank": True}}


class StepSerializer(serializers.Serializer):
    """The body of a workflow step; the fields each step takes are listed in the endpoint's description."""

    accepted_on = serializers.DateField(required=False)
    mediators = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      help_text="调解员 id（受理时）")
    held_on = serializers.DateField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.CharField(required=False)
    closed_on = serializers.DateField(required=False)
    agreement_form = serializers.CharField(required=False, allow_blank=True)
    agreement_on = serializers.DateField(required=False, allow_null=True)
    agreement_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    agreement_content = serializers.CharField(required=False, allow_blank=True)
    performance = serializers.CharField(required=False, allow_blank=True)
    confirmation_wanted = serializers.BooleanField(required=False)
    close_note = serializers.CharField(required=False, allow_blank=True)
    visited_on = serializers.DateField(required=False)
    method = serializers.CharField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    applied_on = serializers.DateField(required=False)
    court = serializers.CharField(required=False, allow_blank=True)
    result = serializers.CharField(required=False)
    archived_on = serializers.DateField(required=False)
    dossier_number = serializers.CharField(required=False, allow_blank=True)
