"""Pages added to finish issue 4: a person typed in and edited by hand (same checks as the import, nothing
changed on a refusal, every change logged) and the yearly writing duties (HZ-6) per person and per unit."""

from __future__ import annotations

import datetime
import random

import pytest

from sifasuo.core import idnumbers
from sifasuo.core.models import ChangeLogEntry
from sifasuo.staff import services
from sifasuo.staff.models import StaffMember
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _id(region="370102", birth=D(1991, 2, 3), sex="M", seed=7):
    return idnumbers.generate(random.Random(seed), region_code=region, birth_date=birth, sex=sex)


def _form(member: StaffMember, **changes) -> dict:
    data = {"full_name": member.full_name, "id_number": "", "sex": member.sex,
            "birth_date": member.birth_date.isoformat(), "staff_type": member.staff_type,
            "duty_category": member.duty_category, "position": member.position, "post": member.post,
            "education": member.education, "major": member.major, "phone": member.phone,
            "joined_on": member.joined_on.isoformat()}
    data.update(changes)
    return data


# --- editing basic fields ------------------------------------------------------------------------------


def test_edit_basic_fields_is_saved_and_logged(tree, accounts):
    m = factories.staff_member(tree["office"], full_name="李明")
    client = client_for(accounts["county_clerk"])
    page = client.get(f"/staff/{m.pk}/edit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "修改基本信息" in text and idnumbers.mask(m.id_number) in text
    assert m.id_number not in text  # the form never shows the full number
    response = client.post(f"/staff/{m.pk}/edit/", _form(m, full_name="李明明", education="bachelor", major="法学",
                                                          phone="13900000000", passed_legal_exam="on"))
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.full_name, m.education, m.major, m.phone, m.passed_legal_exam) == ("李明明", "bachelor", "法学",
                                                                                 "13900000000", True)
    entry = ChangeLogEntry.objects.filter(object_id=str(m.pk), action="update").latest("id")
    assert entry.before["full_name"] == "李明" and entry.after["full_name"] == "李明明"


def test_edit_new_id_number_must_agree_with_birth_date_and_sex(tree, accounts):
    m = factories.staff_member(tree["office"], full_name="王红", sex="F", birth_date=D(1990, 3, 15))
    before = m.id_number
    client = client_for(accounts["county_clerk"])
    # a malformed number
    response = client.post(f"/staff/{m.pk}/edit/", _form(m, id_number="37010219900315002"))
    assert response.status_code == 400
    assert "身份证号码" in response.content.decode() and "18" in response.content.decode()
    # a valid number of someone born on another day
    other = _id(birth=D(1991, 2, 3), sex="F")
    response = client.post(f"/staff/{m.pk}/edit/", _form(m, id_number=other))
    assert response.status_code == 400
    assert "与身份证号码中的 1991-02-03 不一致" in response.content.decode()
    m.refresh_from_db()
    assert m.id_number == before
    # the number, birth date and sex changed together are accepted
    response = client.post(f"/staff/{m.pk}/edit/", _form(m, id_number=other, birth_date="1991-02-03"))
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.id_number, m.birth_date) == (other, D(1991, 2, 3))
    entry = ChangeLogEntry.objects.filter(object_id=str(m.pk), action="update").latest("id")
    assert entry.after["id_number"] == idnumbers.mask(other)  # the log keeps it masked


def test_edit_refuses_duplicate_serving_person_and_future_joining(tree, accounts):
    a = factories.staff_member(tree["office"], full_name="甲", birth_date=D(1985, 1, 1))
    b = factories.staff_member(tree["office2"], full_name="乙", birth_date=D(1986, 1, 1))
    client = client_for(accounts["county_clerk"])
    response = client.post(f"/staff/{b.pk}/edit/", _form(b, id_number=a.id_number, birth_date="1985-01-01",
                                                          sex=a.sex))
    assert response.status_code == 400
    assert "已在「解放路街道司法所」在岗登记（甲），同一人不能重复在岗" in response.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(f"/staff/{b.pk}/edit/", _form(b, joined_on=future))
    assert response.status_code == 400 and "在今天之后" in response.content.decode()
    b.refresh_from_db()
    assert b.full_name == "乙" and b.joined_on == D(2020, 1, 1)


def test_assistant_with_levels_keeps_its_type(tree, accounts):
    m = factories.staff_member(tree["office"], full_name="协理员", staff_type="judicial_assistant")
    from sifasuo.staff.models import LevelRecord

    LevelRecord.objects.create(staff=m, level=4, effective_on=D(2020, 1, 1))
    with pytest.raises(Exception) as info:
        services.update_member(actor=accounts["county_clerk"], member=m, staff_type="full_time_auxiliary")
    assert "已有司法协理员层级记录" in str(info.value)
    with pytest.raises(Exception) as info:
        services.update_member(actor=accounts["county_clerk"], member=m, unit=tree["office2"])
    assert "这些字段不能在此修改：unit" in str(info.value)


def test_edit_scope_and_roles(tree, accounts):
    foreign = factories.staff_member(tree["other_office"], full_name="外县人")
    mine = factories.staff_member(tree["office"], full_name="本县人")
    assert client_for(accounts["county_clerk"]).get(f"/staff/{foreign.pk}/edit/").status_code == 404
    assert client_for(accounts["county_clerk"]).post(f"/staff/{foreign.pk}/edit/",
                                                     _form(foreign, full_name="改")).status_code == 404
    assert client_for(accounts["office_staff"]).get(f"/staff/{mine.pk}/edit/").status_code == 403
    assert client_for(accounts["leader"]).post(f"/staff/{mine.pk}/edit/", _form(mine)).status_code == 403
    foreign.refresh_from_db()
    assert foreign.full_name == "外县人"


# --- a new person by hand ------------------------------------------------------------------------------


def test_create_by_hand(tree, accounts):
    client = client_for(accounts["county_clerk"])
    listing = client.get("/staff/").content.decode()
    assert 'href="/staff/new/"' in listing  # 新建 opens the form, not the import
    number = _id()
    data = {"unit": tree["office"].code, "full_name": "赵新", "id_number": number, "sex": "", "birth_date": "",
            "staff_type": "judicial_assistant", "position": "staff", "joined_on": "2024-10-15",
            "education": "bachelor"}
    response = client.post("/staff/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    m = StaffMember.objects.get(full_name="赵新")
    assert (m.unit, m.birth_date, m.sex) == (tree["office"], D(1991, 2, 3), "M")  # from the number
    # the same person again, a unit of another county, a county bureau: refused, nothing added
    again = client.post("/staff/new/", {**data, "full_name": "赵新二"})
    assert again.status_code == 400 and "同一人不能重复在岗" in again.content.decode()
    foreign = client.post("/staff/new/", {**data, "id_number": _id(seed=8), "unit": tree["other_office"].code})
    assert foreign.status_code == 400 and "不在您的管辖范围内" in foreign.content.decode()
    county = client.post("/staff/new/", {**data, "id_number": _id(seed=9), "unit": tree["county"].code})
    assert county.status_code == 400 and "不是司法所或工作室" in county.content.decode()
    unknown = client.post("/staff/new/", {**data, "id_number": _id(seed=10), "unit": "370102999"})
    assert unknown.status_code == 400 and "单位代码 370102999 不存在" in unknown.content.decode()
    assert StaffMember.objects.filter(full_name__startswith="赵新").count() == 1


# --- writing duties (HZ-6) -----------------------------------------------------------------------------


def test_writing_status_per_person_and_unit(tree, accounts, django_assert_max_num_queries):
    done = factories.staff_member(tree["office"], full_name="写完了")
    half = factories.staff_member(tree["office"], full_name="写一半", birth_date=D(1988, 8, 8))
    factories.staff_member(tree["office2"], full_name="没写", birth_date=D(1987, 7, 7))
    factories.staff_member(tree["other_office"], full_name="外县作者")
    year = datetime.date.today().year - 1
    services.record_writing(actor=None, staff=done, kind="research_article", title="调研一",
                            submitted_on=D(year, 5, 1))
    services.record_writing(actor=None, staff=done, kind="experience_paper", title="经验一",
                            submitted_on=D(year, 9, 1))
    services.record_writing(actor=None, staff=half, kind="research_article", title="调研二",
                            submitted_on=D(year, 6, 1))
    services.record_writing(actor=None, staff=half, kind="experience_paper", title="去年的经验",
                            submitted_on=D(year - 1, 6, 1))
    client = client_for(accounts["county_clerk"])
    with django_assert_max_num_queries(12):
        response = client.get(f"/staff/writings/status/?year={year}")
    text = response.content.decode()
    assert response.status_code == 200
    assert "在岗 3 人，已完成 1 人" in text
    assert "外县" not in text
    import re

    rows = {re.sub(r"<[^>]+>", "|", m).replace("||", "|") for m in re.findall(r"<tr[^>]*>(.*?)</tr>", text)}
    assert any("写完了" in r and "1/1|1/1|已完成" in r for r in rows), rows
    assert any("写一半" in r and "1/1|0/1|未完成" in r for r in rows), rows
    assert any("解放路街道司法所|2|2|1|1|写一半" in r for r in rows), rows
    assert any("千佛山街道司法所|1|0|0|0|没写" in r for r in rows), rows
    only = client.get(f"/staff/writings/status/?year={year}&unit={tree['office'].code}&short=1").content.decode()
    assert "写一半" in only and "写完了</a>" not in only and "没写" not in only
    outside = client.get(f"/staff/writings/status/?year={year}&unit={tree['other_office'].code}").content.decode()
    assert "外县作者" not in outside and "不在您的管辖范围内" in outside


# --- the roster's fast Excel export ----------------------------------------------------------------------


def test_roster_export_has_the_page_rows_and_columns(tree, accounts):
    import io

    import openpyxl

    from sifasuo.staff.views import StaffListView

    a = factories.staff_member(tree["office"], full_name="导出甲", staff_type="judicial_assistant",
                               education="bachelor", duty_category="general", joined_on=D(2021, 3, 1))
    services.set_level(actor=None, staff=a, level=4, effective_on=D(2021, 3, 1))
    b = factories.staff_member(tree["workstation"], full_name="导出乙<&>", birth_date=D(1980, 1, 1))
    services.exit_member(actor=None, staff=b, kind="resignation", on=D(2023, 5, 6))
    factories.staff_member(tree["other_office"], full_name="外县导出")
    client = client_for(accounts["county_clerk"])
    response = client.get("/staff/?export=xlsx&ordering=full_name")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    # a register like every list's export: the title row, then the bold header frozen above the rows
    assert rows[0][0].startswith("工作人员花名册\u3000历下区司法局\u3000筛选：排序 ")
    assert list(rows[1]) == [c.label for c in StaffListView.columns]
    assert ws["A2"].font.b and ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    body = {r[0]: r for r in rows[2:]}
    assert set(body) == {"导出甲", "导出乙<&>"}
    assert body["导出甲"] == ("导出甲", "女", idnumbers.mask(a.id_number), "司法协理员", "工作人员", "四级", "综合事务",
                            "解放路街道司法所", "大学本科", datetime.datetime(2021, 3, 1), None)
    assert body["导出乙<&>"][9:] == (datetime.datetime(2020, 1, 1), datetime.datetime(2023, 5, 6))
    assert ws["J3"].number_format == "yyyy\\-mm\\-dd"
    # the page's filters apply to the export, and its title row names them
    only = openpyxl.load_workbook(io.BytesIO(client.get("/staff/?export=xlsx&serving=true").content)).active
    assert "筛选：在岗 是" in only["A1"].value
    assert [r[0] for r in only.iter_rows(min_row=3, values_only=True)] == ["导出甲"]


def test_seeding_gives_the_demo_writing_records(tree):
    from sifasuo.staff import seeding
    from sifasuo.staff.models import WritingRecord

    StaffMember.objects.all().delete()
    summary = seeding.seed(scale="demo", seed=1, log=lambda *_: None)
    writings = WritingRecord.objects.all()
    assert "写作任务" in summary and writings.exists()
    assert {w.year for w in writings} == {datetime.date.today().year - 1}
    assert all(w.staff.unit.level == 4 for w in writings.select_related("staff__unit"))
