"""What the search box finds among units: by name or division code."""

from sifasuo.core.search import Source

SOURCES = [
    Source("单位", "orgunits.OrgUnit", "org.view", text_fields=("name",), number_fields=("code",),
           detail=lambda u: f"{u.code} · {u.get_level_display()}{'（已撤销）' if u.closed_on else ''}",
           order_by=("path",)),
]
