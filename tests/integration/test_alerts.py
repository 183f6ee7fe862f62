"""The alert engine and its stored items (D49, D50): rules computed by the engine, stored and refreshed, worked
through (办结, 暂缓, 指派) with permissions, scope and one winner when two act at once; the historical list
before a county's 启用日期; the inbox, home page, dashboard summary and digest reading the table."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sifasuo.alerts import engine, services
from sifasuo.alerts.engine import Alert, Rule
from sifasuo.alerts.models import AlertItem, Status
from sifasuo.core import registry
from sifasuo.core.models import ChangeLogEntry
from sifasuo.staff.models import Contract
from tests.conftest import client_for
from tests.factories import FOREIGN_MARKER, staff_member

TODAY = timezone.localdate()   # the application's today (Asia/Shanghai)
DAY = datetime.timedelta(days=1)
ONLY = {"rule": "test.contract_end"}  # other modules' rules may have items in the same tree


def _contracts_ending(path: str, today: datetime.date):
    rows = (Contract.objects.filter(staff__unit__path__under=path, end__lte=today + datetime.timedelta(days=60))
            .select_related("staff__unit"))
    return [Alert(rule="test.contract_end", unit_id=c.staff.unit_id, unit_path=c.staff.unit.path,
                  subject=c.staff.full_name, message="合同即将到期", due=c.end, url=f"/staff/{c.staff_id}/",
                  record=f"staff.contract:{c.pk}") for c in rows]


@pytest.fixture
def contract_rule():
    rule = Rule(code="test.contract_end", title="测试：合同到期", basis="测试依据", module="测试",
                capability="staff.view", collect=_contracts_ending)
    registry = engine.rules()
    registry[rule.code] = rule
    yield rule
    del registry[rule.code]


@pytest.fixture
def managed(tree):
    """Both counties managed in the system since a year ago (so last week's deadlines are alerts)."""
    for county in (tree["county"], tree["other_county"]):
        county.managed_from = TODAY - 365 * DAY
        county.save()
    return tree


@pytest.fixture
def contracts(managed):
    tree = managed

    def make(unit, name, end):
        member = staff_member(unit, full_name=name)
        return Contract.objects.create(staff=member, start=end - datetime.timedelta(days=3 * 365), end=end)

    return [
        make(tree["office"], "王逾期", TODAY - 3 * DAY),
        make(tree["office"], "李今日", TODAY),
        make(tree["workstation"], "赵将至", TODAY + 30 * DAY),
        make(tree["office"], "钱很远", TODAY + 200 * DAY),
        make(tree["other_office"], f"{FOREIGN_MARKER}孙逾期", TODAY - 5 * DAY),
    ]


def stored(contract_rule) -> dict[str, AlertItem]:
    services.refresh(codes=[contract_rule.code], today=TODAY)
    return {i.subject: i for i in AlertItem.objects.filter(rule=contract_rule.code)}


# --- the engine (computing) ---------------------------------------------------------------------------------

def test_engine_states_and_scope(tree, contracts, contract_rule):
    alerts = engine.collect(tree["county"].path, TODAY, codes=["test.contract_end"])
    assert [(a.subject, a.state(TODAY)) for a in alerts] == [
        ("王逾期", "overdue"), ("李今日", "due"), ("赵将至", "upcoming")]
    assert alerts[0].days_overdue(TODAY) == 3
    assert [a.subject for a in engine.collect(tree["workstation"].path, TODAY, codes=["test.contract_end"])] == ["赵将至"]


def test_alerts_for_follows_the_rule_capability(tree, accounts, contracts, contract_rule):
    assert len(engine.alerts_for(accounts["county_clerk"], TODAY, codes=["test.contract_end"])) == 3
    # HR reviewers may not see the staff roster, so not its alerts either.
    assert engine.alerts_for(accounts["hr_reviewer"], TODAY) == []
    assert engine.alerts_for(accounts["applicant"], TODAY) == []


def test_duplicate_rule_codes_are_refused(monkeypatch):
    import types

    rule = Rule(code="x.same", title="甲", basis="", module="测试", capability="alerts.view",
                collect=lambda path, today: [])
    modules = [types.SimpleNamespace(__name__="a.alert_rules", RULES=[rule]),
               types.SimpleNamespace(__name__="b.alert_rules", RULES=[rule])]
    monkeypatch.setattr(engine, "_RULES", None)
    # the one collector of what apps declare (core.registry.declared: alert rules, data elements, nightly jobs)
    monkeypatch.setattr(registry, "app_modules", lambda name: iter(modules))
    with pytest.raises(ValueError, match=r"提醒规则 x\.same 重复声明（b\.alert_rules）"):
        engine.rules()
    modules[1] = types.SimpleNamespace(__name__="b.alert_rules")   # a module without RULES declares none
    monkeypatch.setattr(engine, "_RULES", None)
    assert engine.rules() == {"x.same": rule}


# --- stored items -------------------------------------------------------------------------------------------

def test_refresh_stores_one_item_per_rule_record_and_due_and_closes_what_ended(tree, contracts, contract_rule):
    items = stored(contract_rule)
    assert set(items) == {"王逾期", "李今日", "赵将至", f"{FOREIGN_MARKER}孙逾期"}
    assert all(i.status == Status.OPEN and not i.legacy for i in items.values())
    assert items["王逾期"].basis == "测试依据" and items["王逾期"].unit == tree["office"]
    # A second run changes nothing.
    again = services.refresh(codes=[contract_rule.code], today=TODAY)
    assert (again.created, again.updated, again.closed) == (0, 0, 0)
    # The contract is extended: its deadline moves, the old item closes itself and a new one opens.
    contract = contracts[1]
    contract.end = TODAY + 10 * DAY
    contract.save()
    result = services.refresh(codes=[contract_rule.code], today=TODAY)
    assert (result.created, result.closed) == (1, 1)
    old = AlertItem.objects.get(rule=contract_rule.code, record=f"staff.contract:{contract.pk}", due=TODAY)
    assert old.status == Status.RESOLVED and old.closed_at is not None and "系统自动关闭" in old.note
    entry = ChangeLogEntry.objects.filter(content_type__model="alertitem", object_id=str(old.pk)).latest("id")
    assert entry.before["status"] == "open" and entry.after["status"] == "resolved"
    assert AlertItem.objects.get(record=f"staff.contract:{contract.pk}", due=TODAY + 10 * DAY).status == Status.OPEN


def test_inbox_reads_the_table_in_scope_with_filters(tree, accounts, contracts, contract_rule):
    stored(contract_rule)
    client = client_for(accounts["county_clerk"])
    page = client.get("/alerts/", ONLY).content.decode()
    assert "王逾期" in page and "李今日" in page and "赵将至" in page
    assert FOREIGN_MARKER not in page and "其中已逾期" in page
    overdue = client.get("/alerts/", {"state": "overdue", **ONLY}).content.decode()
    assert "王逾期" in overdue and "李今日" not in overdue
    workstation = client.get("/alerts/", {"within": tree["workstation"].code, **ONLY}).content.decode()
    assert "赵将至" in workstation and "王逾期" not in workstation
    page = client.get("/alerts/", {"within": tree["other_county"].code}).content.decode()
    assert "不在您的管辖范围内" in page and FOREIGN_MARKER not in page and "王逾期" not in page
    page = client.get("/alerts/", {"state": "late", "show": "x"}).content.decode()
    assert "状态“late”无效" in page and "范围“x”无效" in page


def test_inbox_notes_the_years_its_deadlines_span_that_the_calendar_lacks(tree, accounts, contracts, contract_rule):
    """Main's working-day calendar (D33) with the stored items: the note names the years from today to the
    deadlines listed whose holidays are not entered (counted Monday–Friday), and is absent when all are."""
    from sifasuo.core import workdays

    items = stored(contract_rule)
    client = client_for(accounts["county_clerk"])

    def note(**query) -> str:
        page = client.get("/alerts/", {**ONLY, **query}).content.decode()
        if 'data-testid="calendar-note"' not in page:
            return ""
        return page.split('data-testid="calendar-note">', 1)[1].split("（<a", 1)[0]

    def expected(*days) -> str:
        text = workdays.estimate_note(TODAY, *days)
        return f"按工作日计算的期限：{text}" if text else ""

    assert note(state="overdue") == expected(TODAY - 3 * DAY)
    assert note() == expected(TODAY - 3 * DAY, TODAY + 30 * DAY)
    far = TODAY.replace(year=TODAY.year + 5, day=1)
    moved = AlertItem.objects.get(pk=items["赵将至"].pk)
    moved.due = far
    moved.save()                                  # a change: the cached body is replaced
    assert f"{far.year}年" in note() and note() == expected(TODAY - 3 * DAY, far)


def test_inbox_export_has_the_same_rows(tree, accounts, contracts, contract_rule):
    stored(contract_rule)
    response = client_for(accounts["county_clerk"]).get("/alerts/", {"export": "xlsx", **ONLY})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("待办提醒\u3000历下区司法局\u3000筛选：规则 测试：合同到期")
    assert rows[1][:5] == ("状态", "期限", "逾期天数", "单位", "事项")
    assert [r[4] for r in rows[2:]] == ["王逾期", "李今日", "赵将至"]
    assert rows[2][0] == "已逾期" and rows[2][2] == 3


def test_rule_page_lists_the_rules_a_role_sees(accounts, contract_rule):
    page = client_for(accounts["county_clerk"]).get("/alerts/rules/").content.decode()
    assert "测试：合同到期" in page and "测试依据" in page


# --- actions ------------------------------------------------------------------------------------------------

def act(client, item, action, **data):
    return client.post(f"/alerts/{item.pk}/", {"action": action, "version": item.version, **data})


def table(client, **params) -> str:
    """The rows of the inbox table (not the page's messages, which name the item acted on)."""
    page = client.get("/alerts/", params).content.decode()
    return page[page.index('data-testid="object-table"'):]


def test_done_needs_a_note_is_logged_and_can_be_undone(tree, accounts, contracts, contract_rule):
    item = stored(contract_rule)["王逾期"]
    clerk = client_for(accounts["county_clerk"])
    response = act(clerk, item, "done", note="")
    assert response.status_code == 400 and "请填写办结说明" in response.content.decode()
    response = act(clerk, item, "done", note="已电话通知续签")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.note, item.acted_by) == (Status.DONE, "已电话通知续签", accounts["county_clerk"])
    assert "王逾期" not in table(clerk, **ONLY)
    assert "王逾期" in table(clerk, show="closed", **ONLY)
    entry = ChangeLogEntry.objects.filter(content_type__model="alertitem", object_id=str(item.pk)).latest("id")
    assert (entry.username, entry.before["status"], entry.after["status"]) == ("x_clerk", "open", "done")
    # The rule still finds the contract: a done item stays done through the refresh.
    services.refresh(codes=[contract_rule.code], today=TODAY)
    item.refresh_from_db()
    assert item.status == Status.DONE
    assert act(clerk, item, "reopen").status_code == 302
    item.refresh_from_db()
    assert item.status == Status.OPEN and item.note == ""
    assert "王逾期" in table(clerk, **ONLY)


def test_an_items_page_lists_its_latest_history_first_in_the_same_queries(tree, accounts, contracts, contract_rule,
                                                                          django_assert_max_num_queries):
    """The item's page reads its history through core.selectors.record_history (the log's order: the latest
    first), in as many queries for eight entries as for none (issue 17)."""
    item = stored(contract_rule)["王逾期"]
    clerk = client_for(accounts["county_clerk"])
    url = f"/alerts/{item.pk}/"
    clerk.get(url)   # warm caches (content types, session)
    with django_assert_max_num_queries(5):
        assert list(clerk.get(url).context["history"]) == []
    for n in range(4):
        item.refresh_from_db()
        assert act(clerk, item, "done", note=f"第{n}次办结").status_code == 302
        item.refresh_from_db()
        assert act(clerk, item, "reopen").status_code == 302
    with django_assert_max_num_queries(5):   # session, user, the item, colleagues to assign, its history
        history = list(clerk.get(url).context["history"])
    assert [e.after["status"] for e in history] == ["open", "done"] * 4
    assert [e.after["note"] for e in history if e.after["status"] == "done"] == [f"第{n}次办结" for n in (3, 2, 1, 0)]


def test_snooze_until_a_later_day_with_a_reason(tree, accounts, contracts, contract_rule):
    item = stored(contract_rule)["王逾期"]
    director = client_for(accounts["office_director"])
    page = act(director, item, "snooze", snoozed_until=TODAY.isoformat(), note="等待续签材料").content.decode()
    assert f"暂缓日期 {TODAY:%Y-%m-%d} 应晚于今天" in page
    page = act(director, item, "snooze", snoozed_until=(TODAY + 7 * DAY).isoformat(), note="").content.decode()
    assert "请填写暂缓理由" in page
    assert act(director, item, "snooze", snoozed_until=(TODAY + 7 * DAY).isoformat(),
               note="等待续签材料").status_code == 302
    item.refresh_from_db()
    assert (item.status, item.snoozed_until) == (Status.SNOOZED, TODAY + 7 * DAY)
    assert "王逾期" not in table(director, **ONLY)
    assert "王逾期" in table(director, show="snoozed", **ONLY)
    # On that day the item is back (the nightly refresh ends the snooze, in the change log).
    services.refresh(codes=[contract_rule.code], today=TODAY + 7 * DAY)
    item.refresh_from_db()
    assert item.status == Status.OPEN and item.note == "暂缓期满，重新提醒"


def test_assign_to_a_colleague_of_the_unit_only(tree, accounts, contracts, contract_rule):
    item = stored(contract_rule)["王逾期"]
    clerk = client_for(accounts["county_clerk"])
    page = clerk.get(f"/alerts/{item.pk}/").content.decode()
    assert "o_dir" in page or accounts["office_director"].display_name in page
    page = act(clerk, item, "assign", assigned_to=accounts["other_county_admin"].pk).content.decode()
    assert "只能指派给本单位或事项所在单位" in page
    # HR reviewers cannot see staff alerts: they are not colleagues for this item either.
    page = act(clerk, item, "assign", assigned_to=accounts["hr_reviewer"].pk).content.decode()
    assert "只能指派给本单位或事项所在单位" in page
    assert act(clerk, item, "assign", assigned_to=accounts["office_director"].pk).status_code == 302
    item.refresh_from_db()
    assert item.assigned_to == accounts["office_director"] and item.status == Status.OPEN
    director = client_for(accounts["office_director"])
    mine = table(director, mine="1")
    assert "王逾期" in mine and "李今日" not in mine
    assert "指派给我 1 项" in director.get("/").content.decode()
    assert act(clerk, item, "assign", assigned_to="").status_code == 302
    item.refresh_from_db()
    assert item.assigned_to is None


def test_actions_need_the_capability_and_the_scope(tree, accounts, contracts, contract_rule):
    items = stored(contract_rule)
    item, foreign = items["王逾期"], items[f"{FOREIGN_MARKER}孙逾期"]
    # A leader reads but does not act.
    leader = client_for(accounts["leader"])
    assert leader.get(f"/alerts/{item.pk}/").status_code == 200
    assert act(leader, item, "done", note="x").status_code == 403
    # Another county's item does not exist for this county, to read or to act on.
    clerk = client_for(accounts["county_clerk"])
    assert clerk.get(f"/alerts/{foreign.pk}/").status_code == 404
    assert act(clerk, foreign, "done", note="x").status_code == 404
    # Office staff act on their office's items, not on the workstation's sibling offices' or the county's.
    assert act(client_for(accounts["workstation_staff"]), item, "done", note="x").status_code == 404
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_two_people_acting_at_once_one_wins_the_other_is_told(tree, accounts, contracts, contract_rule):
    item = stored(contract_rule)["王逾期"]
    clerk, director = client_for(accounts["county_clerk"]), client_for(accounts["office_director"])
    seen = item.version          # both opened the page and saw this version
    assert act(clerk, item, "done", note="已办").status_code == 302
    response = director.post(f"/alerts/{item.pk}/", {"action": "snooze", "version": seen, "note": "等材料",
                                                     "snoozed_until": (TODAY + 3 * DAY).isoformat()})
    assert response.status_code == 400
    assert "该事项已被x_clerk" in response.content.decode() or "已被" in response.content.decode()
    assert "请刷新页面后再操作" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DONE and item.note == "已办"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_actions_on_postgresql_leave_one_winner(tree, accounts, contracts, contract_rule):
    """Two requests at the same moment, each in its own connection: the row lock lets one through and the
    other sees the new version. (SQLite serialises writers anyway; its in-memory test database shared between
    threads cannot hold two writers, so this runs on PostgreSQL.)"""
    import threading

    from django.db import connection, connections
    from django.core.exceptions import ValidationError

    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections (PostgreSQL)")
    item = stored(contract_rule)["王逾期"]
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def attempt(user, note):
        try:
            barrier.wait()
            services.complete(actor=user, item_id=item.pk, version=item.version, note=note)
            outcome.append("won")
        except ValidationError as exc:
            outcome.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(accounts[name], name))
               for name in ("county_clerk", "office_director")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o == "won" for o in outcome) == [False, True], outcome
    assert any("请刷新页面后再操作" in o for o in outcome)


def _partition_of(item: AlertItem) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM alerts_alertitem WHERE id = %s", [item.pk])
        return cursor.fetchone()[0]


def test_items_are_partitioned_by_their_deadlines_year_on_postgresql(tree, accounts, contracts, contract_rule):
    """Issue 19 (D64) for the alert items: yearly partitions of `due` on PostgreSQL; refreshes and actions work
    on them as before; a year with no partition yet waits in the default one until `partitions ensure`; old
    years are never archived (an open item would be found again)."""
    from django.db import connection

    from sifasuo.core import partitions

    if connection.vendor != "postgresql":
        pytest.skip("partitions are PostgreSQL only")
    with connection.cursor() as cursor:
        assert partitions.is_partitioned(cursor, "alerts_alertitem")
    long_ago = TODAY - 400 * DAY         # before the partitions the migration made (this year on)
    member = staff_member(tree["office"], full_name="周很早")
    Contract.objects.create(staff=member, start=long_ago - 3 * 365 * DAY, end=long_ago)
    items = stored(contract_rule)
    overdue = items["王逾期"]
    assert _partition_of(overdue) == f"alerts_alertitem_y{overdue.due.year}"
    assert _partition_of(items["周很早"]) == "alerts_alertitem_default"
    assert f"alerts_alertitem_y{long_ago.year}" in partitions.ensure(connection)
    assert _partition_of(items["周很早"]) == f"alerts_alertitem_y{long_ago.year}"
    # Worked through as before: an action locks the row in its partition; a refresh closes what ended.
    response = client_for(accounts["county_clerk"]).post(
        f"/alerts/{overdue.pk}/", {"action": "done", "version": overdue.version, "note": "已续签"})
    assert response.status_code == 302
    Contract.objects.filter(staff__full_name="李今日").delete()
    services.refresh(codes=[contract_rule.code], today=TODAY)
    assert AlertItem.objects.get(pk=overdue.pk).status == Status.DONE
    assert AlertItem.objects.get(pk=items["李今日"].pk).status == Status.RESOLVED
    assert not any("alerts_alertitem" in name for name in partitions.archive(connection, before=TODAY.year))
    assert AlertItem.objects.filter(pk=items["周很早"].pk).exists()


# --- 启用日期 and the historical list -----------------------------------------------------------------------

def test_items_before_the_counties_start_date_are_not_in_the_inbox(tree, accounts, contracts, contract_rule):
    services.set_managed_from(actor=accounts["county_admin"], county=tree["county"], day=TODAY - DAY)
    items = stored(contract_rule)
    assert items["王逾期"].legacy and not items["李今日"].legacy
    clerk = client_for(accounts["county_clerk"])
    inbox = clerk.get("/alerts/", ONLY).content.decode()
    assert "王逾期" not in inbox and "李今日" in inbox
    legacy = clerk.get("/alerts/legacy/").content.decode()
    assert "王逾期" in legacy and "李今日" not in legacy and FOREIGN_MARKER not in legacy
    assert "历史遗留 1 项" in clerk.get("/").content.decode()
    # Moving the date earlier brings the item back to the inbox at once.
    services.set_managed_from(actor=accounts["county_admin"], county=tree["county"], day=TODAY - 30 * DAY)
    assert "王逾期" in clerk.get("/alerts/", ONLY).content.decode()


def test_default_start_date_is_the_day_the_county_was_loaded(tree, accounts, contract_rule):
    # The test tree was loaded today: yesterday's deadline is historical, today's is an alert.
    member = staff_member(tree["office"], full_name="周昨日")
    Contract.objects.create(staff=member, start=TODAY - 900 * DAY, end=TODAY - DAY)
    member = staff_member(tree["office"], full_name="吴今日")
    Contract.objects.create(staff=member, start=TODAY - 900 * DAY, end=TODAY)
    items = stored(contract_rule)
    assert items["周昨日"].legacy and not items["吴今日"].legacy


def test_the_county_clears_its_historical_items_in_bulk_with_a_reason(tree, accounts, contracts, contract_rule):
    services.set_managed_from(actor=accounts["county_admin"], county=tree["county"], day=TODAY + DAY)
    items = stored(contract_rule)
    clerk = client_for(accounts["county_clerk"])
    page = clerk.get("/alerts/legacy/").content.decode()
    assert "共 2 项" in page and "批量清理上述 2 项" in page    # 王逾期, 李今日 (赵将至 is later)
    response = clerk.post("/alerts/legacy/", {"expected": 2, "outcome": "dismissed", "note": ""})
    assert response.status_code == 400 and "请填写清理理由" in response.content.decode()
    response = clerk.post("/alerts/legacy/", {"expected": 5, "outcome": "dismissed", "note": "系统启用前已处理"})
    assert response.status_code == 400 and "列表已变化" in response.content.decode()
    # An office cannot clear the county's list.
    office = client_for(accounts["office_staff"])
    assert office.post("/alerts/legacy/", {"expected": 2, "outcome": "done", "note": "x"}).status_code == 403
    response = clerk.post("/alerts/legacy/", {"expected": 2, "outcome": "dismissed", "note": "系统启用前已处理"})
    assert response.status_code == 302
    for name in ("王逾期", "李今日"):
        item = AlertItem.objects.get(pk=items[name].pk)
        assert item.status == Status.DISMISSED and item.note == "历史遗留清理：系统启用前已处理"
        assert ChangeLogEntry.objects.filter(content_type__model="alertitem", object_id=str(item.pk),
                                             after__status="dismissed").exists()
    assert AlertItem.objects.get(pk=items["赵将至"].pk).status == Status.OPEN
    assert AlertItem.objects.get(pk=items[f"{FOREIGN_MARKER}孙逾期"].pk).status == Status.OPEN
    assert "共 0 项" in clerk.get("/alerts/legacy/").content.decode()


def test_only_administrators_set_the_start_date_of_a_county_in_scope(tree, accounts, managed):
    clerk = client_for(accounts["county_clerk"])
    day = (TODAY - 10 * DAY).isoformat()
    assert clerk.post("/alerts/legacy/", {"action": "managed_from", "county": "370102",
                                          "managed_from": day}).status_code == 403
    admin = client_for(accounts["county_admin"])
    response = admin.post("/alerts/legacy/", {"action": "managed_from", "county": "370103", "managed_from": day})
    assert response.status_code == 400 and "请选择管辖范围内的县（区）" in response.content.decode()
    assert admin.post("/alerts/legacy/", {"action": "managed_from", "county": "370102",
                                          "managed_from": day}).status_code == 302
    tree["county"].refresh_from_db()
    assert tree["county"].managed_from == TODAY - 10 * DAY
    assert ChangeLogEntry.objects.filter(content_type__model="orgunit", object_id=str(tree["county"].pk),
                                         after__managed_from=day).exists()


# --- every reader reads the table ---------------------------------------------------------------------------

def test_home_page_and_dashboard_summary_read_the_stored_items(tree, accounts, contracts, contract_rule):
    stored(contract_rule)
    clerk = client_for(accounts["county_clerk"])
    home = clerk.get("/").content.decode()
    assert 'data-testid="home-alerts"' in home and "待处理 <strong>3</strong> 项" in home and "已逾期" in home
    fragment = clerk.get("/indicators/alerts/", {"unit": tree["county"].code}).content.decode()
    assert "共 1 项已逾期" in fragment and "测试 · 测试：合同到期：1" in fragment
    client_for(accounts["county_clerk"]).post(
        f"/alerts/{AlertItem.objects.get(subject='王逾期').pk}/", {"action": "done", "version": 0, "note": "已办"})
    fragment = clerk.get("/indicators/alerts/", {"unit": tree["county"].code}).content.decode()
    assert "没有逾期事项" in fragment
    assert "待处理 <strong>2</strong> 项" in clerk.get("/").content.decode()


def test_the_workbench_shows_the_stored_items_with_their_actions(tree, accounts, contracts, contract_rule):
    items = stored(contract_rule)
    clerk = accounts["county_clerk"]
    # what the table says is shown, not what the rule would compute now
    AlertItem.objects.filter(pk=items["王逾期"].pk).update(subject="王逾期（已登记）")
    services.assign(actor=clerk, item_id=items["李今日"].pk, version=0, assignee_id=clerk.pk)
    home = client_for(clerk).get("/").content.decode()
    panel = home[home.index('data-testid="wb-alerts"'):]
    panel = panel[:panel.index("</section>")]
    assert "王逾期（已登记）" in panel and "李今日" in panel
    assert "待处理 <strong>3</strong> 项" in panel and "指派给我 1 项" in panel
    assert "赵将至" not in panel                              # due in a month: counted, not listed this week
    assert FOREIGN_MARKER not in panel
    # each item opens its record (办理) and its page, where it is completed, snoozed or assigned
    assert f'href="/alerts/{items["王逾期"].pk}/"' in panel and "办结/暂缓/指派" in panel
    assert 'href="/staff/' in panel
    services.complete(actor=clerk, item_id=items["王逾期"].pk, version=0, note="已续签")
    panel = client_for(clerk).get("/").content.decode()
    assert "王逾期" not in panel[panel.index('data-testid="wb-alerts"'):]
    leader = client_for(accounts["leader"]).get("/").content.decode()
    assert "李今日" in leader and "办结/暂缓/指派" not in leader        # a leader reads, does not act


def test_the_workbench_sorts_the_scopes_items_once_per_change(tree, accounts, contracts, contract_rule):
    """A province's workbench sorted its 160,000 open items by deadline on every visit to take the first 50
    (0.4 s on the province dataset). Which items head the list is now kept until an item changes anywhere."""
    items = stored(contract_rule)
    admin = accounts["province_admin"]
    client = client_for(admin)

    def sorting_reads() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/").content.decode()
        panel = page[page.index('data-testid="wb-alerts"'):]
        return panel[:panel.index("</section>")], [q["sql"] for q in captured.captured_queries
                      if "alerts_alertitem" in q["sql"] and "LIMIT 50" in q["sql"]]

    page, reads = sorting_reads()
    assert reads and "王逾期" in page
    page, reads = sorting_reads()
    assert reads == [] and "王逾期" in page and "李今日" in page
    services.complete(actor=admin, item_id=items["李今日"].pk, version=0, note="已办")
    page, reads = sorting_reads()
    assert reads and "李今日" not in page


def test_each_alert_names_its_real_basis(tree, accounts, managed):
    from sifasuo.reporting.services import ensure_templates

    ensure_templates()
    services.refresh(codes=["reporting.report_missing"], today=TODAY)
    annual = AlertItem.objects.filter(rule="reporting.report_missing", subject__contains="安置帮教工作年报表").first()
    assert annual is not None
    assert "每年结束后次年1月15日前报送" in annual.basis and "次月3日" not in annual.basis
    monthly = AlertItem.objects.filter(rule="reporting.report_missing", subject__contains="司法所工作月报表").first()
    assert monthly.basis == "报表模板「司法所工作月报表」：每月结束后次月3日前报送（HZ-3、HZ-6）"


def test_digest_reads_the_stored_items(tree, accounts, contracts, contract_rule):
    stored(contract_rule)
    clerk = accounts["county_clerk"]
    clerk.email = "clerk@example.cn"
    clerk.save()
    AlertItem.objects.filter(subject="李今日").update(status=Status.DONE)   # done: not in the digest
    out = io.StringIO()
    call_command("alerts_digest", stdout=out)
    to_clerk = [m for m in mail.outbox if m.to == ["clerk@example.cn"]]
    assert len(to_clerk) == 1
    message = to_clerk[0]
    assert "【待办提醒】历下区司法局：逾期" in message.subject
    assert "王逾期" in message.body and "已逾期 3 天" in message.body and "李今日" not in message.body
    assert "赵将至" not in message.body and FOREIGN_MARKER not in message.body   # 30 days away: not yet
    assert "没有邮箱" in out.getvalue()
    other = accounts["other_county_admin"]
    other.email = "other@example.cn"
    other.save()
    mail.outbox.clear()
    call_command("alerts_digest", "--unit", tree["other_county"].code, stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["other@example.cn"]]
    assert "孙逾期" in mail.outbox[0].body and "王逾期" not in mail.outbox[0].body


def test_digest_dry_run_sends_nothing_and_bad_arguments_are_refused(tree, accounts, contracts, contract_rule):
    from django.core.management.base import CommandError

    stored(contract_rule)
    accounts["county_clerk"].email = "clerk@example.cn"
    accounts["county_clerk"].save()
    out = io.StringIO()
    call_command("alerts_digest", "--dry-run", stdout=out)
    assert mail.outbox == [] and "应发送" in out.getvalue()
    with pytest.raises(CommandError, match="日期“2024-13-01”无效"):
        call_command("alerts_digest", "--date", "2024-13-01")
    with pytest.raises(CommandError, match="单位代码“999999”不存在"):
        call_command("alerts_digest", "--unit", "999999")
