"""资格审查结果, 综合成绩排名表 and 拟聘用人员公示 as Word and PDF, from a recruitment run through the services
under the real daqing-2024 policy."""

from __future__ import annotations

import datetime
import io
import os
import random
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from sifasuo.core import idnumbers
from sifasuo.recruitment import documents, services
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.policies import policy_for
from tests.recruitment_fixtures import announce

pytestmark = pytest.mark.django_db


def _person(name: str, birth: datetime.date, sex: str, seed: int) -> dict:
    number = idnumbers.generate(random.Random(seed), region_code="230602", birth_date=birth, sex=sex)
    return {"full_name": name, "id_number": number, "birth_date": birth, "sex": sex, "education": "bachelor",
            "major": "法学"}


@pytest.fixture
def recruitment(daqing):  # noqa: F811
    """One public post with one position: 5 applicants, one too old; 张一 is hired after the notice."""
    county, office = daqing["county"], daqing["office_a"]
    policy = policy_for(county)
    ann = announce(county, [(office, "public", 1)], title="萨尔图区2024年公开招聘司法协理员公告")
    post = ann.posts.get()
    declarations = {code: False for code, *_ in services.declaration_items(policy, "public")}
    names = ["张一", "李二", "王三", "赵四", "钱五"]
    births = [datetime.date(1995, 5, 5), datetime.date(1980, 1, 1), datetime.date(1996, 6, 6),
              datetime.date(1997, 7, 7), datetime.date(1998, 8, 8)]
    apps = [services.submit_application(post=post, data={**_person(n, b, "MF"[i % 2], i), "declarations": declarations},
                                        entered_by=daqing["people"]["county_clerk"])
            for i, (n, b) in enumerate(zip(names, births))]
    services.screen_announcement(announcement=ann)
    for app in apps:
        app.refresh_from_db()
    eligible = [a for a in apps if a.status == ApplicationStatus.ELIGIBLE]
    assert [a.full_name for a in eligible] == ["张一", "王三", "赵四", "钱五"]
    for app, written in zip(eligible, ["88", "80", "75", "70"]):
        services.record_scores(application=app, written=written)
    services.shortlist_for_interview(announcement=ann)
    for app, marks in zip(eligible[:3], [[90, 91, 89, 95, 60], [80] * 5, [85] * 5]):
        app.refresh_from_db()
        services.record_scores(application=app, interview_marks=marks)
    services.rank_final(announcement=ann)
    top = ann.applications.get(full_name="张一")
    services.record_check(application=top, inspection="passed", medical="passed")
    services.start_notice(announcement=ann, start=datetime.date(2024, 9, 27))
    ann.refresh_from_db()
    return {"announcement": ann, "applications": {a.full_name: a for a in ann.applications.all()}}


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:  # a cell's lines joined by " / ", so each table row stays one line
            parts.append(" | ".join(cell.text.replace("\n", " / ") for cell in row.cells))
    return "\n".join(parts)


def test_qualification_review_lists_every_application_with_its_reasons(recruitment):
    ann = recruitment["announcement"]
    text = docx_text(documents.qualification_review_docx(ann, issued_on=datetime.date(2024, 8, 12)))
    assert "资格审查结果" in text and ann.title in text
    assert "对本次招聘的5名报名人员进行了资格审查：通过4人，不通过1人。" in text
    old = recruitment["applications"]["李二"]
    row = next(line for line in text.splitlines() if "李二" in line)
    assert "不通过" in row and "DQ-2.2：年龄44周岁" in row  # the reason, rule id first
    assert idnumbers.mask(old.id_number) in row and old.id_number not in text  # masked, never in full
    assert "DQ-2.6：身体健康，热爱司法行政事业。（体检环节确认）" in text  # pending checks named once
    assert "萨尔图区司法局" in text and "2024年8月12日" in text


def test_review_shows_a_reviewers_override(daqing):  # noqa: F811
    # the review happens between the screening and the scores: a recruitment of its own shows the override
    ann = announce(daqing["county"], [(daqing["office_a"], "public", 1)], title="审核改定公告")
    policy = policy_for(daqing["county"])
    decl = {code: False for code, *_ in services.declaration_items(policy, "public")}
    people = [services.submit_application(post=ann.posts.get(), data={**_person(name, birth, "M", seed),
                                                                      "declarations": decl})
              for name, birth, seed in (("孙六", datetime.date(1988, 3, 3), 77), ("周七", datetime.date(1995, 3, 3), 78))]
    services.screen_announcement(announcement=ann)
    late = people[0]
    late.refresh_from_db()
    services.review_application(application=late, decision="override_eligible", reason="经核实，符合放宽条件",
                                reviewer=daqing["people"]["hr"])
    text = docx_text(documents.qualification_review_docx(ann))
    row = next(line for line in text.splitlines() if "孙六" in line)
    assert "通过（审核改定）" in row and "审核意见：改为通过。经核实，符合放宽条件" in row
    assert "周七" in text


def test_ranking_lists_each_post_by_rank_with_scores(recruitment):
    text = docx_text(documents.ranking_docx(recruitment["announcement"]))
    assert "综合成绩排名表" in text
    # the track as daqing-2024 names it (DQ-7), the same words as the pages and `policy show`
    assert "岗位 001　萨尔图街道司法所（面向社会公开招录，招聘1人）" in text
    assert "DQ-7.3：综合成绩＝笔试成绩×50%＋面试成绩×50%，保留2位小数" in text
    rows = [line for line in text.splitlines() if line.count(" | ") == 6 and not line.startswith("名次")]
    assert [r.split(" | ")[1] for r in rows] == ["张一", "王三", "赵四", "钱五"]
    first = rows[0].split(" | ")
    assert first[0] == "1" and first[3:6] == ["88.00", "90.00", "89.00"]
    assert "公示中" in first[6]
    # 王三 80/80 and 赵四 75/85 tie at 80.00; DQ-7.3 puts the better written score first
    assert rows[1].split(" | ")[5] == rows[2].split(" | ")[5] == "80.00"
    assert "笔试成绩高者在前" in rows[1]
    assert rows[3].split(" | ")[0] == "—"  # not interviewed: no rank


def test_hiring_notice_names_people_period_and_where_to_object(recruitment):
    ann = recruitment["announcement"]
    hired = recruitment["applications"]["张一"]
    content = documents.hiring_notice_docx(ann, objection_contact="萨尔图区司法局政治处（电话 0459-6000000）")
    text = docx_text(content)
    assert "拟聘用人员公示" in text and ann.title in text
    assert "经报名、资格审查、笔试、面试、考察、体检等程序，确定1名拟聘用司法协理员人选" in text
    # 5 working days from Friday 27 September 2024 across National Day (29 September is a working Sunday)
    assert "公示期：2024年9月27日至2024年10月9日（5个工作日，DQ-7.6）" in text
    assert "萨尔图区司法局政治处（电话 0459-6000000）反映" in text
    row = next(line for line in text.splitlines() if "张一" in line).split(" | ")
    assert row == ["1", "张一", "男", idnumbers.mask(hired.id_number), "001", "萨尔图街道司法所", "89.00"]
    assert hired.id_number not in text
    assert "萨尔图区司法局\n2024年9月27日" in text
    assert documents.filename("notice", ann, "pdf") == "萨尔图区2024年公开招聘司法协理员公告-拟聘用人员公示.pdf"


def test_hiring_notice_needs_a_notice(daqing):  # noqa: F811
    ann = announce(daqing["county"], [(daqing["office_a"], "public", 1)], title="无公示的公告")
    with pytest.raises(ValidationError, match="尚未发布公示"):
        documents.hiring_notice_docx(ann)


def test_pdf_without_libreoffice_says_what_to_install(monkeypatch):
    monkeypatch.setattr(documents, "soffice_path", lambda: None)
    with pytest.raises(documents.DocumentError, match="libreoffice-writer-nogui"):
        documents.docx_to_pdf(b"PK")


def need_libreoffice() -> None:
    """The PDF tests run wherever LibreOffice is installed; in CI (which installs it) its absence fails."""
    if documents.soffice_path() is None:
        reason = ("LibreOffice (soffice) is not installed: `make doc-deps` installs libreoffice-writer-nogui and "
                  "fonts-wqy-microhei")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def test_notice_as_pdf(recruitment, tmp_path):
    need_libreoffice()
    content = documents.render("notice", recruitment["announcement"], "pdf")
    assert content.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF was generated, its text is not checked")
    path = tmp_path / "notice.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    compact = "".join(text.split())
    assert "拟聘用人员公示" in compact
    assert "张一" in compact and "萨尔图街道司法所" in compact
    assert "2024年9月27日至2024年10月9日" in compact


def test_review_and_ranking_as_pdf_in_parallel_profiles(recruitment):
    need_libreoffice()
    from concurrent.futures import ThreadPoolExecutor

    ann = recruitment["announcement"]
    sources = [documents.qualification_review_docx(ann), documents.ranking_docx(ann)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two LibreOffice processes at once, separate profiles
        pdfs = list(pool.map(documents.docx_to_pdf, sources))
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs)
