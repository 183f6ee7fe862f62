"""The contract office standards (issue 7) relies on: counts per office on a day."""

import datetime

from sifasuo.correction import selectors as correction_selectors
from sifasuo.correction import services
from sifasuo.resettlement import selectors as resettlement_selectors
from sifasuo.resettlement import services as resettlement_services
from tests.scope_builders.correction import subject
from tests.scope_builders.resettlement import assisting, person

D = datetime.date


def test_correction_count_by_office(tree):
    subject(tree["office"], "A-1", effective_on=D(2024, 3, 1))
    subject(tree["workstation"], "A-2", full_name="李某")              # counts for its office
    subject(tree["office2"], "A-3", full_name="陈某", effective_on=D(2024, 6, 1), start_on=D(2024, 6, 1),
            reported_on=D(2024, 6, 3))
    ended = subject(tree["office2"], "A-4", full_name="吴某", end_on=D(2024, 4, 30))
    services.end_correction(actor=None, subject=ended, ended_on=D(2024, 4, 30), reason="expired")
    subject(tree["other_office"], "B-1", full_name="外县某")
    root = tree["county"].path
    assert correction_selectors.count_by_office(root, D(2024, 5, 1)) == {tree["office"].id: 2}
    assert correction_selectors.count_by_office(root, D(2024, 4, 29)) == {tree["office"].id: 2, tree["office2"].id: 1}
    assert correction_selectors.count_by_office(root, D(2024, 6, 1)) == {tree["office"].id: 2, tree["office2"].id: 1}
    assert correction_selectors.count_by_office(root, D(2024, 2, 1)) == {}
    assert correction_selectors.count_by_office(tree["city"].path, D(2024, 5, 1)) == {
        tree["office"].id: 2, tree["other_office"].id: 1}


def test_resettlement_count_by_office(tree):
    assisting(tree["office"], full_name="甲", released_on=D(2024, 5, 1))
    assisting(tree["workstation"], full_name="乙", released_on=D(2019, 5, 1))   # five years end 2024-05-01
    person(tree["office2"], full_name="丙", expected_release_on=D(2024, 5, 1))   # not released yet
    gone = assisting(tree["office2"], full_name="丁", released_on=D(2024, 1, 10))
    resettlement_services.record_reoffence(actor=None, person=gone, on=D(2024, 6, 1), note="再次盗窃")
    root = tree["county"].path
    assert resettlement_selectors.count_by_office(root, D(2024, 5, 1)) == {tree["office"].id: 2, tree["office2"].id: 1}
    assert resettlement_selectors.count_by_office(root, D(2024, 5, 2)) == {tree["office"].id: 1, tree["office2"].id: 1}
    assert resettlement_selectors.count_by_office(root, D(2024, 6, 1)) == {tree["office"].id: 1}
