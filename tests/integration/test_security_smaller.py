"""Smaller findings of the security review: writes that bypassed the change log, and correction figures on
the dashboard of workstation staff."""

from __future__ import annotations

import datetime

from sifasuo.core.models import ChangeLogEntry
from sifasuo.correction import services as correction
from sifasuo.correction.models import LocationPeriod
from sifasuo.reporting import aggregates
from sifasuo.reporting import services as reporting
from sifasuo.reporting.models import Report
from tests.conftest import client_for
from tests.scope_builders.casework import case
from tests.scope_builders.correction import subject
from tests.scope_builders.reporting import monthly_template

D = datetime.date


def _entries(obj):
    return ChangeLogEntry.objects.filter(content_type__model=obj._meta.model_name, object_id=str(obj.pk),
                                         action="update")


def test_ending_a_correction_logs_the_closing_of_its_location_period(tree, accounts):
    s = subject(tree["office"], "LOG-1", reported_on=D(2024, 3, 5))
    period = correction.start_location(actor=None, subject=s, start_on=D(2024, 4, 1), end_on=D(2024, 6, 30),
                                       reason="多次未按时报告")
    correction.end_correction(actor=accounts["county_clerk"], subject=s, ended_on=D(2024, 5, 1), reason="death")
    assert LocationPeriod.objects.get(pk=period.pk).closed_on == D(2024, 5, 1)
    entry = _entries(period).get()
    assert (entry.before["closed_on"], entry.after["closed_on"]) == (None, "2024-05-01")


def test_recompiled_report_values_are_logged_with_before_and_after(tree):
    template = monthly_template()
    march = D(2024, 3, 1)
    reporting.compile_reports(template=template, start=march, path=tree["county"].path)
    report = Report.objects.get(template=template, unit=tree["office"], period_start=march)
    assert report.values["mediation_accepted"] == 0
    case(tree["office"], registered_on=D(2024, 3, 10))
    reporting.compile_reports(template=template, start=march, path=tree["county"].path)
    entry = _entries(report).get()
    assert (entry.before["values"]["mediation_accepted"], entry.after["values"]["mediation_accepted"]) == (0, 1)
    assert entry.unit_path == tree["office"].path
    # compiling again with nothing new changes nothing and logs nothing
    reporting.compile_reports(template=template, start=march, path=tree["county"].path)
    assert _entries(report).count() == 1


def test_workstation_staff_see_no_correction_figures_on_the_dashboard(tree, accounts):
    s = subject(tree["workstation"], "DASH-1", reported_on=D(2024, 3, 5))
    correction.mark_out_of_contact(actor=None, subject=s, since=D(2024, 3, 20))
    aggregates.refresh(tree["province"].path, D(2024, 3, 1), D(2024, 3, 1))
    for role, sees in (("workstation_staff", False), ("office_director", True), ("leader", True)):
        client = client_for(accounts[role])
        page = client.get("/indicators/?year=2024&month=3").content.decode()
        assert ("社区矫正脱管人数" in page) is sees, role
        assert ("社区矫正漏管人数" in page) is sees, role
        api = client.get("/api/indicator-values/?year=2024&month=3").json()
        assert ("out_of_contact" in {i["code"] for i in api["indicators"]}) is sees, role
        for export in ("indicators", "trend"):
            sheet = client.get(f"/indicators/?year=2024&month=3&export={export}&as=csv").content.decode("utf-8-sig")
            assert ("脱管" in sheet) is sees, (role, export)
