"""`sifasuo seed` builds the real tree from the division-code package, deterministically."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from sifasuo.accounts.models import User
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.orgunits.seeding import division_rows

DAQING_COUNTIES = ["萨尔图区司法局", "龙凤区司法局", "让胡路区司法局", "红岗区司法局", "大同区司法局",
                   "肇州县司法局", "肇源县司法局", "林甸县司法局", "杜尔伯特蒙古族自治县司法局"]


@pytest.mark.django_db
def test_demo_scale_has_real_names_and_codes():
    out = io.StringIO()
    call_command("seed", scale="demo", seed=1, stdout=out)
    daqing = OrgUnit.objects.get(code="230600")
    assert daqing.name == "大庆市司法局" and daqing.parent.name == "黑龙江省司法厅"
    counties = list(OrgUnit.objects.filter(parent=daqing).order_by("code").values_list("name", flat=True))
    assert counties == DAQING_COUNTIES  # seed 000 names nine counties/districts
    assert set(OrgUnit.objects.filter(parent__code="140300").values_list("division_name", flat=True)) == {
        "城区", "矿区", "郊区", "平定县", "盂县"}
    sartu = OrgUnit.objects.get(code="230602013")
    assert sartu.name == "萨尔图街道司法所" and sartu.kind == "street"
    assert OrgUnit.objects.filter(level=Level.WORKSTATION, path__startswith=sartu.path).exists()
    for unit in OrgUnit.objects.filter(level=Level.WORKSTATION)[:50]:
        assert unit.code.startswith(unit.parent.code) and len(unit.code) == 12
    hubs = OrgUnit.objects.filter(is_hub=True)
    assert hubs.exists()
    for member in OrgUnit.objects.filter(hub__isnull=False).select_related("hub")[:50]:
        assert member.hub.parent_id == member.parent_id
    assert User.objects.filter(username="sartu_clerk", unit__code="230602").exists()
    assert "演示账号" in out.getvalue()
    # Synthetic people: valid ID numbers with the county's real code, consistent birth date and sex.
    from sifasuo.core import idnumbers
    from sifasuo.staff.models import StaffMember

    staff = list(StaffMember.objects.select_related("unit")[:300])
    assert len(staff) == 300
    for member in staff:
        info = idnumbers.parse(member.id_number)
        assert info.region_code == member.unit.code[:6]
        assert (info.birth_date, info.sex) == (member.birth_date, member.sex)
        assert 2 <= len(member.full_name) <= 4
    with pytest.raises(CommandError, match="已有单位数据"):
        call_command("seed", scale="demo", stdout=io.StringIO())
    _directors_are_roster_entries()
    _the_history_tells_a_story()


def _directors_are_roster_entries():
    """One person, one name (issue 18): an office's premises record points at the director on its roster; the
    demo showed every director as a typed name "（未关联花名册）"."""
    from sifasuo.staff.choices import Position
    from sifasuo.staff.selectors import serving
    from sifasuo.standards.models import OfficeProfile

    with_director = set(serving().filter(position=Position.DIRECTOR).values_list("unit_id", flat=True))
    profiles = list(OfficeProfile.objects.filter(unit_id__in=with_director).select_related("director"))
    assert profiles
    for profile in profiles:
        assert profile.director is not None and profile.director.unit_id == profile.unit_id, profile.unit_id
        assert profile.director.position == Position.DIRECTOR and profile.director_name == ""


def _the_history_tells_a_story():
    """At least 13 months of varied history per office, through the services: cases, information items,
    trainings, correction and resettlement events; the demo counties' monthly reports; and dashboards, rankings,
    scores and alerts that differ between offices."""
    import datetime

    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from sifasuo.alerts import engine
    from sifasuo.casework.models import InfoItem, MediationCase
    from sifasuo.core.seeding import history_months
    from sifasuo.indicators import selectors, services
    from sifasuo.indicators.models import AssessmentResult, OfficeScore
    from sifasuo.reporting.models import Report
    from sifasuo.resettlement.models import ReleasedPerson
    from sifasuo.staff.models import TrainingRecord

    today = datetime.date.today()
    months = history_months(today)
    assert len(months) == 13
    offices = OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True)
    per_office = (MediationCase.objects.filter(registered_on__gte=months[0], registered_on__lt=today.replace(day=1))
                  .annotate(m=TruncMonth("registered_on")).values("unit_id").annotate(n=Count("m", distinct=True)))
    assert {r["unit_id"]: r["n"] for r in per_office} == {o.pk: 13 for o in offices}
    info_months = (InfoItem.objects.filter(reported_on__gte=months[0]).annotate(m=TruncMonth("reported_on"))
                   .values("m").distinct().count())
    assert info_months >= 13
    assert TrainingRecord.objects.filter(year=today.year - 1).exists() and TrainingRecord.objects.filter(
        year=today.year).exists()
    released = ReleasedPerson.objects.filter(released_on__gte=months[0]).values("unit_id").distinct().count()
    assert released >= offices.count() * 0.9
    assert ReleasedPerson.objects.filter(reoffended_on__isnull=False).exists()
    from sifasuo.correction.models import CorrectionSubject
    assert CorrectionSubject.objects.filter(out_of_contact_since__isnull=False).exists()
    sartu = OrgUnit.objects.get(code="230602")
    report_months = (Report.objects.filter(unit__path__under=sartu.path, template__code="office_monthly")
                     .values("period_start").distinct().count())
    assert report_months >= 13
    late = Report.objects.filter(unit__path__under=sartu.path, on_time=False).count()
    on_time = Report.objects.filter(unit__path__under=sartu.path, on_time=True).count()
    assert late and on_time > late
    # differentiated: a county's offices rank differently, their scores and funds differ, some are commended
    last = services.last_complete_month(today)
    year = selectors.dashboard(sartu, last.year, None)
    rates = {r["values"]["mediation_success_rate"] for r in year["ranking"]}
    assert len(rates) >= 5
    composites = set(OfficeScore.objects.filter(scheme__unit=sartu).values_list("composite", flat=True))
    assert len(composites) >= 5
    assert AssessmentResult.objects.filter(commended=True).exists()
    shortfalls = engine.collect(OrgUnit.objects.get(code="230600").path, today,
                                codes=["indicators.office_shortfall"])
    short_offices = {a.unit_id for a in shortfalls}
    assert short_offices and len(short_offices) < offices.filter(path__startswith="/230000/230600/").count()


def test_same_seed_same_data_and_province_size():
    a = division_rows("province", seed=7)
    b = division_rows("province", seed=7)
    assert a == b
    levels = Counter(r.level for r in a)
    # Shandong (seed 004): 16 cities, 136 counties; the data package has 1,807 townships in them.
    assert levels[Level.CITY] == 16 and levels[Level.COUNTY] == 136 and levels[Level.OFFICE] == 1807
    assert 11_500 <= levels[Level.WORKSTATION] <= 12_500  # SD-1: about 12,000 rural communities
    assert division_rows("province", seed=8) != a
