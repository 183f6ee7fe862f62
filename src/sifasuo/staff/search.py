"""What the search box finds on the staff roster: by name or ID number."""

from sifasuo.core.idnumbers import mask
from sifasuo.core.search import Source

SOURCES = [
    Source("工作人员", "staff.StaffMember", "staff.view", text_fields=("full_name",), id_field="id_number",
           detail=lambda s: f"{s.unit.name} · {s.get_staff_type_display()} · {mask(s.id_number)}"
                            f"{'' if s.left_on is None else ' · 已离岗'}",
           select_related=("unit",), order_by=("left_on", "full_name")),
]
