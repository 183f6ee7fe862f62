"""The demo month of casework: an office clerk finds the month's registers filled and today's overdue items."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.accounts import seeding as account_seeding
from sifasuo.accounts.models import User
from sifasuo.alerts import engine
from sifasuo.casework import seeding
from sifasuo.casework.models import MediationCase, PublicityEvent, ScreeningRound
from sifasuo.orgunits import seeding as unit_seeding
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_demo_month_and_what_is_overdue_today():
    unit_seeding.seed(scale="demo", seed=1, log=lambda *a: None)
    account_seeding.seed(scale="demo", seed=1, log=lambda *a: None)
    summary = seeding.seed(scale="demo", seed=1, log=lambda *a: None)
    assert summary.startswith("登记簿与人民调解：")
    staff = User.objects.get(username="sartu_staff")
    office = staff.unit
    cases = MediationCase.objects.filter(unit=office)
    # 13 complete months of history (closed cases) and this month's twelve in every state
    months = {(d.year, d.month) for d in cases.values_list("registered_on", flat=True)}
    assert len(months) >= 13
    recent = cases.filter(registered_on__gte=datetime.date.today() - datetime.timedelta(days=34))
    assert recent.filter(status__in=("registered", "accepted")).count() >= 4
    assert set(cases.values_list("status", flat=True)) == {"registered", "accepted", "closed", "archived"}
    assert set(cases.exclude(outcome="").values_list("outcome", flat=True)) == {"success", "failure"}
    assert ScreeningRound.objects.filter(unit=office).exists() and PublicityEvent.objects.exists()
    today = datetime.date.today()
    codes = {a.rule for a in engine.alerts_for(staff, today)}
    assert {"casework.case_open_30_days", "casework.follow_up_missing", "casework.confirmation_window",
            "casework.committee_term"} <= codes
    client = client_for(staff)
    for url in ("/casework/", "/casework/cases/", f"/casework/publicity/print/?month={today:%Y-%m}"):
        assert client.get(url).status_code == 200


def test_the_history_is_the_same_for_the_same_seed(db):
    """The demo's history is deterministic: the same seed plans the same cases and items, another seed not."""
    from sifasuo.core.seeding import history_months

    unit_seeding.seed(scale="demo", seed=1, log=lambda *a: None)
    from sifasuo.orgunits.models import OrgUnit

    offices = list(OrgUnit.objects.filter(level=4).order_by("code")[:5])
    months = history_months(datetime.date(2026, 6, 15))

    def plan(seed):
        cases, records = seeding.history_rows(seed, offices, months)
        return ([(c["unit"].code, c["registered_on"], c["outcome"], c["title"]) for c in cases],
                {m.__name__: [(n, r["unit"].code, sorted((k, str(v)) for k, v in r.items() if k != "unit"))
                              for n, r in rows] for m, rows in records.items()})

    assert plan(1) == plan(1)
    assert plan(1) != plan(2)
