from django.core.exceptions import ValidationError
from rest_framework.exceptions import PermissionDenied

from sifasuo.core.api import ScopedModelViewSet

from .. import selectors, services
from ..filters import OrgUnitFilterSet
from .serializers import OrgUnitSerializer


class OrgUnitViewSet(ScopedModelViewSet):
    """单位：省司法厅、市县司法局、司法所、司法行政工作室。仅返回当前用户所属单位及其下级。"""

    rows = staticmethod(selectors.unit_register)
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    ordering_fields = ["code", "name", "level", "path"]
    view_capability = "org.view"
    edit_capability = "org.manage"
    cache_data_version = "orgunits"   # the serializer reads only the unit table (parent, hub): D27

    def perform_create(self, serializer):
        data = {"parent": None, **serializer.validated_data}
        if data.get("parent") is None and not self.request.user.is_superuser:
            raise PermissionDenied("只有系统管理员可以新建省级单位。")
        serializer.instance = services.create_unit(**data)

    def perform_update(self, serializer):
        if serializer.instance.pk == self.request.user.unit_id and "parent" in serializer.validated_data \
                and serializer.validated_data["parent"] != serializer.instance.parent:
            raise ValidationError({"parent": "不能移动您本人所属的单位"})
        serializer.instance = services.update_unit(unit=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        if instance.pk == self.request.user.unit_id:
            raise PermissionDenied("不能删除您本人所属的单位。")
        services.delete_unit(unit=instance)
