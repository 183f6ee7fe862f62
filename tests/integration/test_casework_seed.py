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
    assert MediationCase.objects.filter(unit=office).count() == 12
    assert set(MediationCase.objects.filter(unit=office).values_list("status", flat=True)) == {
        "registered", "accepted", "closed", "archived"}
    assert ScreeningRound.objects.filter(unit=office).exists() and PublicityEvent.objects.exists()
    today = datetime.date.today()
    codes = {a.rule for a in engine.alerts_for(staff, today)}
    assert {"casework.case_open_30_days", "casework.follow_up_missing", "casework.confirmation_window",
            "casework.committee_term"} <= codes
    client = client_for(staff)
    for url in ("/casework/", "/casework/cases/", f"/casework/publicity/print/?month={today:%Y-%m}"):
        assert client.get(url).status_code == 200
