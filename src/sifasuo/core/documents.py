"""The one Word/PDF toolkit (D79): every document the platform prints is built with these blocks.

Word files are built with python-docx (East Asian text in 宋体, titles in 黑体, as Word users expect; tables
repeat their header row on every page). PDF files are the Word files converted by LibreOffice
(`soffice --headless --convert-to pdf`), each conversion in a temporary directory with its own LibreOffice
profile, so conversions running at the same time do not clash. Without LibreOffice `docx_to_pdf` raises
DocumentError with the Debian packages to install (`make doc-deps`: libreoffice-writer-nogui and the
Chinese font fonts-wqy-microhei, without which the PDF would show boxes instead of characters).

An app's documents module says what its documents contain (recruitment/documents.py, casework/documents.py,
staff/documents.py, indicators/documents.py, reporting/tables.py) and uses only the public names below;
its views answer with `download_response`.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

__all__ = [
    "ALIGN_CENTER",
    "BODY_FONT",
    "CONTENT_TYPES",
    "LATIN_FONT",
    "SOFFICE_TIMEOUT",
    "TITLE_FONT",
    "DocumentError",
    "add_paragraph",
    "add_signature",
    "add_table",
    "add_title",
    "convert",
    "docx_to_pdf",
    "download_response",
    "new_document",
    "safe_filename",
    "set_fonts",
    "soffice_path",
    "to_bytes",
    "zh_date",
]

BODY_FONT = "宋体"  # SimSun; LibreOffice on Debian substitutes an installed Chinese font
TITLE_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
SOFFICE_TIMEOUT = 180  # seconds; the first conversion of a fresh profile takes a few seconds
ALIGN_CENTER = WD_ALIGN_PARAGRAPH.CENTER
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_FILENAME_FORBIDDEN = '\\/:*?"<>|'


class DocumentError(Exception):
    """A document cannot be produced on this machine (no LibreOffice, a failed conversion); the message is
    Chinese, for the user."""


def zh_date(day: datetime.date) -> str:
    """2024年8月12日, as documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def safe_filename(text: str, fallback: str = "文书") -> str:
    """`text` without the characters Windows refuses in a file name (\\ / : * ? " < > |), else `fallback`."""
    return "".join(c for c in text if c not in _FILENAME_FORBIDDEN).strip() or fallback


# --- python-docx building blocks -----------------------------------------------------------------------------


def set_fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian font of a run's or style's properties (w:rFonts)."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def new_document(*, title: str, author: str, landscape: bool = False,
                 margins_cm: tuple[float, float] = (2.5, 2.2)):
    """An A4 document (landscape if asked): 12 pt 宋体 body, margins (top and bottom, left and right) in cm,
    title and author in its properties."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = LATIN_FONT
    set_fonts(normal.element, BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(margins_cm[0])
    section.left_margin = section.right_margin = Cm(margins_cm[1])
    properties = doc.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = "司法所综合管理平台生成"
    now = timezone.now().replace(microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1
    return doc


def add_title(doc, text: str, *, size: int = 20) -> None:
    """The document's title: centred, bold, in 黑体."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    set_fonts(run.element, TITLE_FONT)


def add_paragraph(doc, text: str, *, indent: bool = True, align=None, bold: bool = False,
                  size: float | None = None, space_before: float | None = None, space_after: float | None = None):
    """A paragraph of body text (first line indented by two characters unless `indent=False`); bold text is
    in 黑体; sizes and spacing in points."""
    paragraph = doc.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    if align is not None:
        paragraph.alignment = align
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if bold:
        set_fonts(run.element, TITLE_FONT)
    return paragraph


def _repeat_header(doc) -> None:
    """Mark the first row of the document's last table as the header repeated at the top of every page
    (w:tblHeader). python-docx has no property for it; the table is reached through the public
    `Document.element` (the body's last w:tbl)."""
    table = list(doc.element.body.iterchildren(qn("w:tbl")))[-1]
    properties = table.find(qn("w:tr")).get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_table(doc, headers: Sequence[str], rows: Iterable[Sequence[str]], widths_cm: Sequence[float], *,
              size: float = 10.5):
    """A grid table: a bold header row repeated on every page, then the rows (a "\\n" in a cell starts a new
    paragraph); one width in cm per column."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid: what LibreOffice lays out by (Word reads the cell widths)
    for cell, text, width in zip(table.rows[0].cells, headers, widths_cm, strict=True):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        set_fonts(run.element, TITLE_FONT)
    _repeat_header(doc)
    for values in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths_cm, strict=True):
            cell.width = Cm(width)
            lines = str(text).split("\n") if text else [""]
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                if index:
                    paragraph = cell.add_paragraph()
                run = paragraph.add_run(line)
                run.font.size = Pt(size)
    return table


def add_signature(doc, unit_name: str, day: datetime.date) -> None:
    """The issuing unit and the date, right-aligned under an empty line."""
    doc.add_paragraph()
    for text in (unit_name, zh_date(day)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Cm(1)
        paragraph.add_run(text)


def to_bytes(doc) -> bytes:
    """The document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- PDF through LibreOffice ---------------------------------------------------------------------------------


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, *, timeout: float = SOFFICE_TIMEOUT) -> bytes:
    """The .docx converted to PDF by LibreOffice headless, in a private directory and profile."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError("无法生成 PDF：本机没有安装 LibreOffice（找不到 soffice 命令）。请安装 Debian 软件包 "
                            "libreoffice-writer-nogui 和中文字体 fonts-wqy-microhei（项目中运行 make doc-deps），"
                            "或先下载 Word 版。")
    with tempfile.TemporaryDirectory(prefix="sifasuo-pdf-") as directory:
        folder = Path(directory)
        source = folder / "document.docx"
        source.write_bytes(content)
        profile = folder / "profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(folder),
                   str(source)]
        env = {**os.environ, "HOME": str(folder), "TMPDIR": str(folder)}
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, env=env, cwd=folder,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒），请稍后重试或下载 Word 版") from None
        except OSError as exc:
            raise DocumentError(f"无法运行 LibreOffice（{soffice}）：{exc}") from None
        target = folder / "document.pdf"
        if done.returncode != 0 or not target.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-3:]
            raise DocumentError(f"LibreOffice 转换 PDF 失败（退出码 {done.returncode}）：{' '.join(detail) or '无输出'}")
        return target.read_bytes()


def convert(content: bytes, fmt: str) -> bytes:
    """A .docx as `fmt` asks: itself for "docx", converted by LibreOffice for "pdf"."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"未知的格式“{fmt}”，可选：docx、pdf")
    return docx_to_pdf(content) if fmt == "pdf" else content


# --- the download --------------------------------------------------------------------------------------------


def download_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    """The file as an attachment named `filename` (UTF-8, RFC 5987), with the content type of `fmt`."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
