"""Serializers of office administration: units by code (within the user's scope); the services check the rest."""

from __future__ import annotations

from rest_framework import serializers

from sifasuo.orgunits.api.serializers import ScopedUnitCodeField

from ..models import Expense, InspectionHosting, OperatingBudget, WorkDocument


class BudgetSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = OperatingBudget
        fields = ["id", "unit", "unit_name", "year", "heading", "amount", "note", "created_at", "updated_at"]
        read_only_fields = fields


class _EnteredByCodeSerializer(serializers.ModelSerializer):
    """A record entered through the API: its office given by code, within the user's scope."""

    unit = ScopedUnitCodeField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)


class ExpenseSerializer(_EnteredByCodeSerializer):
    class Meta:
        model = Expense
        fields = ["id", "unit", "unit_name", "spent_on", "heading", "amount", "description", "receipt_number",
                  "payee", "created_at", "updated_at"]
        read_only_fields = ["id", "unit_name", "created_at", "updated_at"]
        extra_kwargs = {"receipt_number": {"required": False, "allow_blank": True}}


class HostingSerializer(_EnteredByCodeSerializer):
    class Meta:
        model = InspectionHosting
        fields = ["id", "unit", "unit_name", "hosted_on", "inspected_by", "subject", "extra_budget", "actual_cost",
                  "settled_on", "bonus_points", "bonus_reason", "created_at", "updated_at"]
        read_only_fields = ["id", "unit_name", "created_at", "updated_at"]


class DocumentSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    on_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = WorkDocument
        fields = ["id", "unit", "unit_name", "year", "kind", "title", "filed_on", "due_on", "on_time",
                  "created_at", "updated_at"]
        read_only_fields = fields
