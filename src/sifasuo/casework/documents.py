"""The registers (七簿二册) as Word (.docx) and PDF, in the layout of the print view and the paper book: the title,
the unit and the period, numbered rows under a header repeated on every page, and the signature line of the
registrar and the director. Built with the platform's Word/PDF toolkit, core/documents.py (python-docx, then
LibreOffice for PDF); ID numbers appear as the register's columns show them (masked)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sifasuo.core.documents import add_paragraph, add_table, add_title, convert, new_document, to_bytes

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
    doc = new_document(title=f"{unit_name}{title}", author=unit_name or "司法所综合管理平台", landscape=True,
                       margins_cm=(1.5, MARGIN_CM))
    add_title(doc, title, size=18)
    add_paragraph(doc, f"单位：{unit_name or '—'}　　　期间：{period}　　　共 {len(rows)} 条", indent=False,
                  space_after=4)
    size = 9 if len(headers) > 7 else 10.5
    table_rows = [(str(no), *cells) for no, cells in rows] or [("", "本期无记录", *[""] * (len(headers) - 1))]
    add_table(doc, ["序号", *headers], table_rows, _widths(headers, [cells for _, cells in rows]), size=size)
    add_paragraph(doc, f"登记人：__________　　　审核人（所长）：__________　　　"
                       f"打印时间：{printed_at:%Y-%m-%d %H:%M}", indent=False, space_before=8)
    return to_bytes(doc)


def render(fmt: str, **kwargs) -> bytes:
    """The register as `fmt` ("docx" or "pdf")."""
    return convert(register_docx(**kwargs), fmt)
