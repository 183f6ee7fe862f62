"""Reads for recruitment: quotas computed from the roster in the database, under the unit's policy; the stage
an application is really at; and every query the recruitment pages and API read (D90). A read of records that
belong to units goes through the scoping function: a function taking `user` restricts itself, one taking
`rows` shapes (joins, counts, order) rows a scoped view or field has already restricted."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from sifasuo import policy as engine
from sifasuo.core.scoping import restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.staff.choices import AUXILIARY_TYPES
from sifasuo.staff.models import StaffMember
from sifasuo.staff.selectors import counts_by_unit_and_type

from . import policies
from .choices import AnnouncementStatus, ApplicationStatus, CheckResult, PlanStatus
from .models import (
    Announcement,
    Application,
    ApplicationDocument,
    NamedList,
    NamedListEntry,
    PlanEvent,
    PlanLine,
    Post,
    RecruitmentPlan,
)


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


# --- the pages' and the API's reads (D90) ------------------------------------------------------------------


def one_of(rows: QuerySet, pk: int | None):
    """The row of `rows` with that id, or None."""
    return rows.filter(pk=pk).first() if pk is not None else None


def the_only(rows: QuerySet):
    """The one row of `rows` when there is exactly one, else None (one query)."""
    found = list(rows[:2])
    return found[0] if len(found) == 1 else None


# units


def counties_in_scope(user) -> QuerySet:
    """Open county bureaus the user may see: their own county, or those under their city or province."""
    return restrict(OrgUnit.objects.filter(level=Level.COUNTY, closed_on__isnull=True), user).order_by("path")


def county_by_code(counties: QuerySet, code: str) -> OrgUnit | None:
    return counties.filter(code=code).first()


def county_choices(user) -> list[tuple[str, str]]:
    """(code, name) of the counties in the user's scope, for a drop-down."""
    return list(counties_in_scope(user).values_list("code", "name"))


def open_offices(user, county: OrgUnit) -> QuerySet:
    """The county's open judicial offices in the user's scope, by code."""
    return restrict(OrgUnit.objects.filter(parent=county, level=Level.OFFICE, closed_on__isnull=True),
                    user).order_by("code")


def list_owners(user) -> QuerySet:
    """The bureaus in scope that may own a named list: county level and above."""
    return restrict(OrgUnit.objects.filter(level__in=(Level.PROVINCE, Level.CITY, Level.COUNTY),
                                           closed_on__isnull=True), user).order_by("path")


def serving_auxiliaries(user) -> QuerySet:
    """Serving auxiliary staff in the user's scope (DQ-4, YQ-3: an internal applicant is picked from them)."""
    return (restrict(StaffMember.objects.filter(left_on__isnull=True, staff_type__in=AUXILIARY_TYPES), user)
            .select_related("unit").order_by("unit__path", "full_name"))


def roster_sources() -> QuerySet:
    """Roster records an API application may name as its source (the field scopes them)."""
    return StaffMember.objects.select_related("unit")


# plans


def plan_rows(rows: QuerySet) -> QuerySet:
    """The plan list: each plan with its county and its planned total, the newest year first."""
    return (rows.select_related("unit").annotate(planned_sum=Coalesce(Sum("lines__planned"), Value(0)))
            .order_by("-year", "unit__path"))


def plans_with_unit() -> QuerySet:
    """Plans with their county (for a field or a view that scopes them)."""
    return RecruitmentPlan.objects.select_related("unit")


def plans_with_lines() -> QuerySet:
    """Plans with their lines and events, for the API (restricted by the viewset)."""
    return (plans_with_unit()
            .prefetch_related(Prefetch("lines", PlanLine.objects.select_related("office")),
                              Prefetch("events", PlanEvent.objects.select_related("actor")))
            .order_by("-year", "unit__path"))


def visible_plans(user) -> QuerySet:
    return restrict(plans_with_unit(), user)


def county_plans(user, county: OrgUnit) -> QuerySet:
    """The county's plans in the user's scope, the newest year first."""
    return restrict(RecruitmentPlan.objects.filter(unit=county), user).order_by("-year")


def plans_to_announce(user, county: OrgUnit) -> QuerySet:
    """The county's approved or filed plans an announcement may follow (DQ-6, YQ-2)."""
    return county_plans(user, county).filter(status__in=[PlanStatus.APPROVED, PlanStatus.FILED])


def plan_lines(user, plan: RecruitmentPlan) -> list[PlanLine]:
    return list(restrict(PlanLine.objects.filter(plan=plan).select_related("office"), user))


def plan_events(user, plan: RecruitmentPlan) -> list[PlanEvent]:
    return list(restrict(PlanEvent.objects.filter(plan=plan).select_related("actor"), user))


def offices_of(county: OrgUnit) -> QuerySet:
    """The county's judicial offices, open or closed (an API post names its office by code)."""
    return OrgUnit.objects.filter(parent=county, level=Level.OFFICE)


def open_counties() -> QuerySet:
    """Every open county bureau, by path (the quota API restricts them)."""
    return OrgUnit.objects.filter(level=Level.COUNTY, closed_on__isnull=True).order_by("path")


# announcements and posts


def announcement_rows(rows: QuerySet) -> QuerySet:
    """The announcement list: each with its county and number of applications, the newest first."""
    return (rows.select_related("unit").annotate(application_count=Count("applications"))
            .order_by("-announced_on", "-id"))


def announcement_pages() -> QuerySet:
    """An announcement's page and its steps: with its county and plan (the view scopes them)."""
    return Announcement.objects.select_related("unit", "plan")


def with_posts(announcements: QuerySet) -> QuerySet:
    """Announcements with their posts and the posts' offices (one more query for all)."""
    return announcements.prefetch_related("posts__office")


def announcements_with_posts() -> QuerySet:
    """Announcements with their county and posts, the newest first (the API restricts them)."""
    return with_posts(Announcement.objects.select_related("unit")).order_by("-announced_on", "-id")


def visible_announcements(user) -> QuerySet:
    return restrict(Announcement.objects.select_related("unit"), user)


def county_announcement(user, county: OrgUnit, pk: int) -> Announcement | None:
    return restrict(Announcement.objects.filter(unit=county), user).filter(pk=pk).first()


def open_announcements(today: datetime.date) -> QuerySet:
    """Announcements taking or about to take registrations. Published announcements are public: they are the
    one recruitment read not restricted to a unit (applications always are)."""
    return (Announcement.objects.filter(status=AnnouncementStatus.OPEN, registration_deadline__gte=today)
            .select_related("unit").order_by("registration_deadline", "id"))


def open_posts(today: datetime.date) -> QuerySet:
    """Posts of open announcements, with their announcement and office."""
    return (Post.objects.select_related("announcement__unit", "office")
            .filter(announcement__in=open_announcements(today)))


def posts_of(announcement: Announcement) -> QuerySet:
    """The announcement's posts with their offices, by code."""
    return announcement.posts.select_related("office").order_by("code")


def posts_with_applicants(announcement: Announcement) -> QuerySet:
    return posts_of(announcement).annotate(applicants=Count("applications"))


def posts_for_api() -> QuerySet:
    """Posts with their announcement (the API's field scopes them)."""
    return Post.objects.select_related("announcement")


# applications


def applications_of(user, announcement: Announcement) -> QuerySet:
    """The announcement's applications the user may see (an applicant: their own)."""
    return restrict(Application.objects.filter(announcement=announcement), user)


def status_counts(user, announcement: Announcement) -> dict[str, int]:
    """{status: number of applications} of the announcement in the user's scope (one GROUP BY)."""
    return dict(applications_of(user, announcement).values_list("status").annotate(n=Count("id")).order_by())


def ranked_applications(user, announcement: Announcement) -> QuerySet:
    """The ranked applications of the announcement, by post and rank."""
    return (applications_of(user, announcement).filter(rank__isnull=False)
            .select_related("post__office").order_by("post__code", "rank", "id"))


def in_announcement(rows: QuerySet, announcement: Announcement) -> QuerySet:
    return rows.filter(announcement=announcement)


APPLICATION_DETAIL = ("announcement__unit", "post__office", "reviewed_by", "staff", "staff_source",
                      "objection_resolved_by")


def application_pages() -> QuerySet:
    """One application's page: everything it shows about the announcement, post and people, in one query
    (the view scopes them)."""
    return Application.objects.select_related(*APPLICATION_DETAIL)


MY_APPLICATION = ("announcement__unit", "post__office")


def my_application_pages() -> QuerySet:
    """An applicant's application with its announcement and post (the scoping gives them their own)."""
    return Application.objects.select_related(*MY_APPLICATION)


def applications_for_api() -> QuerySet:
    """Applications with their announcement, post and hired record (the API restricts them)."""
    return (Application.objects.select_related("announcement", "post__office", "staff")
            .order_by("announcement", "post__code", "rank", "id"))


def application_documents(user, application: Application | None = None) -> QuerySet:
    """Certificates the user may read: of one application, or all in scope."""
    rows = ApplicationDocument.objects.all() if application is None else \
        ApplicationDocument.objects.filter(application=application)
    return restrict(rows, user)


# named lists


def named_list_pages() -> QuerySet:
    return NamedList.objects.select_related("unit", "imported_by")


def list_entries(user, named_list) -> QuerySet:
    return restrict(NamedListEntry.objects.filter(named_list=named_list), user)
