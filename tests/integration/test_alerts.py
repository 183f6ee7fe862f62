"""The alert engine, the inbox page and the daily digest, with a rule over real contracts."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command

from sifasuo.alerts import engine
from sifasuo.alerts.engine import Alert, Rule
from sifasuo.staff.models import Contract
from tests.conftest import client_for
from tests.factories import FOREIGN_MARKER, staff_member

TODAY = datetime.date(2024, 9, 20)
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
def contracts(tree):
    def make(unit, name, end):
        member = staff_member(unit, full_name=name)
        return Contract.objects.create(staff=member, start=end - datetime.timedelta(days=3 * 365), end=end)

    return [
        make(tree["office"], "王逾期", TODAY - datetime.timedelta(days=3)),
        make(tree["office"], "李今日", TODAY),
        make(tree["workstation"], "赵将至", TODAY + datetime.timedelta(days=30)),
        make(tree["office"], "钱很远", TODAY + datetime.timedelta(days=200)),
        make(tree["other_office"], f"{FOREIGN_MARKER}孙逾期", TODAY - datetime.timedelta(days=5)),
    ]


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
    monkeypatch.setattr(engine, "app_modules", lambda name: iter(modules))
    with pytest.raises(ValueError, match="x.same 重复声明"):
        engine.rules()


def test_inbox_page_lists_the_scope_and_filters(tree, accounts, contracts, contract_rule):
    client = client_for(accounts["county_clerk"])
    page = client.get("/alerts/", {"on": TODAY.isoformat(), **ONLY}).content.decode()
    assert "王逾期" in page and "李今日" in page and "赵将至" in page
    assert FOREIGN_MARKER not in page
    assert "其中已逾期" in page
    overdue = client.get("/alerts/", {"on": TODAY.isoformat(), "state": "overdue", **ONLY}).content.decode()
    assert "王逾期" in overdue and "李今日" not in overdue
    workstation = client.get("/alerts/", {"on": TODAY.isoformat(), "within": tree["workstation"].code, **ONLY}).content.decode()
    assert "赵将至" in workstation and "王逾期" not in workstation


def test_inbox_refuses_units_outside_scope_and_bad_values(tree, accounts, contracts, contract_rule):
    client = client_for(accounts["county_clerk"])
    page = client.get("/alerts/", {"on": TODAY.isoformat(), "within": tree["other_county"].code}).content.decode()
    assert "不在您的管辖范围内" in page and FOREIGN_MARKER not in page and "王逾期" not in page
    page = client.get("/alerts/", {"on": "2024-02-30", "state": "late"}).content.decode()
    assert "日期“2024-02-30”无效" in page and "状态“late”无效" in page


def test_inbox_export_has_the_same_rows(tree, accounts, contracts, contract_rule):
    client = client_for(accounts["county_clerk"])
    response = client.get("/alerts/", {"on": TODAY.isoformat(), "export": "xlsx", **ONLY})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith(f"待办提醒（{TODAY.isoformat()}）\u3000历下区司法局\u3000筛选：")
    assert rows[1][:5] == ("状态", "期限", "逾期天数", "单位", "事项")
    assert [r[4] for r in rows[2:]] == ["王逾期", "李今日", "赵将至"]
    assert rows[2][0] == "已逾期" and rows[2][2] == 3


def test_rule_page_lists_the_rules_a_role_sees(accounts, contract_rule):
    page = client_for(accounts["county_clerk"]).get("/alerts/rules/").content.decode()
    assert "测试：合同到期" in page and "测试依据" in page


def test_digest_sends_one_message_per_account_with_email(tree, accounts, contracts, contract_rule):
    clerk = accounts["county_clerk"]
    clerk.email = "clerk@example.cn"
    clerk.save()
    out = io.StringIO()
    call_command("alerts_digest", "--date", TODAY.isoformat(), stdout=out)
    to_clerk = [m for m in mail.outbox if m.to == ["clerk@example.cn"]]
    assert len(to_clerk) == 1
    message = to_clerk[0]
    # Overdue and due today, plus what falls due within 7 days (赵将至 is 30 days away).
    assert "【待办提醒】历下区司法局：逾期" in message.subject
    assert "王逾期" in message.body and "已逾期 3 天" in message.body and "李今日" in message.body
    assert "赵将至" not in message.body and FOREIGN_MARKER not in message.body
    assert "没有邮箱" in out.getvalue()
    # The other county's admin gets their own county's item only.
    other = accounts["other_county_admin"]
    other.email = "other@example.cn"
    other.save()
    mail.outbox.clear()
    call_command("alerts_digest", "--date", TODAY.isoformat(), "--unit", tree["other_county"].code, stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["other@example.cn"]]
    assert "孙逾期" in mail.outbox[0].body and "王逾期" not in mail.outbox[0].body


def test_digest_dry_run_sends_nothing_and_bad_arguments_are_refused(tree, accounts, contracts, contract_rule):
    from django.core.management.base import CommandError

    accounts["county_clerk"].email = "clerk@example.cn"
    accounts["county_clerk"].save()
    out = io.StringIO()
    call_command("alerts_digest", "--date", TODAY.isoformat(), "--dry-run", stdout=out)
    assert mail.outbox == [] and "应发送" in out.getvalue()
    with pytest.raises(CommandError, match="日期“2024-13-01”无效"):
        call_command("alerts_digest", "--date", "2024-13-01")
    with pytest.raises(CommandError, match="单位代码“999999”不存在"):
        call_command("alerts_digest", "--unit", "999999")
