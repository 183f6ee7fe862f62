"""The county's year-end on-site assessment of its offices (HZ-9, WH-13): the seed's criteria, marks entered as
a grid (all or nothing), 年度目标任务完成情况 from the monthly scoring, totals and ranks with ties shared, the
commendation list, and the Word/PDF report read back."""

from __future__ import annotations

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from sifasuo.indicators import services
from sifasuo.indicators.models import AssessmentMark
from sifasuo.orgunits.choices import Level
from tests.conftest import client_for
from tests.documents import need_libreoffice
from tests.factories import unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def year_scored(tree, accounts):
    """2024: a monthly scheme of one department-marked item, computed through March: 解放路 90, 千佛山 80,
    趵突泉 70 (composites), so 年度目标任务完成情况 (40 points) is 36, 32 and 28."""
    third = unit("370102003", "趵突泉街道司法所", Level.OFFICE, tree["county"])
    clerk = accounts["county_clerk"]
    scheme = services.create_scheme(actor=clerk, unit=tree["county"], year=2024, name="2024年月度考核",
                                    fund_total="0", items=[{"name": "综合", "weight": 100, "method": "manual",
                                                            "department": "基层科"}])
    item = scheme.items.get()
    for office, percent in ((tree["office"], 90), (tree["office2"], 80), (third, 70)):
        for month in (1, 2, 3):
            services.record_manual_score(actor=clerk, item=item, unit=office, month=D(2024, month, 1), percent=percent)
    services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))
    annual = services.create_annual(actor=clerk, unit=tree["county"], year=2024, commend_count=2,
                                    commend_min_score=80)
    return {"annual": annual, "third": third, "clerk": clerk, "offices": [tree["office"], tree["office2"], third]}


def _grid(annual, points: dict[str, list]):
    """points: office name → [主要负责人, 落实规定, 党风廉政, 创新加分]."""
    criteria = list(annual.criteria.exclude(source="scheme"))
    from sifasuo.orgunits.models import OrgUnit

    marks = []
    for name, values in points.items():
        office = OrgUnit.objects.get(name=name)
        marks += [{"unit": office, "criterion": c, "points": v} for c, v in zip(criteria, values, strict=True)]
    return marks


def test_the_assessment_has_the_seeds_criteria(year_scored):
    annual = year_scored["annual"]
    assert [(c.name, c.max_points, c.source) for c in annual.criteria.all()] == [
        ("年度目标任务完成情况", Decimal(40), "scheme"), ("主要负责人工作情况", Decimal(20), "onsite"),
        ("落实“规定”情况", Decimal(20), "onsite"), ("党风廉政建设执行情况", Decimal(20), "onsite"),
        ("业务创新加分（被市以上推广）", Decimal(5), "bonus")]
    assert annual.name == "历下区司法局2024年度司法所工作考核"


def test_marks_ranks_ties_and_the_commendation_list(year_scored):
    annual, clerk = year_scored["annual"], year_scored["clerk"]
    # bad input: one out-of-range mark refuses the whole grid
    with pytest.raises(ValidationError) as caught:
        services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {
            "解放路街道司法所": [18, 18, 20, ""], "千佛山街道司法所": [25, 18, 20, ""]}))
    assert caught.value.message_dict["marks"] == [
        "「千佛山街道司法所」「主要负责人工作情况」：得分应为 0 至 20 分（最多两位小数），收到“25”"]
    assert AssessmentMark.objects.count() == 0
    services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {
        "解放路街道司法所": [18, 18, 20, ""]}))
    with pytest.raises(ValidationError, match="以下司法所尚未评完，不能定稿：「千佛山街道司法所」：主要负责人工作情况"):
        services.finalize_annual(actor=clerk, assessment=annual)
    # 解放路 36 + 56 = 92; 千佛山 32 + 55 + 5 (innovation) = 92 → a tie for first; 趵突泉 28 + 50 = 78 < 80
    services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {
        "千佛山街道司法所": [17, 18, 20, 5], "趵突泉街道司法所": [15, 15, 20, ""]}))
    results = {r.unit.name: r for r in services.finalize_annual(actor=clerk, assessment=annual)}
    assert (results["解放路街道司法所"].total, results["千佛山街道司法所"].total,
            results["趵突泉街道司法所"].total) == (Decimal("92.00"), Decimal("92.00"), Decimal("78.00"))
    assert (results["解放路街道司法所"].rank, results["千佛山街道司法所"].rank, results["趵突泉街道司法所"].rank) == \
        (1, 1, 3)
    assert [n for n, r in results.items() if r.commended] == ["解放路街道司法所", "千佛山街道司法所"]
    # final: marks are locked until the county withdraws it with a reason
    with pytest.raises(ValidationError, match="已定稿，不能再评分"):
        services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {"解放路街道司法所": [1, 1, 1, ""]}))
    with pytest.raises(ValidationError, match="撤回定稿须说明理由"):
        services.reopen_annual(actor=clerk, assessment=annual, reason=" ")
    page = client_for(clerk).get(f"/indicators/annual/{annual.pk}/").content.decode()
    assert "拟表彰司法所（2 个）：解放路街道司法所、千佛山街道司法所" in page


def test_only_the_county_assesses_its_own_offices(year_scored, tree, accounts):
    annual = year_scored["annual"]
    with pytest.raises(ValidationError, match="只有「历下区司法局」本局才能"):
        services.record_marks(actor=accounts["office_director"], assessment=annual, marks=[])
    with pytest.raises(ValidationError, match="不是「历下区司法局」所属的司法所"):
        services.record_marks(actor=year_scored["clerk"], assessment=annual, marks=[
            {"unit": tree["other_office"], "criterion": annual.criteria.get(order=2), "points": 10}])
    with pytest.raises(ValidationError, match="按月度考核综合得分折算，不能手工评分"):
        services.record_marks(actor=year_scored["clerk"], assessment=annual, marks=[
            {"unit": tree["office"], "criterion": annual.criteria.get(order=1), "points": 10}])
    assert client_for(accounts["other_county_admin"]).get(f"/indicators/annual/{annual.pk}/").status_code == 404
    # the page grid saves through the service
    client = client_for(year_scored["clerk"])
    criterion = annual.criteria.get(order=2)
    response = client.post(f"/indicators/annual/{annual.pk}/marks/", {f"mark_{criterion.pk}_{tree['office'].pk}": "19.5"})
    assert response.status_code == 302
    assert AssessmentMark.objects.get(criterion=criterion, unit=tree["office"]).points == Decimal("19.5")


def test_the_report_as_word_and_pdf(year_scored, tmp_path):
    annual, clerk = year_scored["annual"], year_scored["clerk"]
    services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {
        "解放路街道司法所": [18, 18, 20, ""], "千佛山街道司法所": [17, 18, 20, 5], "趵突泉街道司法所": [15, 15, 20, ""]}))
    services.finalize_annual(actor=clerk, assessment=annual)
    client = client_for(clerk)
    response = client.get(f"/indicators/annual/{annual.pk}/?format=docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "历下区司法局2024年度司法所工作考核结果" in text
    assert "拟表彰司法所（2 个，名额 2 个，总分不低于 80 分）：解放路街道司法所、千佛山街道司法所" in text
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][-2:] == ["总分", "拟表彰"]
    assert [c.text for c in table.rows[3].cells][:2] == ["3", "趵突泉街道司法所"]
    assert [c.text for c in table.rows[3].cells][-2:] == ["78", ""]
    need_libreoffice()
    pdf = client.get(f"/indicators/annual/{annual.pk}/?format=pdf").content
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "annual.pdf"
    path.write_bytes(pdf)
    compact = "".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                     check=True).stdout.split())
    assert "年度司法所工作考核结果" in compact and "趵突泉街道司法所" in compact


def test_the_scheme_and_the_assessment_pages_read_their_offices_by_rank_in_pinned_queries(
        year_scored, django_assert_max_num_queries):
    """The scheme's page reads its offices' scores, the assessment's page its results, through
    indicators.selectors (issue 17): ranked, each with its office, in a pinned number of queries."""
    annual, clerk = year_scored["annual"], year_scored["clerk"]
    services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {
        "解放路街道司法所": [10, 10, 10, ""], "千佛山街道司法所": [15, 15, 15, ""], "趵突泉街道司法所": [20, 20, 20, ""]}))
    services.finalize_annual(actor=clerk, assessment=annual)
    client = client_for(clerk)
    scheme_url, annual_url = annual.scheme.get_absolute_url(), f"/indicators/annual/{annual.pk}/"
    client.get(scheme_url)   # warm caches (content types, session)
    with django_assert_max_num_queries(8):
        scores = client.get(scheme_url).context["scores"]
    assert [(s.rank, s.unit.name) for s in scores] == [
        (1, "解放路街道司法所"), (2, "千佛山街道司法所"), (3, "趵突泉街道司法所")]
    with django_assert_max_num_queries(9):
        results = client.get(annual_url).context["results"]
    assert [(r.rank, r.unit.name, r.commended) for r in results] == [
        (1, "趵突泉街道司法所", True), (2, "千佛山街道司法所", False), (3, "解放路街道司法所", False)]


def test_the_county_names_its_own_criteria_besides_the_seeds(year_scored, tree, accounts):
    """HZ-9 "and the items the scheme names": the county adds its own item (信息宣传, 10 points, taken from
    落实“规定”情况 so that the total stays 100), edits points, keeps the monthly scheme's share sourced from the
    scheme, and cannot remove or cut below a mark already given; every refusal names the row, nothing
    changes."""
    annual, clerk = year_scored["annual"], year_scored["clerk"]
    seed = list(annual.criteria.all())
    rows = [{"id": c.id, "name": c.name, "max_points": c.max_points, "source": c.source, "basis": c.basis}
            for c in seed]
    # one wrong row refuses the whole table
    bad = [dict(r) for r in rows] + [{"name": "信息宣传", "max_points": "10", "source": "onsite"},
                                     {"name": "主要负责人工作情况", "max_points": "0", "source": "scheme"}]
    with pytest.raises(ValidationError) as caught:
        services.save_criteria(actor=clerk, assessment=annual, rows=bad)
    assert caught.value.message_dict["criteria"] == [
        "第7行「考核内容」：「主要负责人工作情况」与第2行重名",
        "第7行「分值」：应为大于 0、不超过 100 的数字（最多两位小数），收到“0”",
        "第7行「评分来源」：应为实地考核评分或加分项，收到“scheme”"]
    with pytest.raises(ValidationError, match="第6行：与第2行是同一项考核内容"):
        services.save_criteria(actor=clerk, assessment=annual, rows=rows + [dict(rows[1], name="另一名称")])
    with pytest.raises(ValidationError, match="分值合计应为 100 分，现为 110 分"):
        services.save_criteria(actor=clerk, assessment=annual,
                               rows=rows + [{"name": "信息宣传", "max_points": "10"}])
    assert [c.name for c in annual.criteria.all()] == [c.name for c in seed]
    # 落实“规定”情况 20 → 10, a new on-site item 信息宣传 of 10 before the bonus, the scheme's share renamed
    edited = [dict(r) for r in rows]
    edited[0]["name"], edited[0]["source"] = "年度目标任务完成情况（月度考核）", "onsite"  # the source stays
    edited[2]["max_points"] = "10"
    edited.insert(4, {"name": "信息宣传", "max_points": "10", "source": "onsite", "basis": "县局考核方案"})
    saved = services.save_criteria(actor=clerk, assessment=annual, rows=edited)
    assert [(c.order, c.name, c.max_points, c.source) for c in saved] == [
        (1, "年度目标任务完成情况（月度考核）", Decimal(40), "scheme"), (2, "主要负责人工作情况", Decimal(20), "onsite"),
        (3, "落实“规定”情况", Decimal(10), "onsite"), (4, "党风廉政建设执行情况", Decimal(20), "onsite"),
        (5, "信息宣传", Decimal(10), "onsite"), (6, "业务创新加分（被市以上推广）", Decimal(5), "bonus")]
    # the grid and the totals follow: the new item must be marked before the assessment can be final
    own = annual.criteria.get(name="信息宣传")
    services.record_marks(actor=clerk, assessment=annual, marks=_grid(annual, {
        "解放路街道司法所": [18, 9, 20, 8, ""], "千佛山街道司法所": [17, 10, 20, 9, ""]}))
    with pytest.raises(ValidationError, match="「趵突泉街道司法所」：主要负责人工作情况、落实“规定”情况、党风廉政建设执行情况、信息宣传"):
        services.finalize_annual(actor=clerk, assessment=annual)
    # a criterion with marks is neither removed nor cut below them
    current = [{"id": c.id, "name": c.name, "max_points": c.max_points, "source": c.source, "basis": c.basis}
               for c in annual.criteria.all()]
    without = [dict(r) for r in current if r["id"] != own.id]
    without[2]["max_points"] = "20"
    with pytest.raises(ValidationError, match="「信息宣传」已有 2 个所的评分，不能删除"):
        services.save_criteria(actor=clerk, assessment=annual, rows=without)
    cut = [dict(r) for r in current]
    cut[4]["max_points"], cut[1]["max_points"] = "8.5", "21.5"
    with pytest.raises(ValidationError, match="第5行「分值」：「信息宣传」已有评分 9 分，分值不能低于它"):
        services.save_criteria(actor=clerk, assessment=annual, rows=cut)
    assert annual.criteria.get(pk=own.pk).max_points == Decimal(10)
    # the page: only the county edits, only in draft; the other county's clerk gets 404
    client = client_for(clerk)
    page = client.get(f"/indicators/annual/{annual.pk}/criteria/").content.decode()
    assert 'value="信息宣传"' in page and "按月度考核综合得分折算" in page
    posted = {"criterion_id": [str(r["id"]) for r in current] + [""],
              "criterion_name": [r["name"] for r in current] + ["档案管理"],
              "criterion_max_points": [str(r["max_points"]) for r in current] + ["5"],
              "criterion_source": [r["source"] for r in current] + ["onsite"],
              "criterion_basis": [r["basis"] for r in current] + [""]}
    response = client.post(f"/indicators/annual/{annual.pk}/criteria/", posted)
    assert response.status_code == 400 and "分值合计应为 100 分，现为 105 分" in response.content.decode()
    posted["criterion_max_points"][0] = "35"   # the scheme's share: no marks of its own
    assert client.post(f"/indicators/annual/{annual.pk}/criteria/", posted).status_code == 302
    assert annual.criteria.get(name="档案管理").max_points == Decimal(5)
    foreign = client_for(accounts["other_county_admin"])
    assert foreign.get(f"/indicators/annual/{annual.pk}/criteria/").status_code == 404
    with pytest.raises(ValidationError):
        services.save_criteria(actor=accounts["office_director"], assessment=annual, rows=current)


def test_the_criteria_through_the_api(year_scored, accounts):
    """POST /api/annual-assessments/<id>/criteria/ replaces the criteria with the page's checks and messages;
    an office's director may not, the other county's clerk does not find the assessment."""
    annual, clerk = year_scored["annual"], year_scored["clerk"]
    rows = [{"id": c.id, "name": c.name, "max_points": str(c.max_points), "source": c.source,
             "basis": c.basis} for c in annual.criteria.all()]
    rows[3]["max_points"] = "15"
    url = f"/api/annual-assessments/{annual.pk}/criteria/"
    bad = client_for(clerk).post(url, {"criteria": rows}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["criteria"] == ["考核内容（加分项除外）分值合计应为 100 分，现为 95 分"]
    rows.insert(4, {"name": "档案管理", "max_points": "5", "source": "onsite"})
    good = client_for(clerk).post(url, {"criteria": rows}, content_type="application/json")
    assert good.status_code == 200 and [c["name"] for c in good.json()][3:5] == ["党风廉政建设执行情况", "档案管理"]
    assert client_for(accounts["office_director"]).post(url, {"criteria": rows},
                                                        content_type="application/json").status_code == 403
    assert client_for(accounts["other_county_admin"]).post(url, {"criteria": rows},
                                                           content_type="application/json").status_code == 404
    assert annual.criteria.count() == 6
