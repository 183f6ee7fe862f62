"""Foreign-county rows of resettlement for the scope walk, and a builder the resettlement tests share."""

from __future__ import annotations

import datetime

from sifasuo.resettlement import services
from sifasuo.resettlement.models import AssistanceRecord, ReleasedPerson, RiskReview
from tests.factories import FOREIGN_MARKER
from tests.scope_builders.correction import id_for

D = datetime.date


def person(unit, *, full_name="刘某", expected_release_on=D(2024, 5, 1), is_key=False, **extra) -> ReleasedPerson:
    return services.register_notice(
        actor=None, unit=unit, full_name=full_name, id_number=extra.pop("id_number", None) or id_for(unit, full_name),
        crime=extra.pop("crime", "抢劫罪"), released_from=extra.pop("released_from", "山东省济南监狱"),
        expected_release_on=expected_release_on, notice_received_on=extra.pop("notice_received_on", expected_release_on - datetime.timedelta(days=30)),
        is_key=is_key, **extra)


def assisting(unit, *, full_name="刘某", released_on=D(2024, 5, 1), **extra) -> ReleasedPerson:
    p = person(unit, full_name=full_name, expected_release_on=released_on, **extra)
    services.record_release(actor=None, person=p, released_on=released_on)
    return services.hand_over(actor=None, person=p, handed_over_on=released_on + datetime.timedelta(days=2))


def _foreign(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_resettlement", {})
    if cache:
        return cache
    p = assisting(tree["other_office"], full_name=f"{FOREIGN_MARKER}周某")
    services.record_assistance(actor=None, person=p, on=D(2024, 6, 1), kind="visit", note=f"{FOREIGN_MARKER}走访")
    services.review_risk(actor=None, person=p, reviewed_on=D(2024, 6, 2), tier="low", note=f"{FOREIGN_MARKER}复评")
    cache.update({ReleasedPerson: [p], AssistanceRecord: list(p.assistance.all()),
                  RiskReview: list(p.risk_reviews.filter(note__contains=FOREIGN_MARKER))})
    return cache


FOREIGN_BUILDERS = {model: (lambda m: lambda tree, accounts: _foreign(tree, accounts)[m])(model)
                    for model in (ReleasedPerson, AssistanceRecord, RiskReview)}
