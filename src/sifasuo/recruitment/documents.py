"""The documents of a recruitment, as Word (.docx) and PDF: 资格审查结果, 综合成绩排名表, 拟聘用人员公示.

Each function takes an announcement and returns the file as bytes; the pages offer them for download.
Word files are built with python-docx (East Asian text in 宋体, titles in 黑体, as Word users expect;
tables repeat their header row on every page). PDF files are the Word files converted by LibreOffice
(`soffice --headless --convert-to pdf`), each conversion in a temporary directory with its own LibreOffice
profile, so conversions running at the same time do not clash. Without LibreOffice the PDF functions raise
DocumentError with the Debian packages to install (`make doc-deps`: libreoffice-writer-nogui and the
Chinese font fonts-wqy-microhei, without which the PDF would show boxes instead of characters).

Documents for the public show ID numbers masked (230602********123X), never in full.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sifasuo import policy as engine
from sifasuo.core import idnumbers

from . import policies
from .choices import ApplicationStatus, ReviewDecision
from .models import Announcement, Application

__all__ = [
    "DOCUMENTS",
    "DocumentError",
    "DocumentKind",
    "docx_to_pdf",
    "filename",
    "hiring_notice_docx",
    "hiring_notice_pdf",
    "qualification_review_docx",
    "qualification_review_pdf",
    "ranking_docx",
    "ranking_pdf",
    "render",
]

BODY_FONT = "宋体"  # SimSun; LibreOffice on Debian substitutes an installed Chinese font
TITLE_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
SOFFICE_TIMEOUT = 180  # seconds; the first conversion of a fresh profile takes a few seconds
NOTICE_STATUSES = (ApplicationStatus.NOTICE, ApplicationStatus.HIRED)
SCORED_STATUSES = (ApplicationStatus.SHORTLISTED, ApplicationStatus.ELIMINATED, ApplicationStatus.NOT_SELECTED,
                   ApplicationStatus.CANDIDATE, ApplicationStatus.FAILED_CHECK, ApplicationStatus.NOTICE,
                   ApplicationStatus.OBJECTION_UPHELD, ApplicationStatus.HIRED, ApplicationStatus.ELIGIBLE,
                   ApplicationStatus.WITHDRAWN)


class DocumentError(Exception):
    """A document cannot be produced on this machine (no LibreOffice, a failed conversion); the message is
    Chinese, for the user."""


def _zh_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


# --- python-docx helpers -------------------------------------------------------------------------------------


def _fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian font of a run's or style's properties (w:rFonts)."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _new_document(*, title: str, author: str, landscape: bool = False):
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = LATIN_FONT
    _fonts(normal.element, BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    properties = doc.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = "司法所综合管理平台生成"
    now = timezone.now().replace(microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1
    return doc


def _title(doc, text: str, *, size: int = 20) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    _fonts(run._element, TITLE_FONT)


def _paragraph(doc, text: str, *, indent: bool = True, align=None, bold: bool = False, size: float | None = None):
    paragraph = doc.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if bold:
        _fonts(run._element, TITLE_FONT)
    return paragraph


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(doc, headers: Sequence[str], rows: Iterable[Sequence[str]], widths_cm: Sequence[float], *,
           size: float = 10.5):
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
        _fonts(run._element, TITLE_FONT)
    _repeat_header(table.rows[0])
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


def _signature(doc, unit_name: str, day: datetime.date) -> None:
    doc.add_paragraph()
    for text in (unit_name, _zh_date(day)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Cm(1)
        paragraph.add_run(text)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- what the documents say ----------------------------------------------------------------------------------


def _policy(announcement: Announcement) -> engine.Policy:
    return policies.load(announcement.policy_id)


def _post_label(application: Application) -> str:
    return f"{application.post.code} {application.post.office.name}"


def _applications(announcement: Announcement):
    return (announcement.applications.select_related("post", "post__office")
            .order_by("post__code", "id"))


def _verdict(application: Application) -> tuple[str, str]:
    """(结论, 理由) after review: the reviewer's override wins; the reasons are the failed rules."""
    eligible = application.eligible
    verdict = {True: "通过", False: "不通过", None: "未审查"}[eligible]
    reasons = [r.get("message", "") for r in application.auto_reasons or [] if r.get("passed") is False]
    if application.conditional:  # 有条件通过: the obligations the person takes on
        verdict = "有条件通过"
        reasons += [f"须履行：{o['rule_id']}：{o['text']}（{o['due_zh']}）" for o in application.obligations]
    if application.review_decision and application.review_decision != ReviewDecision.CONFIRM:
        verdict += "（审核改定）"
        note = f"审核意见：{application.get_review_decision_display()}"
        if application.review_reason:
            note += f"。{application.review_reason}"
        reasons.append(note)
    return verdict, "\n".join(reasons)


def _pending_checks(policy: engine.Policy, tracks: Iterable[str]) -> list[str]:
    lines: list[str] = []
    for rule in policy.manual_checks:
        if any(rule.applies_to(t) for t in tracks):
            step = f"（{policy.vocabulary.name('procedure_step', rule.step)}环节确认）" if rule.step else ""
            lines.append(f"{rule.id}：{rule.text}{step}")
    return lines


def qualification_review_docx(announcement: Announcement, *, issued_on: datetime.date | None = None) -> bytes:
    """资格审查结果: every application of the announcement, its verdict and the reasons (rule id first)."""
    policy = _policy(announcement)
    applications = list(_applications(announcement))
    unit = announcement.unit.name
    doc = _new_document(title=f"{announcement.title}资格审查结果", author=unit, landscape=True)
    _title(doc, "资格审查结果")
    _paragraph(doc, announcement.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    counts = {"通过": 0, "有条件通过": 0, "不通过": 0, "未审查": 0}
    rows = []
    for number, application in enumerate(applications, start=1):
        verdict, reasons = _verdict(application)
        counts[verdict.split("（")[0]] += 1
        rows.append((str(number), application.full_name, application.get_sex_display(),
                     idnumbers.mask(application.id_number), _post_label(application),
                     application.track_name, verdict, reasons))
    summary = (f"依据{policy.document.issuer}《{policy.document.title}》（政策文件 {policy.id}），"
               f"对本次招聘的{len(applications)}名报名人员进行了资格审查：通过{counts['通过']}人，"
               + (f"有条件通过{counts['有条件通过']}人，" if counts["有条件通过"] else "")
               + f"不通过{counts['不通过']}人")
    summary += f"，尚未审查{counts['未审查']}人。" if counts["未审查"] else "。"
    _paragraph(doc, summary)
    _paragraph(doc, "不通过的理由逐条列出，每条以政策规则编号开头。", indent=True)
    if rows:
        _table(doc, ["序号", "姓名", "性别", "身份证号码", "报考岗位", "渠道", "审查结论", "理由"], rows,
               [1.2, 2.0, 1.1, 4.2, 4.0, 2.6, 2.4, 8.0], size=9.5)
    else:
        _paragraph(doc, "本次招聘尚无报名人员。")
    pending = _pending_checks(policy, {a.track for a in applications} or set(policy.track_codes))
    if pending:
        doc.add_paragraph()
        _paragraph(doc, "以下条件系统无法判定，由审查人员或在相应环节确认：", indent=False, bold=True)
        for line in pending:
            _paragraph(doc, line, indent=False, size=10.5)
    _signature(doc, unit, issued_on or timezone.localdate())
    return _bytes(doc)


def _percent(weight: Decimal) -> str:
    value = weight * 100
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def _scoring_text(policy: engine.Policy, track: str) -> str:
    rule = policy.scoring_for(track)
    if rule.has_interview:
        formula = (f"综合成绩＝笔试成绩×{_percent(rule.written_weight)}%＋面试成绩×{_percent(rule.interview_weight)}%，"
                   f"保留{rule.decimals}位小数")
    else:
        formula = f"只设笔试，按笔试成绩排名（保留{rule.decimals}位小数）"
    order = engine.tie_break_order(policy, track)
    from sifasuo.policy.ranking import TIE_BREAK_LABELS

    ties = "；成绩相同的依次按" + "、".join(f"“{TIE_BREAK_LABELS[c]}”" for c in order) if order else ""
    return f"{rule.id}：{formula}{ties}。"


def ranking_docx(announcement: Announcement, *, issued_on: datetime.date | None = None) -> bytes:
    """综合成绩排名表: for each post, the candidates by rank with written, interview and composite scores."""
    policy = _policy(announcement)
    unit = announcement.unit.name
    doc = _new_document(title=f"{announcement.title}综合成绩排名表", author=unit, landscape=True)
    _title(doc, "综合成绩排名表")
    _paragraph(doc, announcement.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    scored = [a for a in announcement.applications.select_related("post", "post__office")
              .filter(status__in=SCORED_STATUSES, written_score__isnull=False)]
    posts = list(announcement.posts.select_related("office").order_by("code"))
    if not scored:
        _paragraph(doc, "尚未登记考试成绩。")
    for post in posts:
        # Those ranked on the composite score first, by rank; then those not interviewed (their rank is the
        # written-exam rank of the shortlist), by written score.
        members = sorted((a for a in scored if a.post_id == post.pk),
                         key=lambda a: (a.composite_score is None, a.rank is None, a.rank or 0,
                                        -(a.written_score or 0), a.pk))
        if not members and scored:
            continue
        doc.add_paragraph()
        sex = f"，限{post.get_sex_display()}性" if post.sex else ""
        _paragraph(doc, f"岗位 {post.code}　{post.office.name}（{post.track_name}，"
                        f"招聘{post.positions}人{sex}）", indent=False, bold=True, size=13)
        _paragraph(doc, _scoring_text(policy, post.track), indent=False, size=10.5)
        rows = []
        for application in members:
            final = application.composite_score is not None
            notes = [application.get_status_display()]
            if final:
                notes += list(application.rank_notes or [])
            elif application.rank:
                notes.append(f"笔试成绩排名第{application.rank}名")
            rows.append((str(application.rank) if final and application.rank else "—", application.full_name,
                         idnumbers.mask(application.id_number), _score(application.written_score),
                         _score(application.interview_score), _score(application.composite_score),
                         "\n".join(n for n in notes if n)))
        if rows:
            _table(doc, ["名次", "姓名", "身份证号码", "笔试成绩", "面试成绩", "综合成绩", "备注"], rows,
                   [1.4, 2.2, 4.4, 2.2, 2.2, 2.2, 10.8], size=10)
    _signature(doc, unit, issued_on or timezone.localdate())
    return _bytes(doc)


def _procedure_text(policy: engine.Policy, tracks: Iterable[str]) -> str:
    steps: list[str] = []
    for track in tracks:
        rule = policy.procedure_for(track)
        for step in rule.steps if rule else ():
            if step not in ("notice", "contract") and step not in steps:
                steps.append(step)
    names = [policy.vocabulary.name("procedure_step", s) for s in steps]
    return "、".join(names) if names else "报名、资格审查、考试"


def hiring_notice_docx(announcement: Announcement, *, objection_contact: str = "",
                       issued_on: datetime.date | None = None) -> bytes:
    """拟聘用人员公示: the people to be hired with post, office, masked ID and composite score; the notice
    period (start–end, in the policy's working or calendar days) and where objections go."""
    if announcement.notice_start is None or announcement.notice_end is None:
        raise ValidationError("尚未发布公示（没有公示期），不能生成拟聘用人员公示")
    people = list(announcement.applications.select_related("post", "post__office")
                  .filter(status__in=NOTICE_STATUSES).order_by("post__code", "rank", "id"))
    if not people:
        raise ValidationError("没有公示中的拟聘用人员，不能生成拟聘用人员公示")
    policy = _policy(announcement)
    unit = announcement.unit.name
    doc = _new_document(title=f"{announcement.title}拟聘用人员公示", author=unit)
    _title(doc, "拟聘用人员公示")
    _paragraph(doc, announcement.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    doc.add_paragraph()
    steps = _procedure_text(policy, sorted({p.track for p in people}))
    _paragraph(doc, f"根据《{announcement.title}》，经{steps}等程序，确定{len(people)}名拟聘用司法协理员人选，"
                    "现将名单予以公示（见下表）。")
    days = policy.notice.days
    unit_of_days = "个工作日" if policy.notice.kind == "working" else "天"
    _paragraph(doc, f"公示期：{_zh_date(announcement.notice_start)}至{_zh_date(announcement.notice_end)}"
                    f"（{days}{unit_of_days}，{policy.notice.id}）。")
    contact = objection_contact.strip() or unit
    _paragraph(doc, f"公示期间，对拟聘用人员有异议的，可以书面、电话或当面向{contact}反映。反映问题应实事求是，"
                    "以真实姓名或单位名义提出，并提供必要的调查线索；匿名或捏造事实的，不予受理。")
    doc.add_paragraph()
    rows = [(str(number), person.full_name, person.get_sex_display(), idnumbers.mask(person.id_number),
             person.post.code, person.post.office.name, _score(person.composite_score))
            for number, person in enumerate(people, start=1)]
    _table(doc, ["序号", "姓名", "性别", "身份证号码", "岗位代码", "拟聘司法所", "综合成绩"], rows,
           [1.1, 2.0, 1.1, 4.2, 1.8, 4.4, 2.0])
    _signature(doc, unit, issued_on or announcement.notice_start)
    return _bytes(doc)


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


def qualification_review_pdf(announcement: Announcement, **options) -> bytes:
    return docx_to_pdf(qualification_review_docx(announcement, **options))


def ranking_pdf(announcement: Announcement, **options) -> bytes:
    return docx_to_pdf(ranking_docx(announcement, **options))


def hiring_notice_pdf(announcement: Announcement, **options) -> bytes:
    return docx_to_pdf(hiring_notice_docx(announcement, **options))


# --- one entry point for the pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str
    build: Callable[..., bytes]


DOCUMENTS = {
    "review": DocumentKind("review", "资格审查结果", qualification_review_docx),
    "ranking": DocumentKind("ranking", "综合成绩排名表", ranking_docx),
    "notice": DocumentKind("notice", "拟聘用人员公示", hiring_notice_docx),
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(kind: str, announcement: Announcement, fmt: str = "docx", **options) -> bytes:
    """render("notice", announcement, "pdf", objection_contact="…"): the document as bytes."""
    if kind not in DOCUMENTS:
        raise ValueError(f"未知的文书“{kind}”，可选：{'、'.join(DOCUMENTS)}")
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"未知的格式“{fmt}”，可选：docx、pdf")
    content = DOCUMENTS[kind].build(announcement, **options)
    return docx_to_pdf(content) if fmt == "pdf" else content


def filename(kind: str, announcement: Announcement, fmt: str = "docx") -> str:
    """A download name such as 萨尔图区2024年公开招聘司法协理员公告-拟聘用人员公示.pdf."""
    safe = "".join(c for c in announcement.title if c not in '\\/:*?"<>|').strip() or f"公告{announcement.pk}"
    return f"{safe}-{DOCUMENTS[kind].title}.{fmt}"
