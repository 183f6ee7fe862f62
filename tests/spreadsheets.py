"""Excel files built in tests: one way to turn rows into an .xlsx (bytes) or an upload for a form."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx_bytes(rows: Iterable[Sequence], header: Sequence | None = None) -> bytes:
    """A workbook of one sheet: the header (if given), then the rows, written by openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows: Iterable[Sequence], header: Sequence | None = None, *,
                name: str = "upload.xlsx") -> SimpleUploadedFile:
    """The same workbook as a file a test client posts (`{"file": xlsx_upload(...)}`)."""
    return SimpleUploadedFile(name, xlsx_bytes(rows, header))
