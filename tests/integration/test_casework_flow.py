"""The mediation workflow through its states, with every refused transition, and the registers' own rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sifasuo.casework import services
from sifasuo.casework.models import (
    CaseParty,
    LegalAidApplication,
    MediationCase,
    Petition,
    ScreeningFinding,
    ScreeningRound,
)
from sifasuo.core.models import ChangeLogEntry
from tests.scope_builders.casework import ID_FEMALE, ID_MALE, case, closed_case, committee, mediator, record

D = datetime.date
pytestmark = pytest.mark.django_db


def messages(exc) -> dict:
    return exc.value.message_dict


def test_case_from_intake_to_archive(tree, accounts):
    clerk = accounts["office_staff"]
    comm = committee(tree["office"])
    med = mediator(tree["office"], comm, full_name="刘调解")
    c = services.register_case(
        actor=clerk, unit=tree["office"], source="police", dispute_type="traffic", title="刮擦赔偿纠纷",
        registered_on=D(2025, 3, 3), amount=Decimal(8000), committee=comm,
        parties=[{"role": "applicant", "name": "张三", "id_number": ID_MALE},
                 {"role": "respondent", "name": "李四", "id_number": ID_FEMALE.lower()}])
    assert c.number == "（2025）调字第0001号" and c.status == "registered"
    assert c.parties_display == "张三 与 李四"
    services.accept_case(actor=clerk, case=c, accepted_on=D(2025, 3, 4), mediators=[med])
    assert (c.status, c.mediator_names) == ("accepted", "刘调解")
    services.add_session(actor=clerk, case=c, held_on=D(2025, 3, 6), summary="双方到场，释法说理")
    services.close_case(actor=clerk, case=c, outcome="success", closed_on=D(2025, 3, 6), agreement_form="written",
                        agreement_on=D(2025, 3, 6), agreement_amount=Decimal(5000),
                        agreement_content="李四赔偿张三 5000 元", confirmation_wanted=True)
    assert (c.status, c.performance) == ("closed", "pending")
    services.record_visit(actor=clerk, case=c, visited_on=D(2025, 3, 20), performance="performed", note="已付清")
    services.apply_confirmation(actor=clerk, case=c, applied_on=D(2025, 4, 5), court="历下区人民法院")
    entry = services.mark_typical(actor=clerk, case=c, title="巧解刮擦纠纷", summary="……", recorded_on=D(2025, 4, 6))
    services.archive_case(actor=clerk, case=c, archived_on=D(2025, 4, 8), dossier_number="2025-调-001")
    c.refresh_from_db()
    assert (c.status, c.performance, c.last_visit_on, c.typical) == ("archived", "performed", D(2025, 3, 20), True)
    assert entry.case == c and entry.unit == tree["office"]
    # every step is in the change log, ID numbers of parties masked there
    assert ChangeLogEntry.objects.filter(content_type__model="mediationcase", object_id=str(c.pk)).count() >= 6
    party_log = ChangeLogEntry.objects.get(content_type__model="caseparty",
                                           object_id=str(CaseParty.objects.get(name="李四").pk))
    assert party_log.after["id_number"] == "370102********5845"


def refused(step, **values) -> dict:
    """What the step (by nobody in particular) refuses, field by field."""
    with pytest.raises(ValidationError) as exc:
        step(actor=None, **values)
    return exc.value.message_dict


def test_a_steps_date_follows_the_step_before_and_is_not_after_today(tree):
    """Each step on a case is dated no earlier than the step it follows and no later than today; a step the
    case is not ready for is refused for that alone (its date is not compared with a missing step)."""
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    c = case(tree["office"], registered_on=D(2025, 3, 3))
    assert refused(services.accept_case, case=c, accepted_on=tomorrow) == {"accepted_on": ["受理日期晚于今天"]}
    assert refused(services.add_session, case=c, held_on=D(2025, 3, 1), summary="x") == {
        "held_on": ["案件当前为「已登记」，受理后、结案前才能登记调解"]}
    services.accept_case(actor=None, case=c, accepted_on=D(2025, 3, 4))
    assert refused(services.add_session, case=c, held_on=D(2025, 3, 2), summary="x") == {
        "held_on": ["调解日期 2025-03-02 早于受理日期 2025-03-04"]}
    assert refused(services.add_session, case=c, held_on=tomorrow, summary="x") == {"held_on": ["调解日期晚于今天"]}
    assert refused(services.close_case, case=c, outcome="failure", closed_on=tomorrow, close_note="x") == {
        "closed_on": ["结案日期晚于今天"]}
    services.close_case(actor=None, case=c, outcome="failure", closed_on=D(2025, 3, 10), close_note="x")
    assert refused(services.add_session, case=c, held_on=D(2025, 3, 2), summary="x") == {
        "held_on": ["案件当前为「已结案」，受理后、结案前才能登记调解"]}
    assert refused(services.record_visit, case=c, visited_on=D(2025, 3, 9), performance="performed") == {
        "visited_on": ["只有调解成功的案件需要回访协议履行情况"]}
    assert refused(services.archive_case, case=c, archived_on=D(2025, 3, 9), dossier_number="1") == {
        "archived_on": ["归档日期 2025-03-09 早于结案日期 2025-03-10"]}
    assert refused(services.archive_case, case=c, archived_on=tomorrow, dossier_number="1") == {
        "archived_on": ["归档日期晚于今天"]}
    won = closed_case(tree["office"], closed_on=D(2025, 3, 10))
    assert refused(services.record_visit, case=won, visited_on=D(2025, 3, 9), performance="performed") == {
        "visited_on": ["回访日期 2025-03-09 早于结案日期 2025-03-10"]}
    assert refused(services.record_visit, case=won, visited_on=tomorrow, performance="performed") == {
        "visited_on": ["回访日期晚于今天"]}


def test_refused_transitions(tree):
    c = case(tree["office"], registered_on=D(2025, 3, 3))
    with pytest.raises(ValidationError) as exc:
        services.close_case(actor=None, case=c, outcome="success", closed_on=D(2025, 3, 5),
                            agreement_form="oral", agreement_on=D(2025, 3, 5))
    assert messages(exc) == {"status": ["案件尚未受理，不能结案（请先受理）"]}
    with pytest.raises(ValidationError) as exc:
        services.accept_case(actor=None, case=c, accepted_on=D(2025, 3, 1))
    assert messages(exc)["accepted_on"] == ["受理日期 2025-03-01 早于登记日期 2025-03-03"]
    services.accept_case(actor=None, case=c, accepted_on=D(2025, 3, 4))
    with pytest.raises(ValidationError) as exc:  # closed before accepted
        services.close_case(actor=None, case=c, outcome="failure", closed_on=D(2025, 3, 2), close_note="x")
    assert messages(exc)["closed_on"] == ["结案日期 2025-03-02 早于受理日期 2025-03-04"]
    with pytest.raises(ValidationError) as exc:  # success without an agreement
        services.close_case(actor=None, case=c, outcome="success", closed_on=D(2025, 3, 10))
    assert messages(exc)["agreement_form"] == ["调解成功必须达成调解协议：请选择书面协议或口头协议"]
    assert messages(exc)["agreement_on"] == ["调解成功请填写协议生效日期"]
    with pytest.raises(ValidationError) as exc:  # failure with an agreement
        services.close_case(actor=None, case=c, outcome="failure", closed_on=D(2025, 3, 10), agreement_form="oral")
    assert messages(exc)["agreement_form"] == ["「调解不成功」的案件不能有调解协议"]
    with pytest.raises(ValidationError) as exc:  # a failure must say why and the remedies told
        services.close_case(actor=None, case=c, outcome="terminated", closed_on=D(2025, 3, 10))
    assert "close_note" in messages(exc)
    with pytest.raises(ValidationError) as exc:  # archive before closing
        services.archive_case(actor=None, case=c, archived_on=D(2025, 3, 11), dossier_number="1")
    assert messages(exc)["archived_on"] == ["案件当前为「调解中」，结案后才能归档"]
    with pytest.raises(ValidationError) as exc:  # oral agreements cannot be confirmed by a court
        services.close_case(actor=None, case=c, outcome="success", closed_on=D(2025, 3, 10), agreement_form="oral",
                            agreement_on=D(2025, 3, 10), confirmation_wanted=True)
    assert messages(exc)["confirmation_wanted"] == ["只有书面调解协议可以申请司法确认"]
    services.close_case(actor=None, case=c, outcome="terminated", closed_on=D(2025, 3, 10),
                        close_note="一方拒绝继续调解，已告知可向法院起诉")
    with pytest.raises(ValidationError) as exc:  # closed twice
        services.close_case(actor=None, case=c, outcome="terminated", closed_on=D(2025, 3, 11), close_note="x")
    assert messages(exc)["status"] == ["案件当前为「已结案」，不能再结案"]
    with pytest.raises(ValidationError) as exc:
        services.record_visit(actor=None, case=c, visited_on=D(2025, 3, 12), performance="performed")
    assert messages(exc)["visited_on"] == ["只有调解成功的案件需要回访协议履行情况"]
    c.refresh_from_db()
    assert (c.status, c.outcome) == ("closed", "terminated")


def test_confirmation_only_within_30_days(tree):
    c = closed_case(tree["office"], closed_on=D(2025, 3, 20))
    with pytest.raises(ValidationError) as exc:
        services.apply_confirmation(actor=None, case=c, applied_on=D(2025, 4, 20), court="某法院")
    assert messages(exc)["confirmation_applied_on"] == [
        "已超过申请期限：应自协议生效之日起三十日内（2025-04-19 前）申请司法确认（《人民调解法》第三十三条）"]
    services.apply_confirmation(actor=None, case=c, applied_on=D(2025, 4, 19), court="某法院")
    assert c.confirmation_applied_on == D(2025, 4, 19)


def test_case_numbers_unique_per_unit_and_year(tree, accounts):
    case(tree["office"], number="（2025）调字第0007号")
    with pytest.raises(ValidationError) as exc:
        case(tree["office"], number="（2025）调字第0007号")
    assert messages(exc) == {"number": ["「解放路街道司法所」2025年已有案件编号 （2025）调字第0007号"]}
    case(tree["office2"], number="（2025）调字第0007号")                       # another office: fine
    case(tree["office"], number="（2025）调字第0007号", registered_on=D(2024, 12, 30))  # another year: fine
    assert case(tree["office"]).number == "（2025）调字第0008号"               # the next automatic number


def test_bad_party_id_number_and_scope(tree, accounts):
    with pytest.raises(ValidationError) as exc:
        services.register_case(actor=accounts["county_clerk"], unit=tree["other_office"], source="application",
                               dispute_type="other", title="x", registered_on=D(2025, 3, 1),
                               parties=[{"role": "applicant", "name": "甲", "id_number": "370102198502075846"}])
    assert messages(exc)["unit"] == ["单位代码 370103001 不存在，或不在您的管辖范围内"]
    assert messages(exc)["parties"] == ["当事人甲：身份证号码校验位错误：应为 5，实际为 6"]
    with pytest.raises(ValidationError) as exc:
        services.register_case(actor=None, unit=tree["county"], source="application", dispute_type="other",
                               title="x", registered_on=D(2025, 3, 1), parties=[])
    assert messages(exc)["unit"] == ["人民调解案件只能由司法所或司法行政工作室登记，「历下区司法局」不是"]
    assert messages(exc)["parties"] == ["至少登记一名申请人（当事人）"]
    assert MediationCase.objects.count() == 0


def test_finding_becomes_a_case(tree):
    rnd = record(ScreeningRound, unit=tree["office"], kind="routine", held_on=D(2025, 3, 14))
    finding = record(ScreeningFinding, unit=tree["workstation"], screening=rnd, found_on=D(2025, 3, 14),
                     description="两户因宅基地界址争执", parties="孙某、周某", dispute_type="housing", risk_level="high")
    c = case(tree["workstation"], finding=finding, dispute_type="housing")
    finding.refresh_from_db()
    assert (finding.status, finding.case) == ("converted", c)
    with pytest.raises(ValidationError) as exc:
        case(tree["workstation"], finding=finding)
    assert messages(exc) == {"finding": ["该排查发现的纠纷已转为调解案件"]}
    with pytest.raises(ValidationError) as exc:
        record(ScreeningFinding, unit=tree["office"], screening=rnd, found_on=D(2025, 3, 10), description="x",
               dispute_type="other", risk_level="low")
    assert messages(exc) == {"found_on": ["发现日期 2025-03-10 早于排查日期 2025-03-14"]}


def test_committee_size_and_term(tree):
    with pytest.raises(ValidationError) as exc:
        committee(tree["office"], term_start=D(2024, 1, 1), term_end=D(2027, 1, 1))
    assert messages(exc) == {"term_end": [
        "调委会委员每届任期三年（《人民调解法》第九条），任期止日最晚为 2026-12-31"]}
    comm = committee(tree["office"])
    for i in range(9):
        mediator(tree["office"], comm, full_name=f"委员{i}", role="member")
    with pytest.raises(ValidationError) as exc:
        mediator(tree["office"], comm, full_name="第十人", role="member")
    assert messages(exc) == {"role": ["调委会「调解委员会」已有 9 名委员，《人民调解法》第八条规定委员会由三至九人组成"]}
    mediator(tree["office"], comm, full_name="专职调解员", role="mediator")  # mediators beyond the members: fine
    with pytest.raises(ValidationError) as exc:
        mediator(tree["office2"], comm, full_name="他所人员")
    assert messages(exc) == {"committee": ["调委会「调解委员会」不属于「千佛山街道司法所」"]}


def test_legal_aid_states(tree):
    base = {"unit": tree["office"], "applied_on": D(2025, 3, 3), "applicant": "钱某", "matter": "labour_pay"}
    with pytest.raises(ValidationError) as exc:
        record(LegalAidApplication, **base, status="assigned", reviewed_on=D(2025, 3, 2))
    assert messages(exc) == {"reviewed_on": ["审查决定日期 2025-03-02 早于申请日期 2025-03-03"],
                             "assigned_on": ["已指派的案件请填写指派日期"], "assignee": ["已指派的案件请填写承办人"]}
    with pytest.raises(ValidationError) as exc:
        record(LegalAidApplication, **base, id_number="37010219850207584")
    assert messages(exc) == {"id_number": ["身份证号码应为18位，当前为17位"]}
    aid = record(LegalAidApplication, **base, status="approved", reviewed_on=D(2025, 3, 7))
    aid = services.save_record(actor=None, model=LegalAidApplication, instance=aid,
                               values={**base, "status": "assigned", "reviewed_on": D(2025, 3, 7),
                                       "assigned_on": D(2025, 3, 10), "assignee": "李律师"})
    assert aid.status == "assigned"


def test_petition_dates(tree):
    with pytest.raises(ValidationError) as exc:
        record(Petition, unit=tree["office"], kind="letter", received_on=D(2025, 3, 3), petitioner="甲",
               subject="噪音", result="resolved", closed_on=D(2025, 3, 1))
    assert messages(exc) == {"closed_on": ["办结日期 2025-03-01 早于登记日期 2025-03-03"]}
    with pytest.raises(ValidationError) as exc:
        record(Petition, unit=tree["office"], kind="letter", received_on=datetime.date.today()
               + datetime.timedelta(days=1), petitioner="甲", subject="噪音")
    assert "晚于今天" in messages(exc)["received_on"][0]
    assert Petition.objects.count() == 0
