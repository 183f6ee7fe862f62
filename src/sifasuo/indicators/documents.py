"""The year-end assessment report (年度考核结果及表彰名单, HZ-9) as Word (python-docx) and PDF (LibreOffice),
built with the platform's toolkit (core/documents.py)."""

from __future__ import annotations

import datetime

from sifasuo.core.documents import (add_paragraph, add_signature, add_table, add_title, convert, new_document,
                                    safe_filename, to_bytes)

from .choices import AssessmentStatus, CriterionSource
from .models import AnnualAssessment
from .selectors import ranked_results


def _points(value) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def annual_report_docx(assessment: AnnualAssessment) -> bytes:
    """Title, how the assessment was made, the ranked table (criteria, total, rank, commended) and the list."""
    county = assessment.unit
    criteria = list(assessment.criteria.all())
    results = list(ranked_results(assessment))
    title = f"{assessment.name}结果"
    doc = new_document(title=title, author=county.name, landscape=len(criteria) > 4)
    add_title(doc, title, size=18)
    full = sum((c.max_points for c in criteria if c.source != CriterionSource.BONUS), 0)
    parts = "、".join(f"{c.name}（{_points(c.max_points)}分）" for c in criteria)
    add_paragraph(doc, f"根据《司法所工作管理实施意见》关于年度考核的规定（县局每年年底组成考核组实地考核，考核结果作为当年"
                    f"表彰奖励和人事选拔任用的基本依据），{county.name}对所属 {len(results)} 个司法所{assessment.year}年度"
                    f"工作进行了考核。考核内容为：{parts}，满分 {_points(full)} 分（加分项另计）。"
                    + ("其中年度目标任务完成情况按全年月度考核综合得分折算。" if any(
                        c.source == CriterionSource.SCHEME for c in criteria) else ""))
    if assessment.status != AssessmentStatus.FINAL:
        add_paragraph(doc, "（本表为评分中的草稿，尚未定稿。）", bold=True)
    headers = ["名次", "司法所", *[c.name for c in criteria], "总分", "拟表彰"]
    rows = [[str(r.rank), r.unit.name, *[_points(_decimal(r.detail.get(str(c.pk)))) for c in criteria],
             _points(r.total), "是" if r.commended else ""] for r in results]
    width = 25.3 if len(criteria) > 4 else 16.6
    fixed = [1.2, 4.0, 2.0, 1.5]
    each = max(1.6, (width - sum(fixed)) / max(1, len(criteria)))
    add_table(doc, headers, rows, [fixed[0], fixed[1], *[each] * len(criteria), fixed[2], fixed[3]], size=9)
    doc.add_paragraph()
    commended = [r for r in results if r.commended]
    add_paragraph(doc, f"拟表彰司法所（{len(commended)} 个，名额 {assessment.commend_count} 个，总分不低于 "
                    f"{_points(assessment.commend_min_score)} 分）：" + ("、".join(r.unit.name for r in commended)
                                                                      or "无"), bold=True)
    add_signature(doc, county.name, (assessment.finalized_at.date() if assessment.finalized_at
                                  else datetime.date.today()))
    return to_bytes(doc)


def _decimal(text):
    from decimal import Decimal

    return None if text in (None, "") else Decimal(text)


def render(assessment: AnnualAssessment, fmt: str = "docx") -> bytes:
    return convert(annual_report_docx(assessment), fmt)


def filename(assessment: AnnualAssessment, fmt: str) -> str:
    return f"{safe_filename(assessment.name)}结果.{fmt}"
