"""A step on a supervised or assisted person refused for a value outside its list (the message names the list)
or a date before the step it follows (both dates named): every problem at once, nothing written. The checks
are core.validation's one_of and not_before, shared by correction and resettlement (issue 17)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.correction import services as correction
from sifasuo.resettlement import services as resettlement
from tests.scope_builders.correction import subject
from tests.scope_builders.resettlement import assisting

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_check_in_of_no_known_method_before_the_report_is_refused_whole(tree):
    s = subject(tree["office"], "ST-1", reported_on=D(2024, 3, 5))
    with pytest.raises(ValidationError) as refused:
        correction.record_check_in(actor=None, subject=s, method="email", on=D(2024, 3, 4))
    assert refused.value.message_dict == {"method": ["报告方式“email”无效，应为：电话报告、当面报告、书面报告"],
                                          "on": ["报告日期 2024-03-04 早于报到日期 2024-03-05"]}
    with pytest.raises(ValidationError) as refused:
        correction.add_sanction(actor=None, subject=s, kind="fine", on=D(2024, 3, 1), reason="")
    assert refused.value.message_dict == {"kind": ["奖惩类型“fine”无效，应为：表扬、训诫、警告、提请撤销缓刑、假释或收监执行"],
                                          "reason": ["请填写事实与理由"],
                                          "on": ["决定日期 2024-03-01 早于报到日期 2024-03-05"]}
    assert not s.check_ins.exists() and not s.sanctions.exists()


def test_a_placement_or_assistance_outside_the_lists_and_before_the_release_is_refused_whole(tree):
    p = assisting(tree["office"], released_on=D(2024, 5, 1))   # handed over 2024-05-03
    with pytest.raises(ValidationError) as refused:
        resettlement.set_placement(actor=None, person=p, placement="abroad", placed_on=D(2024, 4, 30))
    assert refused.value.message_dict == {
        "placement": ["安置情况“abroad”无效，应为：就业、自主创业、务农、就学、纳入社会救助、未安置"],
        "placed_on": ["安置日期 2024-04-30 早于释放日期 2024-05-01"]}
    with pytest.raises(ValidationError) as refused:
        resettlement.record_assistance(actor=None, person=p, on=D(2024, 5, 2), kind="letter", note="写信")
    assert refused.value.message_dict == {"kind": ["帮教方式“letter”无效，应为：走访、谈话教育、就业帮扶、社会救助、其他"],
                                          "on": ["帮教日期 2024-05-02 早于衔接日期 2024-05-03"]}
    p.refresh_from_db()
    assert p.placement == "" and p.placed_on is None and not p.assistance.exists()


def test_a_step_dated_after_today_is_refused(tree):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    s = subject(tree["office"], "ST-3", reported_on=D(2024, 3, 5))
    with pytest.raises(ValidationError) as refused:
        correction.record_check_in(actor=None, subject=s, method="phone", on=tomorrow)
    assert refused.value.message_dict == {"on": [f"报告日期 {tomorrow.isoformat()} 晚于今天，不能登记将来的事"]}
    p = assisting(tree["office"], released_on=D(2024, 5, 1))
    with pytest.raises(ValidationError) as refused:
        resettlement.record_assistance(actor=None, person=p, on=tomorrow, kind="visit", note="走访")
    assert refused.value.message_dict == {"on": [f"帮教日期 {tomorrow.isoformat()} 晚于今天，不能登记将来的事"]}
    assert not s.check_ins.exists() and not p.assistance.exists()


def test_a_step_on_a_person_outside_the_actors_scope_is_refused_before_its_state(tree, accounts):
    """Scope first (core.scoping), then the state under a row lock: every step goes through one _step."""
    outsider = accounts["other_county_admin"]
    s = subject(tree["office"], "ST-2", reported_on=D(2024, 3, 5))
    with pytest.raises(ValidationError) as refused:
        correction.record_check_in(actor=outsider, subject=s, method="phone", on=D(2024, 3, 6))
    assert list(refused.value.message_dict) == ["unit"] and "不在您的管辖范围内" in refused.value.message_dict["unit"][0]
    p = assisting(tree["office"], released_on=D(2024, 5, 1))
    with pytest.raises(ValidationError) as refused:
        resettlement.set_placement(actor=outsider, person=p, placement="employed", placed_on=D(2024, 6, 1))
    assert refused.value.message_dict == {"unit": ["帮教对象不存在，或不在您的管辖范围内"]}
    assert not s.check_ins.exists()
    p.refresh_from_db()
    assert p.placement == ""
