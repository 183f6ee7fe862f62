"""The registers (七簿二册) as Word (.docx) and PDF, in the layout of the print view and the paper book: the title,
the unit and the period, numbered rows under a header repeated on every page, and the signature line of the
registrar and the director. The same building blocks as recruitment/documents.py (python-docx, then LibreOffice
for PDF); ID numbers appear as the register's columns show them (masked)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from docx.shared import Cm, Pt

from sifasuo.recruitment.documents import (
    DocumentError,  # noqa: F401 (re-exported for the views)
    _bytes,
    _new_document,
    _paragraph,
    _table,
    _title,
    docx_to_pdf,
)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
PAGE_WIDTH_CM = 29.7
MARGIN_CM = 1.5
NUMBER_WIDTH_CM = 1.1


def _display_width(text: str) -> int:
    """Half-width units: a Chinese character is as wide as two digits."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Column widths in cm: the serial number narrow, the others by the length of their longest text (bounded), so a
    long 反映事项 gets room and a date does not."""
    usable = PAGE_WIDTH_CM - 2 * MARGIN_CM - NUMBER_WIDTH_CM
    weights = []
    for index, header in enumerate(headers):
        longest = max([_display_width(header), *(_display_width(str(row[index])) for row in rows[:200])])
        weights.append(min(max(longest, 8), 48))
    total = sum(weights)
    return [NUMBER_WIDTH_CM, *(round(usable * w / total, 2) for w in weights)]


def register_docx(*, title: str, unit_name: str, period: str, headers: Sequence[str],
                  rows: Sequence[tuple[int, Sequence[str]]], printed_at: datetime.datetime) -> bytes:
    """One register as a landscape A4 Word document. `rows` are (serial number, cell texts), as the print view has."""
    doc = _new_document(title=f"{unit_name}{title}", author=unit_name or "司法所综合管理平台", landscape=True)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(1.5)
    _title(doc, title, size=18)
    meta = _paragraph(doc, f"单位：{unit_name or '—'}　　　期间：{period}　　　共 {len(rows)} 条", indent=False)
    meta.paragraph_format.space_after = Pt(4)
    size = 9 if len(headers) > 7 else 10.5
    table_rows = [(str(no), *cells) for no, cells in rows] or [("", "本期无记录", *[""] * (len(headers) - 1))]
    _table(doc, ["序号", *headers], table_rows, _widths(headers, [cells for _, cells in rows]), size=size)
    foot = _paragraph(doc, f"登记人：__________　　　审核人（所长）：__________　　　"
                           f"打印时间：{printed_at:%Y-%m-%d %H:%M}", indent=False)
    foot.paragraph_format.space_before = Pt(8)
    return _bytes(doc)


def register_pdf(**kwargs) -> bytes:
    return docx_to_pdf(register_docx(**kwargs))


def render(fmt: str, **kwargs) -> bytes:
    return register_pdf(**kwargs) if fmt == "pdf" else register_docx(**kwargs)
