"""Workflows through their states, refused transitions, bad input, pages, import, API and logged reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.core.models import SensitiveAccess
from sifasuo.correction import services
from sifasuo.correction.models import CorrectionSubject
from sifasuo.resettlement.models import ReleasedPerson
from tests.conftest import client_for
from tests.scope_builders.correction import id_for, subject
from tests.scope_builders.resettlement import person
from tests.spreadsheets import xlsx_upload

D = datetime.date


def test_subject_from_intake_to_resettlement(tree, accounts):
    clerk = accounts["county_clerk"]
    s = subject(tree["workstation"], "F-1", reported_on=None, effective_on=D(2024, 3, 1))
    assert s.status == "pending_report" and s.report_due_on == D(2024, 3, 11)
    with pytest.raises(ValidationError, match="待报到"):
        services.declare(actor=clerk, subject=s, declared_on=D(2024, 3, 2))      # refused: not reported yet
    services.record_report(actor=clerk, subject=s, reported_on=D(2024, 3, 12))
    assert s.status == "supervised" and s.missed_registration                    # one day late: 漏管 kept for stats
    services.declare(actor=clerk, subject=s, declared_on=D(2024, 3, 12))
    with pytest.raises(ValidationError, match="不能重复宣告"):
        services.declare(actor=clerk, subject=s, declared_on=D(2024, 3, 13))
    services.set_plan(actor=clerk, subject=s, plan="每月教育学习8小时", plan_on=D(2024, 3, 15))
    with pytest.raises(ValidationError, match="尚未期满"):
        services.end_correction(actor=clerk, subject=s, ended_on=D(2025, 1, 1), reason="expired")
    s.end_on = D(2024, 6, 30)
    s.save()
    services.end_correction(actor=clerk, subject=s, ended_on=D(2024, 6, 30), reason="expired")
    assert s.status == "released"
    with pytest.raises(ValidationError, match="解除矫正"):
        services.record_check_in(actor=clerk, subject=s, method="phone", on=D(2024, 7, 1))
    person = services.hand_over_to_resettlement(actor=clerk, subject=s, on=D(2024, 7, 1))
    assert person.status == "assisting" and person.assistance_until == D(2029, 6, 30)
    with pytest.raises(ValidationError, match="已于"):
        services.hand_over_to_resettlement(actor=clerk, subject=s, on=D(2024, 7, 2))


def test_bad_input_refused_with_chinese_messages(tree, accounts):
    subject(tree["office"], "DUP-1")
    with pytest.raises(ValidationError) as exc:
        services.register_subject(
            actor=accounts["county_clerk"], unit=tree["county"], number="DUP-1", full_name="某", id_number="110105194912310021",
            crime="盗窃罪", sentence_type="probation", effective_on=D(2024, 3, 1), start_on=D(2024, 3, 1),
            end_on=D(2024, 2, 1), level="extra_strict")
    errors = exc.value.message_dict
    assert errors["number"] == ["档案编号 DUP-1 已存在"]
    assert "司法所或司法行政工作室" in errors["unit"][0]
    assert "校验位" in errors["id_number"][0]
    assert errors["level"] == ["管理等级“extra_strict”不在列表中，应为：严管、普管、宽管"]
    assert "应晚于起始日期" in errors["end_on"][0]
    # the same person twice
    first = CorrectionSubject.objects.get(number="DUP-1")
    with pytest.raises(ValidationError, match="已在社区矫正中"):
        subject(tree["office"], "DUP-2", id_number=first.id_number)
    # release before intake
    s = subject(tree["office"], "DATE-1", full_name="日期某", reported_on=D(2024, 3, 5))
    with pytest.raises(ValidationError, match="早于报到日期"):
        services.end_correction(actor=None, subject=s, ended_on=D(2024, 3, 1), reason="death")
    # outside the user's scope
    foreign = subject(tree["other_office"], "SC-1", full_name="外某")
    assert foreign.pk
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.record_check_in(actor=accounts["county_clerk"], subject=CorrectionSubject.objects.get(number="SC-1"),
                                 method="phone", on=D(2024, 4, 1))


def test_leave_over_7_days_needs_the_county(tree, accounts):
    s = subject(tree["office"], "LV-1")
    leave = services.apply_leave(actor=None, subject=s, kind="leave", applied_on=D(2024, 4, 1), start_on=D(2024, 4, 2),
                                 end_on=D(2024, 4, 20), destination="上海", reason="务工")
    with pytest.raises(ValidationError, match="须由县级社区矫正机构审批"):
        services.decide_leave(actor=accounts["office_director"], leave=leave, approve=True, decided_on=D(2024, 4, 1))
    services.decide_leave(actor=accounts["county_clerk"], leave=leave, approve=False, decided_on=D(2024, 4, 1))
    with pytest.raises(ValidationError, match="不能再审批"):
        services.decide_leave(actor=accounts["county_clerk"], leave=leave, approve=True, decided_on=D(2024, 4, 1))
    with pytest.raises(ValidationError, match="不得超过 3 个月"):
        services.start_location(actor=None, subject=s, start_on=D(2024, 4, 1), end_on=D(2024, 7, 2), reason="x")


def test_register_page_print_export_and_visibility(tree, accounts, django_assert_max_num_queries):
    for n in range(30):
        subject(tree["office"], f"P-{n:03d}", full_name=f"对象{n}")
    subject(tree["other_office"], "P-X", full_name="外县某")
    client = client_for(accounts["county_clerk"])
    with django_assert_max_num_queries(12):
        page = client.get("/correction/?level=strict")
    html = page.content.decode()
    assert page.status_code == 200 and "P-001" in html and "外县" not in html
    assert id_for(tree["office"], "P-001") not in html                        # masked
    printed = client.get("/correction/print/").content.decode()
    assert "社区矫正对象花名册" in printed and "P-029" in printed and "外县" not in printed
    assert client.get("/correction/?export=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    for role in ("workstation_staff", "leader", "hr_reviewer"):
        assert client_for(accounts[role]).get("/correction/").status_code == 403
        assert client_for(accounts[role]).get("/resettlement/").status_code == 403


def test_every_read_of_a_record_is_logged(tree, accounts):
    s = subject(tree["office"], "LOG-1")
    client = client_for(accounts["office_staff"])
    page = client.get(f"/correction/{s.pk}/")
    assert page.status_code == 200 and s.id_number not in page.content.decode()
    client.get(f"/api/correction-subjects/{s.pk}/")
    reads = SensitiveAccess.objects.filter(object_id=str(s.pk), username="o_staff", field="整条记录")
    assert reads.count() == 2
    director = client_for(accounts["office_director"])
    assert s.id_number in director.get(f"/correction/{s.pk}/?reveal=1").content.decode()
    assert SensitiveAccess.objects.filter(object_id=str(s.pk), username="o_dir", field="身份证号码").count() == 1


@pytest.mark.parametrize("rows", [1, 4])
def test_a_subjects_page_lists_its_records_in_the_same_queries(tree, accounts, django_assert_max_num_queries, rows):
    """The subject's page reads its leaves (with their units) and location periods (with their renewals)
    through correction.selectors (issue 17): as many queries for four of each as for one."""
    clerk = accounts["county_clerk"]
    today = datetime.date.today()
    s = subject(tree["office"], "ROWS-1", end_on=today + datetime.timedelta(days=400))
    period = services.start_location(actor=clerk, subject=s, start_on=today, end_on=today + datetime.timedelta(30),
                                     reason="夜不归宿")
    for n in range(rows):
        services.record_check_in(actor=clerk, subject=s, method="phone", on=today)
        services.apply_leave(actor=clerk, subject=s, kind="leave", applied_on=today, start_on=today,
                             end_on=today + datetime.timedelta(n), destination=f"去处{n}", reason="探亲")
        if n:
            period = services.renew_location(actor=clerk, period=period, end_on=period.end_on + datetime.timedelta(30),
                                             reason=f"第{n}次延长")
    client = client_for(clerk)
    client.get(f"/correction/{s.pk}/")   # warm caches (content types, session)
    with django_assert_max_num_queries(10):   # session, user, subject, read logged, escalations, a list each
        page = client.get(f"/correction/{s.pk}/")
    assert sorted(leave.destination for leave in page.context["leaves"]) == [f"去处{n}" for n in range(rows)]
    assert len(page.context["location_periods"]) == rows and len(page.context["check_ins"]) == rows


def test_action_page_shows_service_message(tree, accounts):
    s = subject(tree["office"], "ACT-1")
    client = client_for(accounts["office_staff"])
    response = client.post(f"/correction/{s.pk}/checkin/", {"method": "phone", "on": "2024-03-01"})
    assert response.status_code == 400 and "早于报到日期" in response.content.decode()
    assert client.post(f"/correction/{s.pk}/level/", {"level": "normal", "changed_on": "2024-04-01",
                                                      "reason": "x"}).status_code == 403   # staff cannot decide


def _sheet(rows):
    from sifasuo.correction.importers import COLUMNS

    return xlsx_upload(rows, [c.header for c in COLUMNS], name="花名册.xlsx")


def test_import_lands_whole_or_not_at_all(tree, accounts):
    client = client_for(accounts["county_clerk"])
    good = ["370102001", "IM-1", "甲某", id_for(tree["office"], "IM-1"), "盗窃罪", "缓刑", "", "", "2024-03-01",
            "2024-03-01", "2025-02-28", "普管", "2024-03-05"]
    bad = ["370102001", "IM-2", "乙某", id_for(tree["office"], "IM-2"), "诈骗罪", "缓刑", "", "", "2024-03-01",
           "2024-03-01", "2025-02-28", "特管", "2024-02-01"]
    response = client.post("/correction/import/", {"file": _sheet([good, bad])})
    text = response.content.decode()
    assert response.status_code == 400
    assert "第3行「管理等级」：「特管」不是有效的管理等级" in text
    assert CorrectionSubject.objects.count() == 0
    bad[11] = "普管"
    response = client.post("/correction/import/", {"file": _sheet([good, bad])})
    assert "第3行「报到日期」：报到日期 2024-02-01 早于生效日期 2024-03-01" in response.content.decode()
    bad[12] = ""
    dup = list(good)
    dup[1] = "IM-3"
    response = client.post("/correction/import/", {"file": _sheet([good, bad, dup])})
    assert "第4行「身份证号码」：与第2行是同一人" in response.content.decode()
    nowhere = list(dup)
    nowhere[0] = "370199001"   # a unit code no unit has: the row is named, the rows after it still checked
    response = client.post("/correction/import/", {"file": _sheet([good, nowhere, dup])})
    text = response.content.decode()
    assert "第3行「负责单位代码」：370199001 不存在" in text and "第4行「身份证号码」：与第2行是同一人" in text
    assert CorrectionSubject.objects.count() == 0
    response = client.post("/correction/import/", {"file": _sheet([good, bad])})
    assert response.status_code == 302 and CorrectionSubject.objects.count() == 2


def test_api_create_steps_and_scope(tree, accounts):
    client = client_for(accounts["county_clerk"])
    body = {"unit": "370102001", "number": "API-1", "full_name": "丙某", "id_number": id_for(tree["office"], "API-1"),
            "crime": "危险驾驶罪", "sentence_type": "probation", "effective_on": "2024-03-01", "start_on": "2024-03-01",
            "end_on": "2024-09-30", "level": "宽严"}
    response = client.post("/api/correction-subjects/", body, content_type="application/json")
    assert response.status_code == 400 and "不在列表中" in response.json()["level"][0]
    body["level"] = "normal"
    created = client.post("/api/correction-subjects/", body, content_type="application/json").json()
    assert created["id_number_masked"].startswith("370102") and "id_number" not in created
    pk = created["id"]
    assert client.post(f"/api/correction-subjects/{pk}/declare/", {"on": "2024-03-02"},
                       content_type="application/json").json()["status"] == ["丙某目前为“待报到”，不能宣告（仅限在矫状态）"]
    assert client.post(f"/api/correction-subjects/{pk}/report/", {"on": "2024-03-05"},
                       content_type="application/json").json()["status"] == "supervised"
    r = client.post("/api/correction-check-ins/", {"subject": pk, "method": "in_person", "on": "2024-03-20"},
                    content_type="application/json")
    assert r.status_code == 201
    other = subject(tree["other_office"], "API-X", full_name="外县某")
    r = client.post("/api/correction-check-ins/", {"subject": other.pk, "method": "phone", "on": "2024-03-20"},
                    content_type="application/json")
    assert r.status_code == 400 and "不在您的管辖范围内" in r.json()["subject"][0]
    assert client.get(f"/api/correction-subjects/{other.pk}/").status_code == 404
    assert client_for(accounts["workstation_staff"]).get("/api/correction-subjects/").status_code == 403


def test_resettlement_flow_pages_and_api(tree, accounts):
    client = client_for(accounts["office_staff"])
    body = {"unit": "370102001", "full_name": "丁某", "id_number": id_for(tree["office"], "丁某"), "crime": "抢劫罪",
            "released_from": "山东省济南监狱", "notice_received_on": "2024-04-01", "expected_release_on": "2024-05-01",
            "is_key": True}
    pk = client.post("/api/released-persons/", body, content_type="application/json").json()["id"]
    dup = client.post("/api/released-persons/", body, content_type="application/json")
    assert dup.status_code == 400 and "已在安置帮教中" in dup.json()["id_number"][0]
    assert client.post(f"/api/released-persons/{pk}/confirm/", {"on": "2024-04-02"},
                       content_type="application/json").json()["confirmed_on"] == ["请先核查，再核实"]
    client.post(f"/api/released-persons/{pk}/verify/", {"on": "2024-04-02"}, content_type="application/json")
    client.post(f"/api/released-persons/{pk}/confirm/", {"on": "2024-04-03"}, content_type="application/json")
    r = client.post(f"/resettlement/{pk}/release/", {"released_on": "2024-03-01"})
    assert r.status_code == 400 and "早于收到预释放通知日期" in r.content.decode()
    client.post(f"/resettlement/{pk}/release/", {"released_on": "2024-05-01", "collected_on": "2024-05-01",
                                                "collected_by": "李某"})
    client.post(f"/resettlement/{pk}/handover/", {"handed_over_on": "2024-05-03", "tier": "high"})
    p = ReleasedPerson.objects.get(pk=pk)
    assert p.status == "assisting" and p.risk_tier == "high" and p.assistance_until == D(2029, 5, 1)
    page = client.get(f"/resettlement/{pk}/").content.decode()
    assert "帮教中" in page and p.id_number not in page
    assert SensitiveAccess.objects.filter(object_id=str(pk), field="整条记录").count() == 1
    assert client.post(f"/resettlement/{pk}/end/", {"ended_on": "2024-06-01"}).status_code == 400


def test_the_hand_over_is_answered_by_resettlement_and_refused_without_it(tree, accounts):
    """D83: correction imports nothing of resettlement; resettlement answers correction.signals.handed_over.
    Without a receiver (resettlement not installed) the hand-over is refused and nothing changes."""
    from sifasuo.correction.signals import handed_over
    from sifasuo.resettlement.receivers import receive_from_correction

    clerk = accounts["county_clerk"]
    s = subject(tree["office"], "H-1")
    s.end_on = D(2024, 6, 30)
    s.save()
    services.end_correction(actor=clerk, subject=s, ended_on=D(2024, 6, 30), reason="expired")
    assert handed_over.disconnect(dispatch_uid="resettlement.receive_from_correction")
    try:
        with pytest.raises(ValidationError, match="安置帮教模块未启用"):
            services.hand_over_to_resettlement(actor=clerk, subject=s, on=D(2024, 7, 1))
    finally:
        handed_over.connect(receive_from_correction, dispatch_uid="resettlement.receive_from_correction")
    s.refresh_from_db()
    assert s.handed_over_on is None and not ReleasedPerson.objects.filter(id_number=s.id_number).exists()
    person = services.hand_over_to_resettlement(actor=clerk, subject=s, on=D(2024, 7, 1))
    assert person.correction_subject == s and person.source == "correction"
    s.refresh_from_db()
    assert s.handed_over_on == D(2024, 7, 1)


def test_a_subjects_page_offers_the_steps_the_role_may_take(tree, accounts):
    """The steps are core.actions.Action entries, each naming its capability (D83): the clerk sees 登记报到 on a
    subject waiting to report and can open its form."""
    s = subject(tree["office"], "P-1", reported_on=None)
    client = client_for(accounts["county_clerk"])
    page = client.get(f"/correction/{s.pk}/").content.decode()
    assert f"/correction/{s.pk}/report/" in page and "登记报到" in page
    form = client.get(f"/correction/{s.pk}/report/")
    assert form.status_code == 200 and "登记报到" in form.content.decode()


def test_a_record_page_offers_a_step_when_it_applies_and_the_role_may_take_it(tree, accounts):
    """core.actions.offered, for a subject's and a released person's page alike: a step is listed when its
    condition holds for the record and the reader's role has the step's capability."""
    today = datetime.date.today()
    s = subject(tree["office"], "O-1", end_on=today + datetime.timedelta(days=300))
    names = {}
    for role in ("office_staff", "county_clerk", "city_admin"):
        page = client_for(accounts[role]).get(f"/correction/{s.pk}/")
        names[role] = [a.name for a in page.context["actions"]]
    assert "report" not in names["county_clerk"]                          # reported already
    assert {"checkin", "plan", "leave", "level", "sanction"} <= set(names["county_clerk"])
    assert "checkin" in names["office_staff"] and "level" not in names["office_staff"]   # correction.decide
    assert names["office_staff"] == [n for n in names["county_clerk"]
                                     if n not in ("level", "sanction", "location", "end")]
    assert names["city_admin"] == []                                      # reads, takes no step
    p = person(tree["office"])
    offered = {role: [a.name for a in client_for(accounts[role]).get(f"/resettlement/{p.pk}/").context["actions"]]
               for role in ("office_staff", "city_admin")}
    assert offered == {"office_staff": ["verify", "release"], "city_admin": []}
