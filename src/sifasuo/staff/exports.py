"""The roster's Excel export, fast: rows read as tuples (`values_list`, no model instances), choice labels
from dicts built once, ID numbers masked, written by core.spreadsheets.writer into a temporary file.

Why not core.exports.workbook_bytes: the list page's Column objects resolve each choice label per cell; on
20,000 rows × 11 columns that cost most of the export (docs/modules/staff.md, 性能)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from sifasuo.core.idnumbers import mask
from sifasuo.core.exports import write_register
from sifasuo.core.spreadsheets.writer import Book

from .models import StaffMember

# label, values_list field, how the value is shown
ROSTER_EXPORT = [
    ("姓名", "full_name", None),
    ("性别", "sex", "choices"),
    ("身份证号码", "id_number", "mask"),
    ("人员类别", "staff_type", "choices"),
    ("职务", "position", "choices"),
    ("层级", "assistant_level", "choices"),
    ("岗位职责类别", "duty_category", "choices"),
    ("所在单位", "unit__name", None),
    ("学历", "education", "choices"),
    ("到岗日期", "joined_on", None),
    ("离岗日期", "left_on", None),
]


def roster_rows(queryset, chunk_size: int = 2000) -> Iterable[tuple]:
    """The export columns of each row of a roster queryset, as the list page shows them."""
    fields = [field for _label, field, _kind in ROSTER_EXPORT]
    converters = []
    for _label, field, kind in ROSTER_EXPORT:
        if kind == "choices":
            labels = {value: str(label) for value, label in StaffMember._meta.get_field(field).flatchoices}
            converters.append(lambda v, labels=labels: "" if v is None else labels.get(v, v))
        elif kind == "mask":
            converters.append(lambda v: mask(v) if v else "")
        else:
            converters.append(lambda v: "" if v is None else v)
    pairs = list(enumerate(converters))
    for row in queryset.values_list(*fields).iterator(chunk_size=chunk_size):
        yield tuple(convert(row[i]) for i, convert in pairs)


def roster_xlsx_file(queryset, title: str = "工作人员花名册", progress=None, *, heading: str = ""):
    """The roster export in a temporary file (rewound), for a streamed download; a job's `progress` is
    advanced row by row. With a `heading` it is a register like every list's export (core.exports)."""
    book = Book()
    rows = roster_rows(queryset)
    write_register(book, title, [label for label, _f, _k in ROSTER_EXPORT],
                   progress.counting(rows) if progress is not None else rows, heading=heading)
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return handle
