"""The documents of a recruitment, as Word (.docx) and PDF: 资格审查结果, 综合成绩排名表, 拟聘用人员公示.

Each function takes an announcement and returns the file as bytes; the pages offer them for download.
What the documents say is here; how a Word file is built and converted to PDF is the platform's one toolkit,
core/documents.py (python-docx, then LibreOffice; DocumentError when a PDF cannot be made).

Documents for the public show ID numbers masked (230602********123X), never in full.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from sifasuo import policy as engine
from sifasuo.core import idnumbers
from sifasuo.core.documents import (
    ALIGN_CENTER,
    add_paragraph,
    add_signature,
    add_table,
    add_title,
    convert,
    docx_to_pdf,
    new_document,
    safe_filename,
    to_bytes,
    zh_date,
)

from . import policies
from .choices import ApplicationStatus, ReviewDecision
from .models import Announcement, Application

__all__ = [
    "DOCUMENTS",
    "DocumentKind",
    "filename",
    "hiring_notice_docx",
    "hiring_notice_pdf",
    "qualification_review_docx",
    "qualification_review_pdf",
    "ranking_docx",
    "ranking_pdf",
    "render",
]

NOTICE_STATUSES = (ApplicationStatus.NOTICE, ApplicationStatus.HIRED)
SCORED_STATUSES = (ApplicationStatus.SHORTLISTED, ApplicationStatus.ELIMINATED, ApplicationStatus.NOT_SELECTED,
                   ApplicationStatus.CANDIDATE, ApplicationStatus.FAILED_CHECK, ApplicationStatus.NOTICE,
                   ApplicationStatus.OBJECTION_UPHELD, ApplicationStatus.HIRED, ApplicationStatus.ELIGIBLE,
                   ApplicationStatus.WITHDRAWN)


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


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
    doc = new_document(title=f"{announcement.title}资格审查结果", author=unit, landscape=True)
    add_title(doc, "资格审查结果")
    add_paragraph(doc, announcement.title, indent=False, align=ALIGN_CENTER, size=14)
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
    add_paragraph(doc, summary)
    add_paragraph(doc, "不通过的理由逐条列出，每条以政策规则编号开头。", indent=True)
    if rows:
        add_table(doc, ["序号", "姓名", "性别", "身份证号码", "报考岗位", "渠道", "审查结论", "理由"], rows,
               [1.2, 2.0, 1.1, 4.2, 4.0, 2.6, 2.4, 8.0], size=9.5)
    else:
        add_paragraph(doc, "本次招聘尚无报名人员。")
    pending = _pending_checks(policy, {a.track for a in applications} or set(policy.track_codes))
    if pending:
        doc.add_paragraph()
        add_paragraph(doc, "以下条件系统无法判定，由审查人员或在相应环节确认：", indent=False, bold=True)
        for line in pending:
            add_paragraph(doc, line, indent=False, size=10.5)
    add_signature(doc, unit, issued_on or timezone.localdate())
    return to_bytes(doc)


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
    doc = new_document(title=f"{announcement.title}综合成绩排名表", author=unit, landscape=True)
    add_title(doc, "综合成绩排名表")
    add_paragraph(doc, announcement.title, indent=False, align=ALIGN_CENTER, size=14)
    scored = [a for a in announcement.applications.select_related("post", "post__office")
              .filter(status__in=SCORED_STATUSES, written_score__isnull=False)]
    posts = list(announcement.posts.select_related("office").order_by("code"))
    if not scored:
        add_paragraph(doc, "尚未登记考试成绩。")
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
        add_paragraph(doc, f"岗位 {post.code}　{post.office.name}（{post.track_name}，"
                        f"招聘{post.positions}人{sex}）", indent=False, bold=True, size=13)
        add_paragraph(doc, _scoring_text(policy, post.track), indent=False, size=10.5)
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
            add_table(doc, ["名次", "姓名", "身份证号码", "笔试成绩", "面试成绩", "综合成绩", "备注"], rows,
                   [1.4, 2.2, 4.4, 2.2, 2.2, 2.2, 10.8], size=10)
    add_signature(doc, unit, issued_on or timezone.localdate())
    return to_bytes(doc)


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
    doc = new_document(title=f"{announcement.title}拟聘用人员公示", author=unit)
    add_title(doc, "拟聘用人员公示")
    add_paragraph(doc, announcement.title, indent=False, align=ALIGN_CENTER, size=14)
    doc.add_paragraph()
    steps = _procedure_text(policy, sorted({p.track for p in people}))
    add_paragraph(doc, f"根据《{announcement.title}》，经{steps}等程序，确定{len(people)}名拟聘用司法协理员人选，"
                    "现将名单予以公示（见下表）。")
    days = policy.notice.days
    unit_of_days = "个工作日" if policy.notice.kind == "working" else "天"
    add_paragraph(doc, f"公示期：{zh_date(announcement.notice_start)}至{zh_date(announcement.notice_end)}"
                    f"（{days}{unit_of_days}，{policy.notice.id}）。")
    contact = objection_contact.strip() or unit
    add_paragraph(doc, f"公示期间，对拟聘用人员有异议的，可以书面、电话或当面向{contact}反映。反映问题应实事求是，"
                    "以真实姓名或单位名义提出，并提供必要的调查线索；匿名或捏造事实的，不予受理。")
    doc.add_paragraph()
    rows = [(str(number), person.full_name, person.get_sex_display(), idnumbers.mask(person.id_number),
             person.post.code, person.post.office.name, _score(person.composite_score))
            for number, person in enumerate(people, start=1)]
    add_table(doc, ["序号", "姓名", "性别", "身份证号码", "岗位代码", "拟聘司法所", "综合成绩"], rows,
           [1.1, 2.0, 1.1, 4.2, 1.8, 4.4, 2.0])
    add_signature(doc, unit, issued_on or announcement.notice_start)
    return to_bytes(doc)


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


def render(kind: str, announcement: Announcement, fmt: str = "docx", **options) -> bytes:
    """render("notice", announcement, "pdf", objection_contact="…"): the document as bytes."""
    if kind not in DOCUMENTS:
        raise ValueError(f"未知的文书“{kind}”，可选：{'、'.join(DOCUMENTS)}")
    return convert(DOCUMENTS[kind].build(announcement, **options), fmt)


def filename(kind: str, announcement: Announcement, fmt: str = "docx") -> str:
    """A download name such as 萨尔图区2024年公开招聘司法协理员公告-拟聘用人员公示.pdf."""
    return f"{safe_filename(announcement.title, f'公告{announcement.pk}')}-{DOCUMENTS[kind].title}.{fmt}"
