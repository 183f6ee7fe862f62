"""core/documents.py, the one Word/PDF toolkit (D79): a document built from its public blocks, read back with
python-docx; the PDF through LibreOffice read back with pdftotext; the download; the format and file-name rules."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from urllib.parse import quote

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from sifasuo.core import documents
from sifasuo.core.documents import (
    CONTENT_TYPES,
    DocumentError,
    add_paragraph,
    add_signature,
    add_table,
    add_title,
    convert,
    docx_to_pdf,
    download_response,
    new_document,
    safe_filename,
    to_bytes,
    zh_date,
)
from tests.documents import need_libreoffice, without_libreoffice

DAY = datetime.date.today()


def _east_asian_font(element) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def cm(*lengths) -> tuple[float, ...]:
    """Lengths in cm to 0.01 (Word stores page sizes in twentieths of a point, so 29.7 cm reads back 29.7004)."""
    return tuple(round(length.cm, 2) for length in lengths)


def _sample(**options) -> bytes:
    doc = new_document(title="测试文书", author="萨尔图区司法局", landscape=True, **options)
    add_title(doc, "资格审查结果", size=18)
    add_paragraph(doc, "依据政策文件，对报名人员进行了资格审查。")
    add_paragraph(doc, "以下条件系统无法判定：", indent=False, bold=True, size=10.5, space_before=8, space_after=4)
    add_table(doc, ["序号", "姓名", "理由"], [("1", "张一", "DQ-6：年龄不符\nDQ-7：学历不符"), ("2", "李二", "")],
              [1.2, 2.0, 8.0], size=9.5)
    add_signature(doc, "萨尔图区司法局", DAY)
    return to_bytes(doc)


def test_a_document_from_the_blocks_reads_back_as_built():
    doc = Document(io.BytesIO(_sample()))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert cm(section.page_width, section.page_height) == (29.7, 21.0)
    assert cm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (
        2.5, 2.5, 2.2, 2.2)
    assert doc.core_properties.title == "测试文书" and doc.core_properties.author == "萨尔图区司法局"
    assert doc.core_properties.comments == "司法所综合管理平台生成"
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(12) and normal.font.name == "Times New Roman"
    assert _east_asian_font(normal.element) == "宋体"

    title, body, heading = doc.paragraphs[:3]
    assert title.text == "资格审查结果" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold and title.runs[0].font.size == Pt(18)
    assert _east_asian_font(title.runs[0].element) == "黑体"
    assert body.paragraph_format.first_line_indent == Pt(24)
    assert _east_asian_font(body.runs[0].element) is None          # the body keeps the style's 宋体
    assert heading.paragraph_format.first_line_indent is None
    assert heading.runs[0].bold and _east_asian_font(heading.runs[0].element) == "黑体"
    assert (heading.paragraph_format.space_before, heading.paragraph_format.space_after) == (Pt(8), Pt(4))

    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "理由"]
    headers = [row._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) for row in table.rows]
    assert headers[0] is not None and headers[0].get(qn("w:val")) == "true"
    assert headers[1:] == [None, None]                              # only the header row repeats
    reasons = table.rows[1].cells[2]
    assert [p.text for p in reasons.paragraphs] == ["DQ-6：年龄不符", "DQ-7：学历不符"]
    assert reasons.paragraphs[0].runs[0].font.size == Pt(9.5)
    assert cm(*(c.width for c in table.rows[1].cells)) == (1.2, 2.0, 8.0)
    assert table.rows[2].cells[2].text == ""

    unit, date = doc.paragraphs[-2:]
    assert (unit.text, date.text) == ("萨尔图区司法局", f"{DAY.year}年{DAY.month}月{DAY.day}日")
    assert unit.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_portrait_and_own_margins():
    doc = Document(io.BytesIO(to_bytes(new_document(title="t", author="a", margins_cm=(1.5, 1.8)))))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert cm(section.page_width, section.page_height) == (21.0, 29.7)
    assert cm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (
        1.5, 1.5, 1.8, 1.8)


def test_a_table_needs_one_width_per_column():
    with pytest.raises(ValueError):
        add_table(new_document(title="t", author="a"), ["甲", "乙"], [("1", "2")], [3.0])


def test_dates_and_file_names():
    assert zh_date(datetime.date(2024, 8, 2)) == "2024年8月2日"
    assert safe_filename(' 萨尔图区/2024:招聘*公告?"<>|\\ ') == "萨尔图区2024招聘公告"
    assert safe_filename("/:*", "公告7") == "公告7"
    assert safe_filename("") == "文书"


def test_convert_keeps_word_and_refuses_other_formats():
    content = _sample()
    assert convert(content, "docx") is content
    with pytest.raises(ValueError, match="未知的格式“odt”"):
        convert(content, "odt")
    assert set(CONTENT_TYPES) == {"docx", "pdf"}


def test_pdf_without_libreoffice_names_the_packages(monkeypatch, tmp_path):
    without_libreoffice(monkeypatch, tmp_path)
    assert documents.soffice_path() is None
    with pytest.raises(DocumentError, match="libreoffice-writer-nogui.*fonts-wqy-microhei"):
        convert(_sample(), "pdf")


def test_pdf_through_libreoffice_keeps_the_chinese_text(tmp_path):
    need_libreoffice()
    content = docx_to_pdf(_sample())
    assert content.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF was generated, its text is not checked")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
    compact = "".join(text.split())
    assert "资格审查结果" in compact and "DQ-6：年龄不符" in compact and zh_date(DAY) in compact


def test_download_response_is_an_attachment_with_a_chinese_name():
    response = download_response(b"%PDF-1.4", "pdf", "萨尔图区 公告-拟聘用人员公示.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote('萨尔图区 公告-拟聘用人员公示.pdf')}"
    assert response.content == b"%PDF-1.4"
    word = download_response(b"PK", "docx", "a.docx")
    assert word["Content-Type"] == CONTENT_TYPES["docx"]


def test_the_public_interface_has_no_private_names():
    assert documents.__all__ and all(not name.startswith("_") for name in documents.__all__)
    assert all(hasattr(documents, name) for name in documents.__all__)
