"""Each deadline rule of correction and resettlement at its boundary, through the one alert engine."""

import datetime

from sifasuo.alerts import engine
from sifasuo.correction import services
from sifasuo.resettlement import services as rs
from tests.scope_builders.correction import investigation, subject
from tests.scope_builders.resettlement import assisting, person

D = datetime.date


def states(tree, today, code):
    return [(a.subject, a.state(today)) for a in engine.collect(tree["county"].path, today, codes=[code])]


def test_report_within_10_days_day_10_due_day_11_overdue(tree):
    subject(tree["office"], "R-1", reported_on=None, effective_on=D(2024, 3, 1))
    code = "correction.report_due"
    assert states(tree, D(2024, 3, 7), code) == []                       # more than 3 days ahead: quiet
    assert states(tree, D(2024, 3, 8), code)[0][1] == "upcoming"
    assert states(tree, D(2024, 3, 11), code)[0][1] == "due"             # the 10th day
    [alert] = engine.collect(tree["county"].path, D(2024, 3, 12), codes=[code])
    assert alert.state(D(2024, 3, 12)) == "overdue" and "逾期 1 天未报到" in alert.message


def test_investigation_counts_working_days_across_national_day(tree):
    item = investigation(tree["office"], commissioned_on=D(2024, 9, 27))
    # 9-29 (Sunday) was a working day, 10-1..10-7 the holiday, 10-12 (Saturday) a working day.
    assert item.due_on == D(2024, 10, 16)
    code = "correction.investigation_overdue"
    assert states(tree, D(2024, 10, 16), code)[0][1] == "due"
    assert states(tree, D(2024, 10, 17), code)[0][1] == "overdue"
    services.report_investigation(actor=None, investigation=item, conclusion="suitable", reported_on=D(2024, 10, 16))
    assert states(tree, D(2024, 10, 17), code) == []


def test_check_ins_missed_for_the_level(tree):
    s = subject(tree["office"], "C-1", reported_on=D(2024, 3, 1), level="strict")
    code = "correction.check_in_missed"
    # strict: phone every 7 days; from the report on 3-1, 3-8 is the last day
    assert states(tree, D(2024, 3, 8), code) == []
    assert [m for m in engine.collect(tree["county"].path, D(2024, 3, 9), codes=[code])
            if "电话报告" in m.message]
    services.record_check_in(actor=None, subject=s, method="phone", on=D(2024, 3, 8))
    assert not [m for m in engine.collect(tree["county"].path, D(2024, 3, 9), codes=[code]) if "电话报告" in m.message]
    services.change_level(actor=None, subject=s, level="lenient", changed_on=D(2024, 3, 9), reason="表现良好")
    # lenient: phone every 30 days
    assert not [m for m in engine.collect(tree["county"].path, D(2024, 4, 7), codes=[code]) if "电话报告" in m.message]
    assert [m for m in engine.collect(tree["county"].path, D(2024, 4, 8), codes=[code]) if "电话报告" in m.message]


def test_a_missed_check_in_names_the_interval_it_broke_and_where_it_comes_from(tree):
    """Issue 15 (each alert's real basis): not only "实施办法第二十四条；supervision.yaml" but the level's interval
    for the method and whether a city's or county's own rule set it."""
    subject(tree["office"], "C-9", reported_on=D(2024, 3, 1), level="strict")
    found = {m.message.split("：")[0]: m for m in engine.collect(tree["county"].path, D(2024, 6, 1),
                                                                  codes=["correction.check_in_missed"])}
    assert found["电话报告"].basis == "监管规定默认值：严管对象电话报告每 7 日一次（《社区矫正法实施办法》第二十四条）"
    # the tree's county is in 济南, whose own rule has strict subjects report in person every 15 days
    assert found["当面报告"].basis == (
        "行政区划 370100 的监管规定：严管对象当面报告每 15 日一次（《社区矫正法实施办法》第二十四条）")


def test_frequencies_are_data_per_city():
    from sifasuo.correction import supervision

    assert supervision.check_in_days("/370000/370100/370102/370102001/", "strict")["in_person"] == 15  # 济南
    assert supervision.check_in_days("/370000/370200/370202/", "strict")["in_person"] == 30            # default


def test_out_of_contact_10_days_and_a_month(tree):
    s = subject(tree["office"], "O-1")
    services.mark_out_of_contact(actor=None, subject=s, since=D(2024, 5, 1))
    assert states(tree, D(2024, 5, 11), "correction.out_of_contact_10_days")[0][1] == "due"
    assert states(tree, D(2024, 5, 12), "correction.out_of_contact_10_days")[0][1] == "overdue"
    assert states(tree, D(2024, 5, 21), "correction.out_of_contact_month") == []
    assert states(tree, D(2024, 6, 1), "correction.out_of_contact_month")[0][1] == "due"
    assert states(tree, D(2024, 6, 2), "correction.out_of_contact_month")[0][1] == "overdue"
    services.restore_contact(actor=None, subject=s, on=D(2024, 6, 3))
    assert states(tree, D(2024, 6, 4), "correction.out_of_contact_month") == []


def test_second_reprimand_and_second_warning(tree, accounts):
    s = subject(tree["office"], "S-1")
    services.add_sanction(actor=None, subject=s, kind="reprimand", on=D(2024, 4, 1), reason="未按时报告")
    assert states(tree, D(2024, 4, 2), "correction.second_reprimand") == []
    services.add_sanction(actor=None, subject=s, kind="reprimand", on=D(2024, 5, 1), reason="再次未按时报告")
    assert len(states(tree, D(2024, 5, 2), "correction.second_reprimand")) == 1
    assert services.escalations(s) == ["已受到 2 次训诫，应当考虑给予警告"]
    services.add_sanction(actor=accounts["county_clerk"], subject=s, kind="warning", on=D(2024, 5, 3), reason="两次训诫")
    assert states(tree, D(2024, 5, 4), "correction.second_reprimand") == []
    assert states(tree, D(2024, 5, 4), "correction.second_warning") == []
    services.add_sanction(actor=None, subject=s, kind="warning", on=D(2024, 6, 3), reason="再次违反")
    assert len(states(tree, D(2024, 6, 4), "correction.second_warning")) == 1


def test_leave_overdue_location_medical_expiry(tree):
    s = subject(tree["office"], "L-1", sentence_type="outside", start_on=D(2024, 3, 1), end_on=D(2024, 12, 31))
    leave = services.apply_leave(actor=None, subject=s, kind="leave", applied_on=D(2024, 4, 1), start_on=D(2024, 4, 2),
                                 end_on=D(2024, 4, 5), destination="青岛", reason="探亲")
    services.decide_leave(actor=None, leave=leave, approve=True, decided_on=D(2024, 4, 1))
    assert states(tree, D(2024, 4, 4), "correction.leave_overdue") == []
    assert states(tree, D(2024, 4, 5), "correction.leave_overdue")[0][1] == "due"
    assert states(tree, D(2024, 4, 6), "correction.leave_overdue")[0][1] == "overdue"
    services.return_from_leave(actor=None, leave=leave, returned_on=D(2024, 4, 5))
    assert states(tree, D(2024, 4, 6), "correction.leave_overdue") == []

    period = services.start_location(actor=None, subject=s, start_on=D(2024, 4, 10), end_on=D(2024, 7, 9), reason="脱管后")
    assert states(tree, D(2024, 7, 1), "correction.location_ending") == []
    assert states(tree, D(2024, 7, 2), "correction.location_ending")[0][1] == "upcoming"
    services.renew_location(actor=None, period=period, end_on=D(2024, 10, 9), reason="继续")
    assert states(tree, D(2024, 7, 9), "correction.location_ending") == []

    # medical re-check every 3 months from the start (3-1): due 6-1, warned 7 days ahead
    assert states(tree, D(2024, 5, 24), "correction.medical_recheck_due") == []
    assert states(tree, D(2024, 5, 25), "correction.medical_recheck_due")[0][1] == "upcoming"
    services.record_medical_check(actor=None, subject=s, on=D(2024, 5, 30), hospital="省立医院", result="仍需治疗")
    assert states(tree, D(2024, 6, 2), "correction.medical_recheck_due") == []

    assert states(tree, D(2024, 11, 30), "correction.expiry_30_days") == []
    assert states(tree, D(2024, 12, 1), "correction.expiry_30_days")[0][1] == "upcoming"


def test_released_person_rules(tree):
    key = person(tree["office"], full_name="重点某", expected_release_on=D(2024, 5, 10), is_key=True)
    assert states(tree, D(2024, 5, 2), "resettlement.not_collected") == []
    assert states(tree, D(2024, 5, 3), "resettlement.not_collected")[0][1] == "upcoming"
    assert states(tree, D(2024, 5, 3), "resettlement.verify_before_release")[0][1] == "upcoming"
    rs.verify(actor=None, person=key, verified_on=D(2024, 5, 3))
    assert states(tree, D(2024, 5, 4), "resettlement.verify_before_release") == []
    rs.record_release(actor=None, person=key, released_on=D(2024, 5, 10))
    assert states(tree, D(2024, 5, 11), "resettlement.not_collected")[0][1] == "overdue"
    rs.record_collection(actor=None, person=key, collected_on=D(2024, 5, 10), collected_by="司法所 李某、家属")
    assert states(tree, D(2024, 5, 11), "resettlement.not_collected") == []
    # contact within 7 days: day 7 due, day 8 overdue
    assert states(tree, D(2024, 5, 17), "resettlement.not_contacted_7_days")[0][1] == "due"
    assert states(tree, D(2024, 5, 18), "resettlement.not_contacted_7_days")[0][1] == "overdue"
    rs.hand_over(actor=None, person=key, handed_over_on=D(2024, 5, 12), tier="high")
    assert states(tree, D(2024, 5, 18), "resettlement.not_contacted_7_days") == []
    # risk review every 6 months (from 5-12: 11-12), warned 15 days ahead
    assert states(tree, D(2024, 10, 27), "resettlement.risk_review_due") == []
    assert states(tree, D(2024, 10, 28), "resettlement.risk_review_due")[0][1] == "upcoming"
    assert states(tree, D(2024, 11, 13), "resettlement.risk_review_due")[0][1] == "overdue"
    rs.review_risk(actor=None, person=key, reviewed_on=D(2024, 11, 12), tier="medium")
    assert states(tree, D(2024, 11, 13), "resettlement.risk_review_due") == []


def test_assistance_ending(tree):
    assisting(tree["office"], full_name="期满某", released_on=D(2019, 7, 1))
    assert states(tree, D(2024, 5, 31), "resettlement.assistance_ending") == []
    assert states(tree, D(2024, 6, 1), "resettlement.assistance_ending")[0][1] == "upcoming"
    assert states(tree, D(2024, 7, 1), "resettlement.assistance_ending")[0][1] == "due"


def test_alerts_stay_under_the_path(tree):
    subject(tree["other_office"], "X-1", reported_on=None, effective_on=D(2024, 3, 1))
    assert engine.collect(tree["county"].path, D(2024, 3, 20), codes=["correction.report_due"]) == []
    assert len(engine.collect(tree["city"].path, D(2024, 3, 20), codes=["correction.report_due"])) == 1
