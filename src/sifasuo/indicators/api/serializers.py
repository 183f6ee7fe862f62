from rest_framework import serializers

from sifasuo.core.api import ScopedModelSerializer
from ..models import AnnualAssessment, AssessmentCriterion, AssessmentResult, ManualScore, OfficeScore, ScoringItem, ScoringScheme


class ScoringItemSerializer(ScopedModelSerializer):
    class Meta:
        model = ScoringItem
        fields = ["id", "scheme", "order", "name", "weight", "method", "indicator", "zero_line", "department"]


class ScoringSchemeSerializer(ScopedModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    items = ScoringItemSerializer(many=True, read_only=True)
    new_items = serializers.ListField(child=serializers.DictField(), write_only=True, required=False,
                                      help_text="考核项目：[{name, weight, method, indicator 或 department}]，合计 100 分")

    class Meta:
        model = ScoringScheme
        fields = ["id", "unit", "year", "name", "fund_total", "formula", "pass_score", "base_share", "no_data_rule",
                  "bonus_cap", "computed_at", "computed_through", "items", "new_items"]
        read_only_fields = ["computed_at", "computed_through"]
        extra_kwargs = {"fund_total": {"required": True}}


class ManualScoreSerializer(ScopedModelSerializer):
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = ManualScore
        fields = ["id", "item", "unit", "month", "percent", "note"]


class OfficeScoreSerializer(ScopedModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = OfficeScore
        fields = ["id", "scheme", "unit", "unit_name", "monthly", "composite", "rank", "fund", "explanation"]


class ComputeSerializer(serializers.Serializer):
    through = serializers.CharField(required=False, help_text="计算至月份，如 2025-12")


class ItemsSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.DictField(), allow_empty=True,
        help_text="方案的全部考核项目（按顺序）：[{id（修改已有项目时）, name, weight, method, indicator 或 department}]；"
                  "未列出的已有项目将被删除；分值合计须为 100")


class CriteriaSerializer(serializers.Serializer):
    criteria = serializers.ListField(
        child=serializers.DictField(), allow_empty=True,
        help_text="年度考核的全部考核内容（按顺序）：[{id（修改已有内容时）, name, max_points, source（onsite 或 bonus）, "
                  "basis}]；未列出的已有内容将被删除；分值（加分项除外）合计须为 100")


class AssessmentCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentCriterion
        fields = ["id", "order", "name", "max_points", "source", "basis"]


class AssessmentResultSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = AssessmentResult
        fields = ["id", "assessment", "unit", "unit_name", "total", "rank", "commended", "detail"]


class AnnualAssessmentSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    criteria = AssessmentCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualAssessment
        fields = ["id", "unit", "year", "name", "scheme", "commend_count", "commend_min_score", "status",
                  "finalized_at", "criteria"]
