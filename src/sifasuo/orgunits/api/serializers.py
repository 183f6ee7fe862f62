from rest_framework import serializers

from sifasuo.core.api import ScopedModelSerializer
from sifasuo.core.scoping import EDIT, in_scope, not_found_message

from .. import selectors
from ..models import OrgUnit


class ScopedUnitCodeField(serializers.SlugRelatedField):
    """A unit referred to by its code, which must lie within the requesting user's scope."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=selectors.every_unit(), **kwargs)

    def to_internal_value(self, data):
        return scoped_unit(data, self.context["request"].user)


def scoped_unit(code, user) -> OrgUnit:
    """The unit of `code` if it lies within the user's scope; another county's unit answers exactly as a
    missing code does (core.scoping.not_found_message)."""
    code = str(code).strip()
    unit = selectors.unit_with_code(code)
    if unit is None or not in_scope(user, unit.path, EDIT):
        raise serializers.ValidationError(not_found_message("单位代码", code))
    return unit


class OrgUnitSerializer(ScopedModelSerializer):
    parent = ScopedUnitCodeField(required=False, allow_null=True, help_text="上级单位代码")
    hub = ScopedUnitCodeField(required=False, allow_null=True, help_text="所属片区中心所代码")
    # Method fields: DRF inspects a callable `source` on every row, which costs more than the call itself.
    level_display = serializers.SerializerMethodField(help_text="层级名称")
    kind_display = serializers.SerializerMethodField(help_text="类型名称")

    class Meta:
        model = OrgUnit
        fields = [
            "id", "code", "name", "division_name", "level", "level_display", "kind", "kind_display",
            "parent", "path", "opened_on", "closed_on", "address", "phone", "population", "is_hub", "hub",
            "created_at", "updated_at",
        ]
        read_only_fields = ["path", "created_at", "updated_at"]
        # Uniqueness is checked by the service, with its Chinese message.
        extra_kwargs = {"code": {"validators": []}}

    def get_level_display(self, obj) -> str:
        return obj.get_level_display()

    def get_kind_display(self, obj) -> str:
        return obj.get_kind_display()
