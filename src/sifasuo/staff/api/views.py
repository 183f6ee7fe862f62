from rest_framework import serializers

from sifasuo.core.api import ScopedReadOnlyViewSet
from sifasuo.core.idnumbers import mask

from ..filters import StaffFilterSet
from ..models import StaffMember


class StaffMemberSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="身份证号码（脱敏）")

    class Meta:
        model = StaffMember
        fields = ["id", "unit", "full_name", "sex", "birth_date", "id_number", "staff_type", "duty_category",
                  "post", "education", "major", "passed_legal_exam", "joined_on", "left_on", "exit_reason"]

    def get_id_number(self, obj) -> str:
        return mask(obj.id_number)


class StaffMemberViewSet(ScopedReadOnlyViewSet):
    """工作人员（花名册）；身份证号码脱敏。"""

    queryset = StaffMember.objects.select_related("unit").order_by("unit__path", "full_name")
    serializer_class = StaffMemberSerializer
    filterset_class = StaffFilterSet
    view_capability = "staff.view"
    edit_capability = "staff.edit"
