"""Office assessment in pages: the scheme's items and weights edited as a whole (total 100, HZ-7/HZ-9) with
Chinese errors naming the row, and departments' marks imported from Excel — all or nothing, bad rows named
by row and column."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from sifasuo.core.models import ChangeLogEntry
from sifasuo.indicators import services
from sifasuo.indicators.models import ManualScore, ScoringItem
from tests.conftest import client_for
from tests.spreadsheets import xlsx_upload

# the seven items these tests were written against (a scheme's items are the county's to choose)
DEFAULT_ITEMS = [
    {"name": "人民调解成功率", "weight": 25, "method": "indicator", "indicator": "mediation_success_rate"},
    {"name": "工作信息报送", "weight": 15, "method": "indicator", "indicator": "info_per_office"},
    {"name": "一句话新闻报送", "weight": 10, "method": "indicator", "indicator": "news_per_office"},
    {"name": "社区矫正无脱管", "weight": 15, "method": "indicator", "indicator": "out_of_contact"},
    {"name": "社区矫正无漏管", "weight": 10, "method": "indicator", "indicator": "missed"},
    {"name": "重点帮教对象衔接", "weight": 10, "method": "indicator", "indicator": "key_handover_rate"},
    {"name": "基层基础工作（科室评分）", "weight": 15, "method": "manual", "department": "基层工作科"},
]

D = datetime.date


@pytest.fixture
def scheme(tree, accounts):
    return services.create_scheme(actor=accounts["county_clerk"], unit=tree["county"], year=2024,
                                  name="2024年司法所工作考核", fund_total="100000", items=DEFAULT_ITEMS)


def _rows(scheme, changes=None):
    changes = changes or {}
    """The POST of the items page as it stands, with per-row changes {row number: {field: value}}."""
    items = list(scheme.items.all())
    data = {f"item_{k}": [] for k in ("id", "name", "weight", "method", "indicator", "department")}
    for number, item in enumerate(items, start=1):
        row = {"id": str(item.id), "name": item.name, "weight": f"{item.weight.normalize():f}",
               "method": item.method, "indicator": item.indicator, "department": item.department}
        row.update(changes.get(number, {}))
        for k, v in row.items():
            data[f"item_{k}"].append(v)
    for number in sorted(n for n in changes if n > len(items)):
        row = {"id": "", "name": "", "weight": "", "method": "indicator", "indicator": "", "department": ""}
        row.update(changes[number])
        for k, v in row.items():
            data[f"item_{k}"].append(v)
    return data


def _snapshot(scheme):
    return list(ScoringItem.objects.filter(scheme=scheme).values_list("id", "order", "name", "weight", "method",
                                                                     "indicator", "department"))


def test_items_page_edits_adds_and_removes_as_a_whole(scheme, accounts):
    client = client_for(accounts["county_clerk"])
    page = client.get(f"/indicators/schemes/{scheme.pk}/items/").content.decode()
    assert "人民调解成功率" in page and 'data-testid="weight-total">100<' in page
    detail = client.get(f"/indicators/schemes/{scheme.pk}/").content.decode()
    assert f"/indicators/schemes/{scheme.pk}/items/" in detail and f"/indicators/schemes/{scheme.pk}/manual/import/" in detail
    # 25 → 20 on row 1, remove row 5 (10 points), add two items of 10 and 5 points: 100 again
    data = _rows(scheme, {1: {"weight": "20"}, 8: {"name": "档案管理", "weight": "10", "method": "manual",
                                                     "department": "基层工作科"},
                            9: {"name": "培训参学", "weight": "5", "method": "indicator",
                                "indicator": "training_days_per_staff"}})
    data["item_delete"] = ["5"]
    response = client.post(f"/indicators/schemes/{scheme.pk}/items/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    items = list(scheme.items.all())
    assert [(i.order, i.name, i.weight) for i in items] == [
        (1, "人民调解成功率", 20), (2, "工作信息报送", 15), (3, "一句话新闻报送", 10), (4, "社区矫正无脱管", 15),
        (5, "重点帮教对象衔接", 10), (6, "基层基础工作（科室评分）", 15), (7, "档案管理", 10), (8, "培训参学", 5)]
    assert sum(i.weight for i in items) == 100
    assert items[7].indicator == "training_days_per_staff" and items[6].department == "基层工作科"
    logged = ChangeLogEntry.objects.filter(content_type__model="scoringitem", unit_path=scheme.unit.path)
    assert logged.filter(action="delete", object_repr__startswith="社区矫正无漏管").count() == 1
    assert logged.filter(action="create", object_repr__startswith="档案管理").count() == 1
    update = logged.get(action="update", object_repr__startswith="人民调解成功率")
    assert (update.before["weight"], update.after["weight"]) == ("25.00", "20")
    # unchanged items logged nothing
    assert not logged.filter(action="update", object_repr__startswith="工作信息报送").exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({1: {"weight": "30"}}, "各考核项目分值合计应为 100 分，现为 105 分"),
    ({1: {"weight": "abc"}}, "第1行「分值」：考核项目「人民调解成功率」的分值应为大于 0、不超过 100 的数字（最多两位小数），收到“abc”"),
    ({1: {"weight": "-5"}}, "第1行「分值」"),
    ({2: {"name": "人民调解成功率"}}, "第2行「考核项目」：「人民调解成功率」与第1行重名"),
    ({2: {"name": ""}}, "第2行「考核项目」：请填写考核项目名称"),
    ({3: {"indicator": ""}}, "第3行「指标」：考核项目「一句话新闻报送」按指标计分，请选择指标"),
    ({3: {"indicator": "no_such"}}, "第3行「指标」：考核项目「一句话新闻报送」引用的指标“no_such”不存在"),
    ({7: {"department": ""}}, "第7行「录入科室」：考核项目「基层基础工作（科室评分）」由科室录入，请填写录入科室"),
    ({7: {"method": "bogus"}}, "第7行「计分方式」"),
])
def test_bad_items_refused_in_chinese_and_nothing_changes(scheme, accounts, changes, message):
    before = _snapshot(scheme)
    response = client_for(accounts["county_clerk"]).post(f"/indicators/schemes/{scheme.pk}/items/",
                                                         _rows(scheme, changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, body[body.find("item-errors"):][:800]
    assert _snapshot(scheme) == before


def test_items_with_marks_cannot_be_removed_or_turned_into_indicator_items(scheme, tree, accounts):
    manual = scheme.items.get(method="manual")
    services.record_manual_score(actor=accounts["county_clerk"], item=manual, unit=tree["office"],
                                 month=D(2024, 3, 1), percent=90)
    before = _snapshot(scheme)
    with pytest.raises(services.ValidationError) as exc:
        rows = [{"id": i.id, "name": i.name, "weight": i.weight, "method": i.method, "indicator": i.indicator,
                 "department": i.department} for i in scheme.items.all() if i.id != manual.id]
        rows[0]["weight"] += 15
        services.save_items(actor=accounts["county_clerk"], scheme=scheme, rows=rows)
    assert exc.value.message_dict == {"items": ["「基层基础工作（科室评分）」已有 1 条科室评分，不能删除"]}
    response = client_for(accounts["county_clerk"]).post(
        f"/indicators/schemes/{scheme.pk}/items/", _rows(scheme, {7: {"method": "indicator", "indicator": "missed"}}))
    assert "第7行「计分方式」：「基层基础工作（科室评分）」已有 1 条科室评分，不能改为按指标计分" in response.content.decode()
    assert _snapshot(scheme) == before


def test_items_page_is_the_county_bureaus_own(scheme, tree, accounts):
    assert client_for(accounts["office_director"]).get(f"/indicators/schemes/{scheme.pk}/items/").status_code == 403
    assert client_for(accounts["other_county_admin"]).get(f"/indicators/schemes/{scheme.pk}/items/").status_code == 404
    before = _snapshot(scheme)
    other = client_for(accounts["other_county_admin"]).post(f"/indicators/schemes/{scheme.pk}/items/",
                                                            _rows(scheme, {1: {"weight": "20"}, 8: {"name": "新", "weight": "5"}}))
    assert other.status_code == 404 and _snapshot(scheme) == before
    with pytest.raises(services.ValidationError) as exc:
        services.save_items(actor=accounts["city_admin"], scheme=scheme, rows=[])
    assert exc.value.message_dict == {"unit": ["只有「历下区司法局」本局才能制定或修改其考核方案"]}


# --- Excel import of departments' marks -------------------------------------------------------------------

def _workbook(rows, header=("司法所代码", "司法所名称", "考核项目", "月份", "得分率（%）", "说明")):
    return xlsx_upload(rows, header, name="marks.xlsx")


ITEM = "基层基础工作（科室评分）"


def test_template_is_prefilled_with_offices_and_items(scheme, accounts):
    client = client_for(accounts["county_clerk"])
    page = client.get(f"/indicators/schemes/{scheme.pk}/manual/import/")
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    response = client.get(f"/indicators/schemes/{scheme.pk}/manual/import/?template=1&month=2024-05")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb["科室评分"].iter_rows(values_only=True))
    assert rows[0] == ("司法所代码", "司法所名称", "考核项目", "月份", "得分率（%）", "说明")
    assert [r[:4] for r in rows[1:]] == [("370102001", "解放路街道司法所", ITEM, "2024-05"),
                                         ("370102002", "千佛山街道司法所", ITEM, "2024-05")]
    assert "填写说明" in wb.sheetnames
    bad = client.get(f"/indicators/schemes/{scheme.pk}/manual/import/?template=1&month=2023-05")
    assert bad.status_code == 400 and "模板月份应在方案年度 2024 年内" in bad.content.decode()


def test_import_lands_whole_and_replaces_existing_marks(scheme, tree, accounts):
    manual = scheme.items.get(method="manual")
    services.record_manual_score(actor=None, item=manual, unit=tree["office"], month=D(2024, 3, 1), percent=50)
    client = client_for(accounts["county_clerk"])
    upload = _workbook([
        ("370102001", "解放路街道司法所", ITEM, "2024-03", 95, "台账齐全"),
        ("370102002", "千佛山街道司法所", ITEM, "2024年3月", "87.5", ""),
        ("370102002", "", ITEM, D(2024, 4, 1), "100%", None),
    ])
    response = client.post(f"/indicators/schemes/{scheme.pk}/manual/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[-2000:]
    marks = {(m.unit.code, m.month, m.percent) for m in ManualScore.objects.filter(item=manual).select_related("unit")}
    assert marks == {("370102001", D(2024, 3, 1), Decimal("95.00")), ("370102002", D(2024, 3, 1), Decimal("87.50")),
                     ("370102002", D(2024, 4, 1), Decimal("100.00"))}
    logged = ChangeLogEntry.objects.filter(content_type__model="manualscore")
    assert logged.filter(action="create").count() == 3  # one by record_manual_score, two by the import
    update = logged.get(action="update")
    assert (update.before["percent"], update.after["percent"]) == ("50.00", "95")
    # the imported marks count in the scores
    services.compute_scores(actor=None, scheme=scheme, through=D(2024, 3, 1))
    march = scheme.scores.get(unit=tree["office"]).monthly["2024-03"]
    assert march[ITEM] == round(15 * 0.95, 2)


def _refused(client, scheme, rows) -> str:
    response = client.post(f"/indicators/schemes/{scheme.pk}/manual/import/", {"file": _workbook(rows)})
    assert response.status_code == 400
    assert not ManualScore.objects.exists()
    return response.content.decode()


def test_unreadable_cells_named_by_row_and_column(scheme, accounts):
    """Cells that cannot be read at all (the framework's first pass) — nothing lands."""
    body = _refused(client_for(accounts["county_clerk"]), scheme, [
        ("370102001", "解放路街道司法所", ITEM, "2024-03", 95, ""),            # 2: fine
        ("370102002", "", ITEM, "2024-03", 120, ""),                          # 3: out of range
        ("370102002", "", ITEM, "2024-13", 90, ""),                           # 4: no such month
        ("370102002", "", ITEM, "三月", 90, ""),                               # 5: not a month
        ("370102002", "", ITEM, "2024-06", "", ""),                           # 6: no mark
        ("370102002", "", ITEM, "2024-07", "九十", ""),                        # 7: not a number
        ("", "", ITEM, "2024-08", 90, ""),                                    # 8: no office code
    ])
    for message in [
        "第3行「得分率（%）」：得分率应在 0 至 100 之间，收到 120",
        "第4行「月份」：「2024-13」不是存在的月份",
        "第5行「月份」：「三月」不是月份，应写成 2025-03 这样的格式",
        "第6行「得分率（%）」：不能为空",
        "第7行「得分率（%）」：「九十」不是数字",
        "第8行「司法所代码」：不能为空",
    ]:
        assert message in body, message
    assert "第2行" not in body


def test_bad_rows_named_by_row_and_column_and_nothing_lands(scheme, tree, accounts):
    body = _refused(client_for(accounts["county_clerk"]), scheme, [
        ("370102001", "解放路街道司法所", ITEM, "2024-03", 95, ""),            # 2: fine
        ("370102999", "", ITEM, "2024-03", 90, ""),                          # 3: unknown office
        ("370103001", "", ITEM, "2024-03", 90, ""),                          # 4: another county's office
        ("370102", "", ITEM, "2024-03", 90, ""),                             # 5: not an office
        ("370102002", "", "不存在的项目", "2024-03", 90, ""),                   # 6: item not in the scheme
        ("370102002", "", "人民调解成功率", "2024-03", 90, ""),                 # 7: an indicator item
        ("370102002", "", ITEM, "2023-12", 90, ""),                           # 8: outside the year
        ("370102001", "", ITEM, "2024-03", 80, ""),                           # 9: duplicates row 2
        ("370102002", "千佛山司法所", ITEM, "2024-05", 80, ""),                  # 10: name does not match
    ])
    for message in [
        "第3行「司法所代码」：370102999 不存在",
        "第4行「司法所代码」：", "不属于历下区司法局，不能录入本方案的评分",
        "第5行「司法所代码」：370102（历下区司法局）不是司法所",
        "第6行「考核项目」：「不存在的项目」不是本方案的考核项目（可录入：基层基础工作（科室评分））",
        "第7行「考核项目」：「人民调解成功率」按指标自动计分，不能录入科室评分",
        "第8行「月份」：2023-12 不在方案年度 2024 年内",
        "第9行：与第2行重复（同一司法所、考核项目和月份只能有一行）",
        "第10行「司法所名称」：「千佛山司法所」与代码 370102002 的「千佛山街道司法所」不一致",
    ]:
        assert message in body, message
    assert "第2行「" not in body


def test_import_refuses_broken_files_and_other_counties(scheme, tree, accounts):
    client = client_for(accounts["county_clerk"])
    broken = io.BytesIO(b"not a spreadsheet")
    broken.name = "x.xlsx"
    response = client.post(f"/indicators/schemes/{scheme.pk}/manual/import/", {"file": broken})
    assert response.status_code == 400 and "无法读取该文件" in response.content.decode()
    missing = _workbook([("370102001", ITEM)], header=("司法所代码", "考核项目"))
    response = client.post(f"/indicators/schemes/{scheme.pk}/manual/import/", {"file": missing})
    assert "第1行：缺少必填列「月份」" in response.content.decode()
    assert client.post(f"/indicators/schemes/{scheme.pk}/manual/import/", {}).status_code == 400
    other = client_for(accounts["other_county_admin"])
    upload = _workbook([("370102001", "", ITEM, "2024-03", 95, "")])
    assert other.post(f"/indicators/schemes/{scheme.pk}/manual/import/", {"file": upload}).status_code == 404
    assert client_for(accounts["office_director"]).get(f"/indicators/schemes/{scheme.pk}/manual/import/").status_code == 403
    assert not ManualScore.objects.exists()


def test_api_replaces_items_with_the_same_checks(scheme, accounts):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(accounts["county_clerk"])
    rows = [{"id": i.id, "name": i.name, "weight": str(i.weight), "method": i.method, "indicator": i.indicator,
             "department": i.department} for i in scheme.items.all()]
    before = _snapshot(scheme)
    response = api.post(f"/api/assessment-schemes/{scheme.pk}/items/", {"items": rows[:-1]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"items": ["各考核项目分值合计应为 100 分，现为 85 分"]}
    assert _snapshot(scheme) == before
    rows[0]["weight"] = "40"
    response = api.post(f"/api/assessment-schemes/{scheme.pk}/items/", {"items": rows[:-1]}, format="json")
    assert response.status_code == 200, response.json()
    assert [r["name"] for r in response.json()] == [r["name"] for r in rows[:-1]]
    assert scheme.items.count() == 6
    other = APIClient()
    other.force_authenticate(accounts["other_county_admin"])
    assert other.post(f"/api/assessment-schemes/{scheme.pk}/items/", {"items": rows}, format="json").status_code == 404


def test_items_and_import_pages_query_counts(scheme, accounts, django_assert_max_num_queries):
    client = client_for(accounts["county_clerk"])
    with django_assert_max_num_queries(8):
        assert client.get(f"/indicators/schemes/{scheme.pk}/items/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/indicators/schemes/{scheme.pk}/manual/import/").status_code == 200
