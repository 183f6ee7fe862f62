"""Staff management on a Daqing and a Yangquan county: levels, contracts, pay sheet, training, assessment,
exit, transfer, import round trip, API, alerts and what each role sees."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from sifasuo.accounts.roles import Role
from sifasuo.alerts import engine
from sifasuo.core.idnumbers import mask
from sifasuo.core.models import ChangeLogEntry, SensitiveAccess
from sifasuo.orgunits.choices import Level
from sifasuo.staff import selectors, services
from sifasuo.staff.models import Assessment, Contract, LevelProposal, StaffMember, TrainingRecord
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date
SCORES = {"excellent": dict(virtue=19, ability=18, diligence=18, performance=18, integrity=18),   # 91
          "competent": dict(virtue=16, ability=16, diligence=16, performance=16, integrity=16),   # 80
          "basic": dict(virtue=13, ability=13, diligence=13, performance=13, integrity=13),       # 65
          "incompetent": dict(virtue=10, ability=10, diligence=10, performance=10, integrity=10)}  # 50


@pytest.fixture
def yangquan(db):
    u = factories.unit
    t = {"province": u("140000", "山西省司法厅", Level.PROVINCE)}
    t["city"] = u("140300", "阳泉市司法局", Level.CITY, t["province"])
    t["county"] = u("140302", "城区司法局", Level.COUNTY, t["city"])
    t["office"] = u("140302001", "上站街道司法所", Level.OFFICE, t["county"])
    t["clerk"] = factories.user("yq_clerk", Role.COUNTY_CLERK, t["county"])
    return t


def assistant(unit, name, *, joined=D(2021, 10, 15), birth=D(1995, 5, 5), sex="F", level=4):
    m = factories.staff_member(unit, full_name=name, staff_type="judicial_assistant", joined_on=joined,
                               birth_date=birth, sex=sex)
    if level:
        services.set_level(actor=None, staff=m, level=level, effective_on=joined, reason="定级")
        m.refresh_from_db()
    return m


def assess(m, year, grade):
    return services.record_assessment(actor=None, staff=m, year=year, scores=SCORES[grade])


# --- levels ----------------------------------------------------------------------------------------------


def test_level_review_daqing_proposes_and_county_approves(daqing):
    clerk = daqing["people"]["county_clerk"]
    up = assistant(daqing["office_a"], "晋升甲", joined=D(2022, 10, 15))
    for y in (2023, 2024):
        assess(up, y, "competent")
    down = assistant(daqing["office_a"], "降级乙", level=3, birth=D(1994, 1, 1))
    assess(down, 2024, "incompetent")
    same = assistant(daqing["office_b"], "不变丙", joined=D(2023, 3, 1), birth=D(1993, 1, 1))
    assess(same, 2024, "excellent")
    hired = factories.staff_member(daqing["office_b"], full_name="新聘丁", staff_type="judicial_assistant",
                                   joined_on=D(2024, 10, 15), birth_date=D(1999, 9, 9))
    made = services.run_level_review(actor=clerk, county=daqing["county"], year=2024)
    assert {(p.staff.full_name, p.from_level, p.to_level) for p in made} == {("晋升甲", 4, 3), ("降级乙", 3, 4)}
    hired.refresh_from_db()
    assert hired.assistant_level == 4  # the entry level of DQ-9.1, given at the review
    again = services.run_level_review(actor=clerk, county=daqing["county"], year=2024)
    assert again == []  # a year is reviewed once
    p = LevelProposal.objects.get(staff=up)
    services.decide_proposal(actor=clerk, proposal=p, approve=True)
    up.refresh_from_db()
    assert up.assistant_level == 3
    assert list(up.levels.values_list("level", "effective_on")) == [(3, D(2025, 1, 1)), (4, D(2022, 10, 15))]
    with pytest.raises(ValidationError, match="不能重复审批"):
        services.decide_proposal(actor=clerk, proposal=p, approve=True)


def test_level_review_yangquan_rules_differ(yangquan):
    m = assistant(yangquan["office"], "阳泉甲", joined=D(2022, 10, 15))
    for y in (2023, 2024):
        assess(m, y, "competent")
    assert services.run_level_review(actor=yangquan["clerk"], county=yangquan["county"], year=2024) == []
    b = assistant(yangquan["office"], "阳泉乙", level=2, birth=D(1990, 1, 1))
    for y in (2023, 2024):
        assess(b, y, "basic")  # YQ-8.2 has no rule on 基本称职 twice
    assert not LevelProposal.objects.filter(staff=b).exists()


def test_bad_level_changes_refused(daqing):
    m = assistant(daqing["office_a"], "层级甲", joined=D(2024, 1, 1))
    clerk = daqing["people"]["county_clerk"]
    with pytest.raises(ValidationError) as info:
        services.set_level(actor=clerk, staff=m, level=5, effective_on=D(2025, 1, 1))
    assert info.value.message_dict["level"] == ["层级 5 无效，应为 1（一级）至 4（四级）"]
    with pytest.raises(ValidationError) as info:
        services.set_level(actor=clerk, staff=m, level=3, effective_on=D(2025, 1, 1))
    assert "不符合晋升为三级的条件" in info.value.message_dict["level"][0]
    with pytest.raises(ValidationError, match="逐级"):
        services.set_level(actor=clerk, staff=m, level=2, effective_on=D(2025, 1, 1))
    m.refresh_from_db()
    assert m.assistant_level == 4 and m.levels.count() == 1


def test_a_record_of_a_kind_not_in_the_list_or_dated_after_today_is_refused(daqing):
    m = assistant(daqing["office_a"], "类别甲", joined=D(2024, 1, 1))
    with pytest.raises(ValidationError) as info:
        services.record_training(actor=None, staff=m, kind="study", organizer="village", title="学习",
                                 start_on=D(2024, 3, 1), days=1)
    assert info.value.message_dict == {"kind": ["培训类别“study”无效，应为：岗前培训、晋升培训、业务培训"],
                                       "organizer": ["组织单位层级“village”无效，应为：省级、市级、县级、司法所、其他"]}
    with pytest.raises(ValidationError) as info:
        services.record_writing(actor=None, staff=m, kind="poem", title="诗", submitted_on=D(2024, 3, 1))
    assert info.value.message_dict == {"kind": ["类别“poem”无效，应为：调研文章、经验材料"]}
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.record_writing(actor=None, staff=m, kind="research_article", title="调研", submitted_on=tomorrow)
    assert info.value.message_dict == {"submitted_on": [f"报送日期 {tomorrow.isoformat()} 在今天之后"]}
    with pytest.raises(ValidationError) as info:
        services.record_reward(actor=None, staff=m, kind="reward", title="嘉奖", on=tomorrow, reason="表现突出")
    assert info.value.message_dict == {"on": [f"日期 {tomorrow.isoformat()} 在今天之后"]}
    assert not m.trainings.exists() and not m.writings.exists() and not m.rewards.exists()


# --- contracts -------------------------------------------------------------------------------------------


def test_contract_rules_and_renewal(daqing):
    clerk = daqing["people"]["county_clerk"]
    m = assistant(daqing["office_a"], "合同甲", joined=D(2021, 10, 15))
    c = services.create_contract(actor=clerk, staff=m, start=D(2021, 10, 15), end=D(2024, 10, 14),
                                 probation_end=D(2022, 1, 14))
    with pytest.raises(ValidationError) as info:
        services.create_contract(actor=clerk, staff=m, start=D(2024, 1, 1), end=D(2026, 12, 31))
    assert info.value.message_dict["start"] == ["与已有合同（2021-10-15至2024-10-14）重叠，同一时间只能有一份合同"]
    with pytest.raises(ValidationError) as info:
        services.create_contract(actor=clerk, staff=m, start=D(2025, 1, 1), end=D(2024, 12, 31))
    assert "不晚于开始日期" in info.value.message_dict["end"][0]
    for y, g in ((2022, "competent"), (2023, "incompetent"), (2024, "competent")):
        assess(m, y, g)
    assert services.renewal_proposal(c).decision == "not_renew"
    with pytest.raises(ValidationError, match="按考核结果不建议续聘"):
        services.renew_contract(actor=clerk, contract=c)
    new = services.renew_contract(actor=clerk, contract=c, override_reason="整改后表现良好，局务会研究决定")
    assert (new.start, new.end, new.probation_end, new.renewal_of) == (D(2024, 10, 15), D(2027, 10, 14), None, c)
    assert Contract.objects.filter(staff=m).count() == 2


def test_contracts_ending_within_60_days_and_alert(daqing):
    today = D(2024, 9, 1)
    a = assistant(daqing["office_a"], "到期甲")
    b = assistant(daqing["office_a"], "到期乙", birth=D(1991, 1, 1))
    Contract.objects.create(staff=a, start=D(2021, 11, 1), end=D(2024, 10, 31))  # day 60
    Contract.objects.create(staff=b, start=D(2021, 11, 2), end=D(2024, 11, 1))   # day 61
    names = [c.staff.full_name for c in selectors.contracts_ending(daqing["county"].path, today)]
    assert names == ["到期甲"]
    alerts = engine.collect(daqing["county"].path, today, codes=["staff.contract_ending"])
    assert [a.subject for a in alerts] == ["到期甲（萨尔图街道司法所）"] and alerts[0].due == D(2024, 10, 31)


def test_probation_alert_boundary(daqing):
    m = assistant(daqing["office_a"], "试用甲")
    Contract.objects.create(staff=m, start=D(2024, 10, 15), end=D(2027, 10, 14), probation_end=D(2025, 1, 14))
    codes = ["staff.probation_ending"]
    assert engine.collect(daqing["county"].path, D(2024, 12, 14), codes=codes) == []  # 31 days ahead
    assert len(engine.collect(daqing["county"].path, D(2024, 12, 15), codes=codes)) == 1  # 30 days ahead


# --- pay sheet -------------------------------------------------------------------------------------------


def test_pay_sheet_daqing_hand_computed(daqing):
    clerk = daqing["people"]["county_clerk"]
    services.set_benchmark(actor=clerk, county=daqing["county"], monthly_amount="3000", effective_from=D(2024, 1, 1))
    services.set_benchmark(actor=clerk, county=daqing["county"], monthly_amount="3200", effective_from=D(2024, 7, 1))
    a = assistant(daqing["office_a"], "工资甲", joined=D(2019, 3, 1), level=None)
    services.set_level(actor=None, staff=a, level=3, effective_on=D(2019, 3, 1))
    b = assistant(daqing["office_b"], "工资乙", joined=D(2024, 10, 15), birth=D(1998, 1, 1))
    Contract.objects.create(staff=b, start=D(2024, 10, 15), end=D(2027, 10, 14), probation_end=D(2025, 1, 14))
    sheet = selectors.pay_sheet(county=daqing["county"], month=D(2024, 11, 1))
    rows = {r.staff.full_name: r for r in sheet.rows}
    # 工资甲 三级: 3200 × 1.10 = 3520.00 + 工龄 5 年 × 50 = 250.00 → 3770.00
    assert rows["工资甲"].line.total == Decimal("3770.00") and rows["工资甲"].service_years == 5
    # 工资乙 四级 试用期: 3200 × 1.00 = 3200.00, × 80 % = 2560.00
    assert rows["工资乙"].line.total == Decimal("2560.00") and rows["工资乙"].on_probation
    assert sheet.total == Decimal("6330.00")
    # June used the old benchmark: 3000 × 1.10 + 250 = 3550.00 (工资乙 not yet hired)
    june = selectors.pay_sheet(county=daqing["county"], month=D(2024, 6, 1))
    assert [r.line.total for r in june.rows if r.staff.full_name == "工资甲"] == [Decimal("3550.00")]
    page = client_for(clerk).get("/staff/pay/?month=2024-11")
    assert page.status_code == 200 and "6,330.00" in page.content.decode()
    wb = openpyxl.load_workbook(io.BytesIO(client_for(clerk).get("/staff/pay/?month=2024-11&export=xlsx").content))
    ws = wb.active
    # a register like every list's export: the title row says what, which county and month, when and by whom
    title = ws["A1"].value
    assert title.startswith(f"{daqing['county'].name}2024年11月司法协理员工资表")
    assert "月份 2024-11" in title and "导出时间：" in title and f"导出人：{clerk.display_name}" in title
    assert [c.value for c in ws[2]][:2] == ["单位", "姓名"] and ws["A2"].font.b
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2" and ws.page_setup.orientation == "landscape"
    totals = [row[-1] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert sorted(totals) == [2560.0, 3770.0]
    assert ws.cell(row=3, column=ws.max_column).number_format == "#,##0.00"


def test_pay_sheet_yangquan_hand_computed(yangquan):
    services.set_benchmark(actor=yangquan["clerk"], county=yangquan["county"], monthly_amount="4321.50",
                           effective_from=D(2024, 1, 1))
    m = assistant(yangquan["office"], "阳泉工资", joined=D(2021, 6, 1), level=None)
    services.set_level(actor=None, staff=m, level=1, effective_on=D(2021, 6, 1))
    sheet = selectors.pay_sheet(county=yangquan["county"], month=D(2024, 11, 1))
    # 4321.50 × 0.90 = 3889.35 + 津贴 900 + 工龄 3 × 40 = 120 → 4909.35
    assert [r.line.total for r in sheet.rows] == [Decimal("4909.35")]


def test_benchmark_bad_input(daqing):
    clerk = daqing["people"]["county_clerk"]
    with pytest.raises(ValidationError, match="应在 500 至 50000 元之间"):
        services.set_benchmark(actor=clerk, county=daqing["county"], monthly_amount="-3", effective_from=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="规定参照本地公安辅警工资标准"):
        services.set_benchmark(actor=clerk, county=daqing["county"], monthly_amount="3000",
                               effective_from=D(2024, 1, 1), benchmark="public_institution")
    with pytest.raises(ValidationError, match="尚未录入"):
        selectors.pay_sheet(county=daqing["county"], month=D(2024, 11, 1))


# --- training, assessment, writing -----------------------------------------------------------------------


def test_training_compliance_per_person_and_unit(tree):
    director = factories.staff_member(tree["office"], full_name="所长甲", position="director")
    staff = factories.staff_member(tree["office"], full_name="干事乙", birth_date=D(1991, 1, 1))
    services.record_training(actor=None, staff=director, kind="business", organizer="city", title="市级所长培训",
                             start_on=D(2024, 4, 1), days=5)
    services.record_training(actor=None, staff=staff, kind="business", organizer="county", title="县级业务培训",
                             start_on=D(2024, 5, 1), days=6.5)
    services.record_training(actor=None, staff=staff, kind="business", organizer="office", title="所内学习",
                             start_on=D(2024, 5, 9), days=2)  # office-level days do not count (WH-4)
    lines = {line.staff.full_name: line for line in selectors.training_compliance(path=tree["county"].path, year=2024)}
    # WH-4: the county's 7 days are for all office staff, the director included, besides the city's 5 days
    assert not lines["所长甲"].ok and lines["所长甲"].short_text == "县级差 7 天"
    assert not lines["干事乙"].ok and lines["干事乙"].short_text == "县级差 0.5 天"
    services.record_training(actor=None, staff=director, kind="business", organizer="county", title="县级专题培训",
                             start_on=D(2024, 6, 1), days=6.5)
    lines = {line.staff.full_name: line for line in selectors.training_compliance(path=tree["county"].path, year=2024)}
    assert lines["所长甲"].short_text == "县级差 0.5 天"  # the 5 city days are not counted twice
    services.record_training(actor=None, staff=director, kind="business", organizer="city", title="市级专题培训",
                             start_on=D(2024, 7, 1), days=0.5)  # city days beyond the city's 5 count for the county
    lines = {line.staff.full_name: line for line in selectors.training_compliance(path=tree["county"].path, year=2024)}
    assert lines["所长甲"].ok and lines["所长甲"].counted_text == "市级（所长） 5.5 天；县级 7 天"
    assert selectors.training_by_unit(list(lines.values()))[0] == {
        "unit": tree["office"], "people": 2, "ok": 1, "short": ["干事乙"]}
    # the year-end alert: from 1 November, not on 31 October
    assert engine.collect(tree["county"].path, D(2024, 10, 31), codes=["staff.training_short"]) == []
    alerts = engine.collect(tree["county"].path, D(2024, 11, 1), codes=["staff.training_short"])
    assert [a.subject for a in alerts] == ["干事乙（解放路街道司法所）"]
    assert "县级差 0.5 天" in alerts[0].message


def test_bad_training_and_assessment_refused(daqing):
    m = assistant(daqing["office_a"], "输入甲")
    for days, message in ((-1, "应大于0"), (400, "不合理"), (1.3, "半天")):
        with pytest.raises(ValidationError, match=message):
            services.record_training(actor=None, staff=m, kind="business", organizer="county", title="x",
                                     start_on=D(2024, 1, 1), days=days)
    with pytest.raises(ValidationError, match="考核等次“great”无效"):
        services.record_assessment(actor=None, staff=m, year=2023, scores=SCORES["competent"], grade="great")
    with pytest.raises(ValidationError) as info:
        services.record_assessment(actor=None, staff=m, year=2023, scores=SCORES["competent"], grade="excellent")
    assert info.value.message_dict["grade"] == ["总分 80 按政策 DQ-10.1 对应「称职」，与所填「优秀」不一致"]
    with pytest.raises(ValidationError, match="超出范围"):
        services.record_assessment(actor=None, staff=m, year=2023, scores={**SCORES["competent"], "virtue": 25})
    assess(m, 2023, "competent")
    with pytest.raises(ValidationError, match="已有2023年度考核"):
        assess(m, 2023, "excellent")
    assert TrainingRecord.objects.count() == 0 and Assessment.objects.count() == 1


def test_pre_job_and_assessment_alerts(daqing):
    m = assistant(daqing["office_a"], "岗前甲", joined=D(2024, 10, 15))
    path = daqing["county"].path
    subjects = lambda: [a.subject for a in engine.collect(path, D(2024, 11, 1), codes=["staff.pre_job_missing"])]  # noqa: E731
    assert "岗前甲（萨尔图街道司法所）" in subjects()
    services.record_training(actor=None, staff=m, kind="pre_job", organizer="county", title="岗前培训",
                             start_on=D(2024, 10, 8), days=3)
    assert "岗前甲（萨尔图街道司法所）" not in subjects()
    missing = engine.collect(path, D(2025, 1, 10), codes=["staff.assessment_missing"])
    assert "岗前甲（萨尔图街道司法所）" in [a.subject for a in missing]
    assert missing[0].message == "2024年度考核尚未登记" and missing[0].due == D(2025, 1, 31)


# --- exit and transfer -----------------------------------------------------------------------------------


def test_exit_leaves_the_count_but_keeps_the_record(tree):
    m = factories.staff_member(tree["office"], full_name="离岗甲", staff_type="judicial_assistant")
    with pytest.raises(ValidationError) as info:
        services.exit_member(actor=None, staff=m, kind="dismissal", on=D(2024, 5, 1))
    assert "解聘须写明理由" in info.value.message_dict["exit_reason"][0]
    services.exit_member(actor=None, staff=m, kind="dismissal", on=D(2024, 5, 1), reason="多次违反工作规定")
    counts = selectors.counts_by_unit_and_type(path_prefix=tree["county"].path)
    assert "judicial_assistant" not in counts.get(tree["office"].pk, {})
    assert StaffMember.objects.filter(pk=m.pk, exit_kind="dismissal").exists()


def test_transfer_keeps_history_and_checks_scope(tree, accounts):
    clerk = accounts["county_clerk"]
    m = factories.staff_member(tree["office"], full_name="调动甲")
    with pytest.raises(ValidationError) as info:
        services.transfer_member(actor=clerk, staff=m, to_unit=tree["other_office"], on=D(2024, 6, 1))
    assert info.value.message_dict["to_unit"] == ["调入单位代码 370103001 不存在，或不在您的管辖范围内"]
    services.transfer_member(actor=clerk, staff=m, to_unit=tree["office2"], on=D(2024, 6, 1))
    m.refresh_from_db()
    assert m.unit == tree["office2"]
    assert [(t.from_unit.name, t.to_unit.name) for t in m.transfers.all()] == [("解放路街道司法所", "千佛山街道司法所")]


# --- import and export -----------------------------------------------------------------------------------


def _upload(client, content: bytes):
    f = io.BytesIO(content)
    f.name = "roster.xlsx"
    return client.post("/staff/import/", {"file": f})


def test_roster_round_trip(tree, accounts):
    clerk = client_for(accounts["county_clerk"])
    a = factories.staff_member(tree["office"], full_name="往返甲", major="法学", position="director")
    factories.staff_member(tree["workstation"], full_name="往返乙", staff_type="part_time", birth_date=D(1980, 2, 2))
    before = list(StaffMember.objects.order_by("pk").values())
    exported = clerk.get("/staff/?export=roster").content
    assert SensitiveAccess.objects.filter(field="身份证号码（花名册导出）").count() == 2
    response = _upload(clerk, exported)
    assert response.status_code == 302
    after = list(StaffMember.objects.order_by("pk").values())
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("updated_at",)} for r in rows]  # noqa: E731
    assert strip(after) == strip(before)
    # a changed cell is applied, a new row is added
    wb = openpyxl.load_workbook(io.BytesIO(exported))
    ws = wb["花名册"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("姓名")].value == "往返甲":
            row[header.index("专业")].value = "社会工作"
    from sifasuo.core import idnumbers
    import random
    number = idnumbers.generate(random.Random(3), region_code="370102", birth_date=D(1996, 6, 6), sex="M")
    ws.append(["370102002", "新增丙", number, "司法协理员", "综合事务", "工作人员", "否", "大学本科", "法学", "否",
               "", D(2024, 10, 15), "四级"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _upload(clerk, buffer.getvalue()).status_code == 302
    a.refresh_from_db()
    assert a.major == "社会工作"
    assert StaffMember.objects.get(full_name="新增丙").assistant_level == 4


def test_roster_import_refuses_whole_file(tree, accounts):
    clerk = client_for(accounts["county_clerk"])
    wb = openpyxl.Workbook()
    ws = wb.active
    from sifasuo.staff.importers import COLUMNS
    ws.append([c.header for c in COLUMNS])
    from sifasuo.core import idnumbers
    import random
    good = idnumbers.generate(random.Random(1), region_code="370102", birth_date=D(1990, 1, 1), sex="F")
    ws.append(["370102001", "好人", good, "司法协理员", "", "", "", "", "", "", "", "2024-01-01", ""])
    ws.append(["370103001", "外县人", good[:-1] + "0", "司法协理员", "", "", "", "", "", "", "", "2024-02-30", "五级"])
    buffer = io.BytesIO()
    wb.save(buffer)
    page = _upload(clerk, buffer.getvalue()).content.decode()
    assert "第3行「到岗日期」：「2024-02-30」不是存在的日期" in page and "第3行「司法协理员层级」" in page
    ws.delete_rows(3)
    ws.append(["370103001", "外县人", good[:-1] + "0", "司法协理员", "", "", "", "", "", "", "", "2024-02-01", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    page = _upload(clerk, buffer.getvalue()).content.decode()
    assert "第3行「单位代码」：单位代码 370103001 不存在，或不在您的管辖范围内" in page
    assert "第3行「身份证号码」" in page
    assert not StaffMember.objects.filter(full_name="好人").exists()


# --- pages, API, roles -----------------------------------------------------------------------------------


def test_roster_list_queries_pinned(tree, accounts, django_assert_max_num_queries):
    for i in range(30):
        factories.staff_member(tree["office"], full_name=f"人员{i:02d}", birth_date=D(1980, 1, 1) + datetime.timedelta(days=i))
    client = client_for(accounts["county_clerk"])
    with django_assert_max_num_queries(8):
        page = client.get("/staff/?staff_type=full_time_auxiliary&ordering=-joined_on&serving=true")
    assert page.status_code == 200 and "人员29" in page.content.decode()


def test_office_staff_sees_masked_and_cannot_print_contract(tree, accounts):
    m = factories.staff_member(tree["office"], full_name="看号甲")
    c = Contract.objects.create(staff=m, start=D(2024, 1, 1), end=D(2026, 12, 31))
    staff_client = client_for(accounts["office_staff"])
    assert staff_client.get(f"/staff/contracts/{c.pk}/document.docx").status_code == 403
    clerk = client_for(accounts["county_clerk"])
    response = clerk.get(f"/staff/contracts/{c.pk}/document.docx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    import docx
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert m.id_number in text and "司法协理员聘用合同" in text
    assert SensitiveAccess.objects.filter(object_id=str(m.pk)).exists()
    roster = staff_client.get("/staff/?export=roster").content
    wb = openpyxl.load_workbook(io.BytesIO(roster))
    cells = [c for row in wb["花名册"].iter_rows(values_only=True) for c in row]
    assert m.id_number not in cells and mask(m.id_number) in cells


def test_pages_answer_and_forms_show_chinese_errors(daqing):
    clerk = client_for(daqing["people"]["county_clerk"])
    m = assistant(daqing["office_a"], "页面甲")
    for url in ("/staff/", f"/staff/{m.pk}/", "/staff/contracts/", "/staff/contracts/ending/", "/staff/levels/",
                "/staff/level-review/", "/staff/training/", "/staff/training/compliance/", "/staff/assessments/",
                "/staff/rewards/", "/staff/writings/", "/staff/transfers/", "/staff/pay/", "/staff/pay/benchmarks/",
                "/staff/import/", f"/staff/{m.pk}/record/training/"):
        assert clerk.get(url).status_code == 200, url
    page = clerk.post(f"/staff/{m.pk}/record/training/", {"kind": "business", "organizer": "county", "title": "培训",
                                                          "start_on": "2024-03-01", "days": "-2"})
    assert page.status_code == 400 and "培训天数应大于0" in page.content.decode()
    page = clerk.post(f"/staff/{m.pk}/record/exit/", {"exit_kind": "dismissal", "left_on": "2024-03-01"})
    assert "解聘须写明理由" in page.content.decode()
    assert clerk.post("/staff/level-review/", {"year": "2024", "county": "230602"}).status_code == 302


def test_api_creates_through_services_with_chinese_errors(daqing):
    clerk = client_for(daqing["people"]["county_clerk"])
    m = assistant(daqing["office_a"], "接口甲")
    r = clerk.post("/api/staff-trainings/", {"staff": m.pk, "kind": "pre_job", "organizer": "county",
                                             "title": "岗前培训", "start_on": "2024-10-08", "days": "3"})
    assert r.status_code == 201, r.content
    r = clerk.post("/api/staff-trainings/", {"staff": m.pk, "kind": "pre_job", "organizer": "county",
                                             "title": "岗前培训", "start_on": "2024-10-08", "days": "900"})
    assert r.status_code == 400 and "不合理" in r.json()["days"][0]
    r = clerk.post("/api/staff-assessments/", {"staff": m.pk, "year": 2023, **SCORES["excellent"]})
    assert r.status_code == 201 and r.json()["grade"] == "excellent" and r.json()["total"] == 91
    r = clerk.post("/api/staff-contracts/", {"staff": m.pk, "start": "2024-01-01", "end": "2023-01-01"})
    assert r.status_code == 400 and "不晚于开始日期" in r.json()["end"][0]
    r = clerk.post("/api/staff-pay-benchmarks/", {"unit": "230602", "monthly_amount": "3100", "effective_from": "2024-01-01"})
    assert r.status_code == 201
    r = clerk.post("/api/staff-level-proposals/review/", {"county": "230602", "year": 2024})
    assert r.status_code == 201
    other = client_for(daqing["people"]["other_clerk"])
    assert other.get("/api/staff-trainings/").json()["count"] == 0
    r = other.post("/api/staff-trainings/", {"staff": m.pk, "kind": "business", "organizer": "county",
                                             "title": "x", "start_on": "2024-10-08", "days": "1"})
    assert r.status_code == 400 and "不在您的管辖范围内" in r.json()["staff"][0]
    assert ChangeLogEntry.objects.filter(content_type__model="trainingrecord").count() == 1
