"""Reads for recruitment: quotas computed from the roster in the database, under the unit's policy; the stage
an application is really at."""

from __future__ import annotations

import datetime

from sifasuo import policy as engine
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.staff.selectors import counts_by_unit_and_type

from . import policies
from .choices import ApplicationStatus, CheckResult


def office_staffing(*, county: OrgUnit) -> list[engine.OfficeStaffing]:
    """Each open office of the county with its staff counted by type (two queries)."""
    return staffing_by_county(root=county).get(county, [])


def county_quota(*, county: OrgUnit, policy: engine.Policy) -> engine.CountyQuota:
    return engine.compute_quotas(policy, office_staffing(county=county), county=county.name)


def staffing_by_county(*, root: OrgUnit) -> dict[OrgUnit, list[engine.OfficeStaffing]]:
    """Every county under `root` (a city or a province) with its offices' staffing, in two queries for
    the whole tree: one GROUP BY over the roster and one list of offices."""
    counts = counts_by_unit_and_type(path_prefix=root.path)
    offices = (OrgUnit.objects.filter(path__under=root.path, level=Level.OFFICE, closed_on__isnull=True)
               .select_related("parent").order_by("code"))
    result: dict[OrgUnit, list[engine.OfficeStaffing]] = {}
    for office in offices:
        result.setdefault(office.parent, []).append(engine.OfficeStaffing(
            code=office.code, name=office.name, staff=counts.get(office.pk, {}), population=office.population))
    return result


def required_checks(policy: engine.Policy, track: str) -> tuple[str, ...]:
    """Which of 考察 (inspection) and 体检 (medical_exam) the track's procedure has (YQ-6 has both)."""
    steps: tuple[str, ...] = ()
    for rule in policy.procedure:
        if rule.applies_to(track):
            steps = rule.steps
    return tuple(step for step in ("inspection", "medical_exam") if step in steps)


def checks_done(policy: engine.Policy, application) -> bool:
    fields = {"inspection": application.inspection, "medical_exam": application.medical}
    return all(fields[step] == CheckResult.PASSED for step in required_checks(policy, application.track))


def stage(application, today: datetime.date) -> str:
    """Where an application really stands, as the applicant and the county read it: a verdict before the
    registration closed is a preview; a candidate waits for the checks or for the notice; a notice that has
    ended waits for the hire, or for an objection to be resolved."""
    status = application.status
    announcement = application.announcement
    if status == ApplicationStatus.SUBMITTED:
        return "已报名，待资格审查"
    if status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE) and announcement.registration_open(today):
        return f"资格预审{'通过' if status == ApplicationStatus.ELIGIBLE else '未通过'}（报名截止后正式审查）"
    if status == ApplicationStatus.CANDIDATE:
        policy = policies.load(announcement.policy_id)
        if not checks_done(policy, application):
            return "拟聘用，待考察、体检"
        return "拟聘用，待公示"
    if status == ApplicationStatus.NOTICE:
        if application.objection_open:
            return "公示中，有异议待处理"
        if application.notice_end and today > application.notice_end:
            return "公示期满，待聘用"
        return f"公示中（至{application.notice_end:%Y-%m-%d}）" if application.notice_end else "公示中"
    return application.get_status_display()
