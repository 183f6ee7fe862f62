"""Steps a record goes through once (宣告, 脱管, 核查, 核实, 接回) are dated one way (core.transitions.record_once,
issue 17): a second date is refused naming the first, a date before the step it follows or after today is
refused naming both dates, and nothing is saved on a refusal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.correction import services as correction
from sifasuo.resettlement import services
from sifasuo.resettlement.models import ReleasedPerson
from tests.scope_builders.correction import subject
from tests.scope_builders.resettlement import person

D = datetime.date
TODAY = datetime.date.today()


def refusal(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def test_verification_and_confirmation_each_once_and_in_order(tree, accounts):
    clerk = accounts["county_clerk"]
    p = person(tree["office"], expected_release_on=D(2024, 5, 1))            # notice received 2024-04-01
    assert refusal(services.confirm, actor=clerk, person=p, confirmed_on=TODAY + datetime.timedelta(days=1)) == {
        "confirmed_on": ["请先核查，再核实",
                         f"核实日期 {(TODAY + datetime.timedelta(days=1)).isoformat()} 晚于今天，不能登记将来的事"]}
    assert refusal(services.verify, actor=clerk, person=p, verified_on=D(2024, 3, 31)) == {
        "verified_on": ["核查日期 2024-03-31 早于收到通知日期 2024-04-01"]}
    services.verify(actor=clerk, person=p, verified_on=D(2024, 4, 10))
    assert refusal(services.verify, actor=clerk, person=p, verified_on=D(2024, 4, 11)) == {
        "verified_on": ["已于 2024-04-10 核查"]}
    assert refusal(services.confirm, actor=clerk, person=p, confirmed_on=D(2024, 4, 9)) == {
        "confirmed_on": ["核实日期 2024-04-09 早于核查日期 2024-04-10"]}
    services.confirm(actor=clerk, person=p, confirmed_on=D(2024, 4, 12))
    assert refusal(services.confirm, actor=clerk, person=p, confirmed_on=D(2024, 4, 13)) == {
        "confirmed_on": ["已于 2024-04-12 核实"]}
    fresh = ReleasedPerson.objects.get(pk=p.pk)
    assert (fresh.verified_on, fresh.confirmed_on) == (D(2024, 4, 10), D(2024, 4, 12))


def test_collection_needs_the_release_and_the_collector_and_keeps_both(tree, accounts):
    clerk = accounts["county_clerk"]
    p = person(tree["office"], expected_release_on=D(2024, 5, 1), is_key=True)
    assert refusal(services.record_collection, actor=clerk, person=p, collected_on=D(2024, 5, 1),
                   collected_by=" ") == {"collected_on": ["尚未登记释放，不能登记接回"], "collected_by": ["请填写接回人员"]}
    services.record_release(actor=clerk, person=p, released_on=D(2024, 5, 1))
    assert refusal(services.record_collection, actor=clerk, person=p, collected_on=D(2024, 4, 30),
                   collected_by="司法所张某") == {"collected_on": ["接回日期 2024-04-30 早于释放日期 2024-05-01"]}
    assert ReleasedPerson.objects.get(pk=p.pk).collected_by == ""
    services.record_collection(actor=clerk, person=p, collected_on=D(2024, 5, 1), collected_by=" 司法所张某 ")
    fresh = ReleasedPerson.objects.get(pk=p.pk)
    assert (fresh.collected_on, fresh.collected_by) == (D(2024, 5, 1), "司法所张某")
    assert refusal(services.record_collection, actor=clerk, person=p, collected_on=D(2024, 5, 2),
                   collected_by="家属") == {"collected_on": ["已于 2024-05-01 接回"]}


def test_out_of_contact_is_marked_once_and_not_before_the_report(tree, accounts):
    clerk = accounts["county_clerk"]
    s = subject(tree["office"], "ONCE-1", reported_on=D(2024, 3, 5), end_on=TODAY + datetime.timedelta(days=300))
    assert refusal(correction.mark_out_of_contact, actor=clerk, subject=s, since=D(2024, 3, 4)) == {
        "out_of_contact_since": ["脱管起始日期 2024-03-04 早于报到日期 2024-03-05"]}
    correction.mark_out_of_contact(actor=clerk, subject=s, since=D(2024, 6, 1))
    assert refusal(correction.mark_out_of_contact, actor=clerk, subject=s, since=D(2024, 6, 2)) == {
        "out_of_contact_since": ["已于 2024-06-01 起标记为脱管"]}
