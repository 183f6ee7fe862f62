"""Roster pages: the list shows ID numbers masked; the detail shows the full number only to roles that
need it, and logs that view."""

from __future__ import annotations

from sifasuo.core.idnumbers import mask
from sifasuo.core.sensitive import reveal
from sifasuo.core.tables import Column
from sifasuo.core.views import ScopedDetailView, ScopedListView

from .filters import StaffFilterSet
from .models import StaffMember


class StaffListView(ScopedListView):
    model = StaffMember
    capability = "staff.view"
    filterset_class = StaffFilterSet
    title = "工作人员花名册"
    columns = [
        Column("姓名", "full_name", link=True),
        Column("性别", "sex"),
        Column("身份证号码", lambda m: mask(m.id_number)),
        Column("人员类别", "staff_type"),
        Column("岗位职责类别", "duty_category"),
        Column("所在单位", "unit__name"),
        Column("学历", "education"),
        Column("到岗日期", "joined_on"),
        Column("离岗日期", "left_on"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class StaffDetailView(ScopedDetailView):
    model = StaffMember
    capability = "staff.view"
    template_name = "staff/staffmember_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown, full = reveal(self.object, "id_number", self.request.user)
        context.update(id_number_shown=shown, id_number_full=full, contracts=self.object.contracts.all())
        return context
