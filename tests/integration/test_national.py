"""The national roll-up (D63): a province sends its approved monthly aggregates; the national side checks,
keeps and shows them by province and city. Here both sides live in one test database (their tables are
distinct); tests/servers/test_two_installations.py runs them as two installations with two databases."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sifasuo.national import services
from sifasuo.national.models import (NationalFigure, NationalReceipt, NationalReport, NationalUnit,
                                     RollupSubmission)
from sifasuo.orgunits.choices import Level
from sifasuo.reporting.choices import ReportStatus
from sifasuo.reporting.models import AggregateValue
from tests.conftest import client_for
from tests.national_fixtures import MONTH, approve_city, with_figures


@pytest.fixture
def province(tree):
    return with_figures(tree)


@pytest.fixture
def key(db):
    return services.register_province(code="370000", name="山东省")[1]


def post(client, key, payload):
    return client.post("/api/national/submissions/", data=json.dumps(payload), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Province-Key {key}")


def test_a_month_is_sent_only_once_ended_and_approved(province):
    with pytest.raises(ValidationError) as refused:
        services.queue(province=province["province"], period=MONTH)
    assert f"{MONTH.year}年{MONTH.month}月济南市司法局的月报尚未审核通过" in refused.value.messages[0]
    approve_city(province, status=ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.queue(province=province["province"], period=MONTH)
    this_month = datetime.date.today().replace(day=1)
    with pytest.raises(ValidationError) as refused:
        services.queue(province=province["province"], period=this_month)
    assert "尚未结束，不能报送" in refused.value.messages[0]
    assert not RollupSubmission.objects.exists()


def test_payload_holds_units_and_figures_down_to_counties_and_no_person(province):
    approve_city(province)
    payload = services.build_payload(province["province"], MONTH)
    assert payload["province"] == "370000" and payload["period"] == f"{MONTH:%Y-%m}"
    assert {u["code"] for u in payload["units"]} == {"370000", "370100", "370102", "370103"}
    figures = {(c, e): v for c, e, v in payload["figures"]}
    assert figures[("370000", "mediation_closed")] == 60 and figures[("370102", "mediation_succeeded")] == 57
    assert not any(len(c) > 6 for c, _, _ in payload["figures"])          # no office, no workstation
    assert {r["unit"] for r in payload["reports"]} == {"370100", "370102"}
    text = json.dumps(payload, ensure_ascii=False)
    assert "解放路" not in text and "纠纷" not in text


def test_accepted_whole_and_the_same_month_again_changes_nothing(province, key, client):
    approve_city(province)
    payload = services.build_payload(province["province"], MONTH)
    first = post(client, key, payload)
    assert first.status_code == 200 and first.json()["status"] == "accepted"
    rows = sorted(NationalFigure.objects.values_list("unit_code", "level", "element", "value"))
    expected = sorted((u.code, u.level, e, v) for u, e, v in (
        (a.unit, a.element, a.value) for a in AggregateValue.objects.filter(period=MONTH, level__lte=Level.COUNTY)
        .select_related("unit")))
    assert rows == expected
    assert NationalReport.objects.count() == 2
    assert NationalUnit.objects.get(code="370102").name == "历下区司法局"
    again = post(client, key, payload)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert sorted(NationalFigure.objects.values_list("unit_code", "level", "element", "value")) == rows
    assert NationalReceipt.objects.get().times_received == 2
    # A corrected month replaces the old one whole.
    payload["figures"] = [f for f in payload["figures"] if f[0] != "370103"]
    assert post(client, key, payload).json()["status"] == "accepted"
    assert not NationalFigure.objects.filter(unit_code="370103").exists()


@pytest.mark.parametrize("change, reason", [
    (lambda p: p.update(province="110000"), "该密钥属于山东省（370000），不能报送省级代码「110000」的数据"),
    (lambda p: p["units"].append({"code": "110101", "name": "东城区司法局", "level": 3, "parent": "110100"}),
     "单位代码「110101」不属于山东省（370000）"),
    (lambda p: p["units"].append({"code": "370100", "name": "济南", "level": 3, "parent": ""}),
     "单位代码「370100」与层级「县级司法局」不符"),
    (lambda p: p["figures"].append(["370102", "bribes", 3]), "数据项「bribes」不在全国汇总目录中"),
    (lambda p: p["figures"].append(["370199", "mediation_closed", 3]), "单位代码「370199」不在本次报送的单位清单中"),
    (lambda p: p["figures"].append(["370102", "mediation_closed", -3]), "数值「-3」应为不小于 0 的数"),
    (lambda p: p.update(period=f"{timezone.localdate():%Y-%m}"), "尚未结束"),
    (lambda p: p.update(period="2026-13"), "月份「2026-13」格式应为 YYYY-MM"),
])
def test_refused_with_the_reason_and_nothing_kept(province, key, client, change, reason):
    approve_city(province)
    payload = services.build_payload(province["province"], MONTH)
    change(payload)
    answer = post(client, key, payload)
    assert answer.status_code == 400
    assert any(reason in e for e in answer.json()["errors"]), answer.json()
    assert answer.json()["detail"].startswith("拒收：")
    assert not NationalFigure.objects.exists() and not NationalReceipt.objects.exists()


def test_a_wrong_key_is_refused(province, key, client):
    payload = services.build_payload(province["province"], MONTH)
    wrong = post(client, "not-a-key", payload)
    assert wrong.status_code == 403 and "省级报送密钥无效" in wrong.json()["detail"]
    none = client.post("/api/national/submissions/", data=json.dumps(payload), content_type="application/json")
    assert none.status_code == 403
    assert not NationalFigure.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_sent_over_http_and_retried_until_acknowledged(province, key, live_server, settings):
    approve_city(province)
    settings.SIFASUO_NATIONAL_KEY = key
    settings.SIFASUO_NATIONAL_URL = "http://127.0.0.1:1"       # the national side is away
    now = timezone.now()
    services.queue(province=province["province"], period=MONTH, now=now)
    [first] = services.send_due(province=province["province"], now=now)
    assert first.status == "pending" and first.attempts == 1 and "无法连接全国汇总平台" in first.last_error
    assert first.next_attempt_at == now + services.RETRY_FIRST
    assert services.send_due(province=province["province"], now=now) == []     # not due yet
    settings.SIFASUO_NATIONAL_URL = live_server.url
    [second] = services.send_due(province=province["province"], now=now + services.RETRY_FIRST)
    assert second.status == "acknowledged" and second.attempts == 2 and second.answer["status"] == "accepted"
    assert NationalFigure.objects.filter(unit_code="370000", element="mediation_succeeded").get().value == 57
    # Refused by the national side: kept with its reason, not retried.
    settings.SIFASUO_NATIONAL_KEY = "revoked"
    services.queue(province=province["province"], period=MONTH)
    [third] = services.send_due(province=province["province"])
    assert third.status == "refused" and "省级报送密钥无效" in third.last_error and third.next_attempt_at is None


def test_national_dashboard_by_province_and_city(province, key, client, accounts):
    approve_city(province)
    services.accept(province=services.province_for_key(key),
                    payload=services.build_payload(province["province"], MONTH))
    admin = accounts["province_admin"]
    page = client_for(admin).get(f"/national/?year={MONTH.year}&month={MONTH.month}")
    body = page.content.decode()
    assert page.status_code == 200 and "山东省司法厅" in body and "95" in body    # 57 / 60 succeeded
    assert "?province=370000" in body and "济南市司法局" not in body
    city = client_for(admin).get(f"/national/?province=370000&year={MONTH.year}&month={MONTH.month}").content.decode()
    assert "济南市司法局" in city and "历下区司法局" not in city and "解放路" not in city
    assert client_for(accounts["county_admin"]).get("/national/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_task_queue_retries_a_month_until_the_national_side_acknowledges_it(live_server, settings):
    """Issue 19: a queued month is sent by the worker's task; while the national side is away the task puts
    itself back in the queue for the next attempt, and the attempt after the national side is back is
    acknowledged (nothing left in the queue)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tests import factories
    from tests.worker import run_worker

    tree = with_figures(factories.build_tree())
    approve_city(tree)
    key = services.register_province(code="370000", name="山东省")[1]
    settings.SIFASUO_NATIONAL_KEY = key
    settings.SIFASUO_NATIONAL_URL = "http://127.0.0.1:1"       # the national side is away

    def waiting():
        return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                                task_path="sifasuo.national.tasks.send_rollup"))

    services.queue(province=tree["province"], period=MONTH)
    assert len(waiting()) == 1                       # queued by the month itself, due at once
    run_worker()
    submission = RollupSubmission.objects.get(period=MONTH)
    assert (submission.status, submission.attempts) == ("pending", 1)
    assert "无法连接全国汇总平台" in submission.last_error
    retry = waiting()
    assert len(retry) == 1 and retry[0].run_after == submission.next_attempt_at
    assert submission.next_attempt_at - timezone.now() > datetime.timedelta(minutes=4)   # RETRY_FIRST later
    now = timezone.now()                             # the retry's time comes
    RollupSubmission.objects.filter(pk=submission.pk).update(next_attempt_at=now)
    DBTaskResult.objects.filter(pk=retry[0].pk).update(run_after=now)
    settings.SIFASUO_NATIONAL_URL = live_server.url  # and the national side is back
    run_worker()
    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == ("acknowledged", 2)
    assert NationalReceipt.objects.filter(period=MONTH).exists()
    assert waiting() == []
