from rest_framework import serializers

from . import selectors
from .api import ScopedModelSerializer, ScopedReadOnlyViewSet
from .filters import ChangeLogFilterSet
from .models import ChangeLogEntry


class ChangeLogSerializer(ScopedModelSerializer):
    content_type = serializers.SlugRelatedField(slug_field="model", read_only=True)

    class Meta:
        model = ChangeLogEntry
        fields = ["id", "request_id", "time", "username", "source", "action", "content_type", "object_id",
                  "object_repr", "unit_path", "before", "after"]


class ChangeLogViewSet(ScopedReadOnlyViewSet):
    """变更日志：谁在何时修改了什么（修改前后），限本单位及下级单位。"""

    rows = staticmethod(selectors.change_log)
    serializer_class = ChangeLogSerializer
    filterset_class = ChangeLogFilterSet
    view_capability = "changelog.view"
    edit_capability = "changelog.view"
