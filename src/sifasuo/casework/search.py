"""What the search box finds among mediation cases: by case number, summary or party (name or ID number)."""

from sifasuo.core.idnumbers import mask
from sifasuo.core.search import Source

SOURCES = [
    Source("调解案件", "casework.MediationCase", "casework.view", text_fields=("title", "parties_display"),
           number_fields=("number",),
           detail=lambda c: f"{c.unit.name} · {c.registered_on:%Y-%m-%d} · {c.get_status_display()} · {c.parties_display}",
           select_related=("unit",), order_by=("-registered_on",)),
    # Parties by name are found through their cases (parties_display); by ID number here.
    Source("调解当事人", "casework.CaseParty", "casework.view", text_fields=(), id_field="id_number",
           detail=lambda p: f"{p.case.number} {p.case.title}{' · ' + mask(p.id_number) if p.id_number else ''}",
           select_related=("case", "case__unit"), order_by=("name",)),
]
