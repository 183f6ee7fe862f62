"""What the search box finds among community-correction subjects: by name, file number or ID number."""

from sifasuo.core.idnumbers import mask
from sifasuo.core.search import Source

SOURCES = [
    Source("社区矫正对象", "correction.CorrectionSubject", "correction.view", text_fields=("full_name",),
           number_fields=("number",), id_field="id_number",
           detail=lambda s: f"{s.number} · {s.unit.name} · {s.get_status_display()} · {mask(s.id_number)}",
           select_related=("unit",), order_by=("full_name",)),
]
