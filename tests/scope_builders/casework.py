"""Rows of the other county for every casework model (the scope walk), and builders the casework tests share."""

from __future__ import annotations

import datetime

from django.db.models import Model

from sifasuo.casework import services
from sifasuo.casework.models import (
    CaseParty,
    FollowUpVisit,
    InfoItem,
    LegalAidApplication,
    MediationCase,
    MediationCommittee,
    MediationSession,
    Mediator,
    Petition,
    PublicityEvent,
    ScreeningFinding,
    ScreeningRound,
    StudyMeeting,
    TypicalCase,
)
from tests.factories import FOREIGN_MARKER

D = datetime.date
ID_MALE = "370103197005061372"      # valid check digits (GB 11643)
ID_FEMALE = "370102198502075845"


def record(model, **values):
    return services.save_record(actor=None, model=model, values=values)


def committee(unit, name="调解委员会", **extra):
    extra.setdefault("term_start", D(2024, 1, 1))
    extra.setdefault("term_end", D(2026, 12, 31))
    return record(MediationCommittee, unit=unit, name=name, kind="township", **extra)


def mediator(unit, comm, full_name="王调解", **extra):
    extra.setdefault("joined_on", D(2024, 1, 1))
    extra.setdefault("sex", "M")
    extra.setdefault("role", "mediator")
    return record(Mediator, unit=unit, committee=comm, full_name=full_name, **extra)


def case(unit, *, registered_on=None, applicant="张某", respondent="李某", **extra):
    registered_on = registered_on or D(2025, 3, 3)
    extra.setdefault("source", "application")
    extra.setdefault("dispute_type", "neighbour")
    extra.setdefault("title", f"{applicant}与{respondent}排水纠纷")
    parties = [{"role": "applicant", "name": applicant}]
    if respondent:
        parties.append({"role": "respondent", "name": respondent})
    return services.register_case(actor=None, unit=unit, registered_on=registered_on, parties=parties, **extra)


def closed_case(unit, *, accepted_on=None, closed_on=None, agreement_on=None, **extra):
    accepted_on, closed_on = accepted_on or D(2025, 3, 4), closed_on or D(2025, 3, 20)
    c = case(unit, registered_on=extra.pop("registered_on", accepted_on), **extra)
    services.accept_case(actor=None, case=c, accepted_on=accepted_on)
    services.add_session(actor=None, case=c, held_on=accepted_on, summary="调解")
    return services.close_case(actor=None, case=c, outcome="success", closed_on=closed_on,
                               agreement_form="written", agreement_on=agreement_on or closed_on,
                               agreement_amount=None, agreement_content="赔偿 3000 元",
                               confirmation_wanted=True)


def _foreign(tree, accounts) -> dict[type[Model], list[Model]]:
    cache = tree.setdefault("_foreign_casework", {})
    if cache:
        return cache
    office, ws = tree["other_office"], tree["other_workstation"]
    m = FOREIGN_MARKER
    comm = committee(office, name=f"{m}调委会")
    med = mediator(office, comm, full_name=f"{m}调解员", id_number=ID_MALE)
    c = closed_case(office, applicant=f"{m}张三", respondent=f"{m}李四", title=f"{m}宅基地纠纷")
    services.record_visit(actor=None, case=c, visited_on=D(2025, 3, 25), performance="performed", note=f"{m}回访")
    rnd = record(ScreeningRound, unit=office, kind="routine", held_on=D(2025, 3, 5), scope=f"{m}全街道",
                 summary=f"{m}排查")
    finding = record(ScreeningFinding, unit=ws, screening=rnd, found_on=D(2025, 3, 5), description=f"{m}土地纠纷",
                     dispute_type="land", risk_level="high", status="open")
    cache.update({
        MediationCommittee: [comm], Mediator: [med], MediationCase: [c],
        CaseParty: list(c.parties.all()), MediationSession: list(c.sessions.all()),
        FollowUpVisit: list(c.visits.all()), ScreeningRound: [rnd], ScreeningFinding: [finding],
        TypicalCase: [services.mark_typical(actor=None, case=c, title=f"{m}典型案例", summary=f"{m}案情",
                                            recorded_on=D(2025, 3, 28))],
        Petition: [record(Petition, unit=office, kind="visit", received_on=D(2025, 3, 6), petitioner=f"{m}王五",
                          subject=f"{m}反映事项", headcount=1, result="pending")],
        StudyMeeting: [record(StudyMeeting, unit=office, kind="study", held_on=D(2025, 3, 7), topic=f"{m}学习",
                              attendees=5)],
        PublicityEvent: [record(PublicityEvent, unit=ws, held_on=D(2025, 3, 8), title=f"{m}普法", form="lecture",
                                audience=80)],
        LegalAidApplication: [record(LegalAidApplication, unit=office, applied_on=D(2025, 3, 9),
                                     applicant=f"{m}赵六", matter="labour_pay", id_number=ID_FEMALE,
                                     status="received")],
        InfoItem: [record(InfoItem, unit=office, kind="news", reported_on=D(2025, 3, 10), title=f"{m}新闻")],
    })
    return cache


def _part(model):
    return lambda tree, accounts: _foreign(tree, accounts)[model]


FOREIGN_BUILDERS = {model: _part(model) for model in (
    MediationCommittee, Mediator, MediationCase, CaseParty, MediationSession, FollowUpVisit, ScreeningRound,
    ScreeningFinding, TypicalCase, Petition, StudyMeeting, PublicityEvent, LegalAidApplication, InfoItem)}
