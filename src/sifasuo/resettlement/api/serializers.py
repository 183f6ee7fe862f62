"""Shapes of the resettlement API (ID numbers write-only, read back masked)."""

from __future__ import annotations

from rest_framework import serializers

from sifasuo.core.api import MaskedIdMixin, ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from .. import selectors
from ..models import AssistanceRecord, ReleasedPerson, RiskReview


class PersonSerializer(MaskedIdMixin, ScopedModelSerializer):
    unit = ScopedUnitCodeField(help_text="帮教单位代码")

    class Meta:
        model = ReleasedPerson
        fields = ["id", "unit", "full_name", "id_number", "id_number_masked", "sex", "birth_date", "address", "crime",
                  "sentence", "sentence_start_on", "source", "released_from", "notice_received_on", "expected_release_on", "verified_on",
                  "confirmed_on", "is_key", "released_on", "collected_on", "collected_by", "handed_over_on",
                  "placement", "placed_on", "assistance_until", "risk_tier", "risk_reviewed_on", "last_contact_on",
                  "reoffended_on", "reoffence_note", "ended_on", "status", "created_at", "updated_at"]
        read_only_fields = [f for f in fields if f not in (
            "unit", "full_name", "id_number", "address", "crime", "sentence", "sentence_start_on", "released_from",
            "notice_received_on",
            "expected_release_on", "is_key")]


class AssistanceSerializer(ScopedModelSerializer):
    person = ScopedPrimaryKeyRelatedField(queryset=selectors.every_person(), help_text="帮教对象编号")

    class Meta:
        model = AssistanceRecord
        fields = ["id", "person", "on", "kind", "note"]


class RiskReviewSerializer(ScopedModelSerializer):
    person = ScopedPrimaryKeyRelatedField(queryset=selectors.every_person(), help_text="帮教对象编号")
    tier = serializers.CharField(help_text="high / medium / low")

    class Meta:
        model = RiskReview
        fields = ["id", "person", "reviewed_on", "tier", "note"]


class OnSerializer(serializers.Serializer):
    on = serializers.DateField()


class ReleaseSerializer(serializers.Serializer):
    released_on = serializers.DateField()
    collected_on = serializers.DateField(required=False, allow_null=True, default=None)
    collected_by = serializers.CharField(required=False, default="", allow_blank=True)


class CollectSerializer(serializers.Serializer):
    collected_on = serializers.DateField()
    collected_by = serializers.CharField()


class HandOverSerializer(serializers.Serializer):
    handed_over_on = serializers.DateField()
    tier = serializers.CharField(required=False, default="medium")


class PlacementSerializer(serializers.Serializer):
    placement = serializers.CharField()
    placed_on = serializers.DateField()


class ReoffenceSerializer(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField()
