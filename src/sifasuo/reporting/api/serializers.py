from rest_framework import serializers

from sifasuo.core.api import ScopedModelSerializer

from ..models import AggregateValue, Report, ReportEvent, ReportTemplate


class ReportTemplateSerializer(ScopedModelSerializer):
    class Meta:
        model = ReportTemplate
        fields = ["id", "code", "name", "period_type", "unit_level", "deadline_day", "move_to_working_day",
                  "fields", "rules", "basis", "active"]
        read_only_fields = ["code"]


class ReportEventSerializer(ScopedModelSerializer):
    actor = serializers.CharField(source="actor.username", default="", read_only=True)

    class Meta:
        model = ReportEvent
        fields = ["id", "report", "kind", "at", "actor", "actor_unit", "comment"]


class ReportSerializer(ScopedModelSerializer):
    template = serializers.CharField(source="template.code", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "template", "unit", "unit_name", "period_start", "period_end", "deadline", "status",
                  "values", "warnings", "first_submitted_at", "submitted_at", "on_time", "approved_at",
                  "return_comment", "unlocked_until", "returned_by_hub", "hub_reviewed_at", "hub_comment"]
        read_only_fields = fields


class ReportOpenSerializer(serializers.Serializer):
    template = serializers.CharField(help_text="报表代码，如 office_monthly")
    period = serializers.CharField(help_text="统计期所在月份，如 2025-03")


class ValuesSerializer(serializers.Serializer):
    values = serializers.DictField(help_text="手工填报栏目：{栏目代码: 数值}")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class UnlockSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    days = serializers.IntegerField(required=False, default=3)


class AggregateValueSerializer(ScopedModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    basis = serializers.SerializerMethodField(help_text="live：实时数据，按登记簿即时汇总（D53）")

    class Meta:
        model = AggregateValue
        fields = ["id", "unit", "unit_name", "unit_path", "level", "period", "element", "value", "basis",
                  "computed_at"]

    def get_basis(self, obj) -> str:
        return "live"
