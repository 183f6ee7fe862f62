"""What the search box finds among released persons: by name or ID number."""

from sifasuo.core.idnumbers import mask
from sifasuo.core.search import Source

SOURCES = [
    Source("刑满释放人员", "resettlement.ReleasedPerson", "resettlement.view", text_fields=("full_name",),
           id_field="id_number", detail=lambda p: f"{p.unit.name} · {mask(p.id_number)}",
           select_related=("unit",), order_by=("full_name",)),
]
