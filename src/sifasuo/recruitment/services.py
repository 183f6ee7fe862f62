"""Writes of the recruitment workflow: plans up the tree, announcements within the approved plan, applications,
closing registration, screening (a preview while registration is open), the assessment of internal
applicants, scores, ranking, checks with backfill, public notice, objections and their resolution, and hire
(converting an existing auxiliary's record on the internal track). The rules come from the policy engine
(sifasuo.policy); this module stores results and guards the order of steps: every step locks the rows it
changes and checks the state it expects."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from sifasuo import policy as engine
from sifasuo.core import idnumbers, transitions, workdays
from sifasuo.core.dates import add_months
from sifasuo.core.scoping import scope_error
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.policy import regions
from sifasuo.staff import services as staff_services
from sifasuo.staff.choices import AUXILIARY_TYPES, ExitKind, StaffType
from sifasuo.staff.models import Obligation as StaffObligation
from sifasuo.staff.models import StaffMember

from . import policies, selectors
from .choices import (
    AnnouncementStatus,
    ApplicationStatus,
    CheckResult,
    ObjectionOutcome,
    PlanAction,
    PlanStatus,
    ReviewDecision,
)
from .models import Announcement, Application, NamedList, NamedListEntry, PlanEvent, PlanLine, Post, RecruitmentPlan


@contextlib.contextmanager
def _engine_refusal(field: str | None = None):
    """The policy engine and the policy lookup say no with ValueError/LookupError and a Chinese message; the
    services speak ValidationError, like every other refusal."""
    try:
        yield
    except (LookupError, ValueError) as exc:
        raise ValidationError({field: str(exc)} if field else str(exc)) from None


# --- plans (DQ-6, YQ-2: quotas approved level by level, reported upward and filed) -----------------------


def _event(plan: RecruitmentPlan, action: str, actor, comment: str = "") -> None:
    PlanEvent.objects.create(plan=plan, action=action, actor=actor, comment=comment,
                             actor_unit=actor.unit.name if actor and actor.unit else "")


@transaction.atomic
def draft_plan(*, county: OrgUnit, year: int, actor) -> RecruitmentPlan:
    """A plan from the county's vacancies under its policy: one line per office, planned = vacancy."""
    if county.level != Level.COUNTY:
        raise ValidationError("招聘计划由县级司法局编制")
    if RecruitmentPlan.objects.filter(unit=county, year=year).exists():
        raise ValidationError(f"{county.name}{year}年的招聘计划已存在，请在原计划上修改")
    with _engine_refusal("county"):  # no policy file for the county, or data the quota rule needs
        policy = policies.policy_for(county)
        quota = selectors.county_quota(county=county, policy=policy)
    plan = RecruitmentPlan.objects.create(unit=county, year=year, policy_id=policy.id,
                                          minimum_to_recruit=quota.minimum_to_recruit, reasoning=list(quota.lines))
    offices = {o.code: o for o in OrgUnit.objects.filter(parent=county, closed_on__isnull=True)}
    planned = _initial_planned(quota)
    for office in quota.offices:
        PlanLine.objects.create(plan=plan, office=offices[office.code], staff_counted=office.counted_total,
                                required=office.required, vacancy=office.vacancy,
                                # within the upper bound per office when the policy sets one
                                planned=planned[office.code] if office.room is None
                                else min(planned[office.code], office.room))
    _event(plan, PlanAction.DRAFT, actor)
    return plan


def _initial_planned(quota: engine.CountyQuota) -> dict[str, int]:
    """Each office's planned number to start from: its vacancy; on a quota pooled over the county (YQ-2) the
    county's shortfall shared out by the offices' vacancies, largest first, so that a county at its quota
    (assistants already hired counted) plans none."""
    if quota.aggregation != "county_pooled":
        return {office.code: office.vacancy for office in quota.offices}
    remaining = quota.minimum_to_recruit
    planned = {}
    for office in sorted(quota.offices, key=lambda o: (-o.vacancy, o.code)):
        planned[office.code] = min(office.vacancy, remaining)
        remaining -= planned[office.code]
    return planned


@transaction.atomic
def set_planned(*, plan: RecruitmentPlan, planned: Mapping[int, int], note: str | None = None) -> RecruitmentPlan:
    """Change the planned numbers of a draft (or returned) plan, by office id."""
    transitions.require(plan, lambda p: not p.is_locked, lambda p: f"计划当前状态为「{p.get_status_display()}」，不能修改")
    lines = {line.office_id: line for line in plan.lines.select_related("office")}
    with _engine_refusal():
        policy = policies.load(plan.policy_id)
    for office_id, number in planned.items():
        if office_id not in lines:
            raise ValidationError(f"司法所（编号{office_id}）不在本计划中")
        if number < 0 or number > 50:
            raise ValidationError(f"「{lines[office_id].office.name}」计划招聘人数 {number} 不合理（应为0至50）")
    refusals = [engine.plan_over_maximum(policy, office=lines[office_id].office.name,
                                         counted=lines[office_id].staff_counted, planned=number)
                for office_id, number in planned.items()]
    refusals = [r for r in refusals if r]
    if refusals:
        raise ValidationError(refusals)
    for office_id, number in planned.items():
        lines[office_id].planned = number
        lines[office_id].save()
    if note is not None:
        plan.note = note
        plan.save()
    return plan


def _transition(plan: RecruitmentPlan, *, allowed: tuple[str, ...], to: str, action: str, actor,
                comment: str = "", reviewer_level: int | None = None) -> RecruitmentPlan:
    transitions.require(plan, allowed,
                        lambda p: f"计划当前状态为「{p.get_status_display()}」，不能{PlanAction(action).label}")
    if reviewer_level is not None:
        unit = getattr(actor, "unit", None)
        if not actor.is_superuser and (unit is None or unit.level != reviewer_level
                                       or scope_error(actor, plan.unit)):
            raise PermissionDenied(f"只有{Level(reviewer_level).label}可以{PlanAction(action).label}本计划")
    if to == PlanStatus.SUBMITTED and plan.planned_total < plan.minimum_to_recruit:
        raise ValidationError(f"计划招聘合计 {plan.planned_total} 人，少于员额规则要求的至少 {plan.minimum_to_recruit} 人")
    plan.status = to
    plan.save()
    _event(plan, action, actor, comment)
    return plan


def plan_refusals(plan: RecruitmentPlan) -> list[str]:
    """Lines of a plan above the quota's upper bound per office (quota.max), each with the rule id."""
    with _engine_refusal():
        policy = policies.load(plan.policy_id)
    found = (engine.plan_over_maximum(policy, office=line.office.name, counted=line.staff_counted, planned=line.planned)
             for line in plan.lines.select_related("office"))
    return [text for text in found if text]


@transaction.atomic
def submit_plan(*, plan: RecruitmentPlan, actor) -> RecruitmentPlan:
    transitions.lock(plan)  # the planned numbers checked are those no one else is changing
    if plan.planned_total < plan.minimum_to_recruit:
        raise ValidationError(f"计划招聘合计 {plan.planned_total} 人，少于员额规则要求的至少 {plan.minimum_to_recruit} 人")
    over = plan_refusals(plan)
    if over:
        raise ValidationError(over)
    return _transition(plan, allowed=(PlanStatus.DRAFT, PlanStatus.RETURNED), to=PlanStatus.SUBMITTED,
                       action=PlanAction.SUBMIT, actor=actor, reviewer_level=Level.COUNTY)


@transaction.atomic
def return_plan(*, plan: RecruitmentPlan, actor, comment: str) -> RecruitmentPlan:
    if not comment.strip():
        raise ValidationError({"comment": "退回时必须填写意见"})
    return _transition(plan, allowed=(PlanStatus.SUBMITTED,), to=PlanStatus.RETURNED, action=PlanAction.RETURN,
                       actor=actor, comment=comment.strip(), reviewer_level=Level.CITY)


@transaction.atomic
def approve_plan(*, plan: RecruitmentPlan, actor, comment: str = "") -> RecruitmentPlan:
    return _transition(plan, allowed=(PlanStatus.SUBMITTED,), to=PlanStatus.APPROVED, action=PlanAction.APPROVE,
                       actor=actor, comment=comment.strip(), reviewer_level=Level.CITY)


@transaction.atomic
def file_plan(*, plan: RecruitmentPlan, actor, comment: str = "") -> RecruitmentPlan:
    return _transition(plan, allowed=(PlanStatus.APPROVED,), to=PlanStatus.FILED, action=PlanAction.FILE,
                       actor=actor, comment=comment.strip(), reviewer_level=Level.PROVINCE)



# --- state transitions: one at a time (core.transitions, D41) -------------------------------------------


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _registration_closed(announcement: Announcement, today: datetime.date, step: str) -> None:
    if announcement.registration_open(today):
        raise ValidationError(
            f"报名尚未截止（截止日期 {announcement.registration_deadline:%Y-%m-%d}），不能{step}；"
            "截止前的资格审查只是预审。如需提前截止报名，请在公告页面办理“截止报名”")


# --- announcements and posts (DQ-6, YQ-2: within the approved plan) ------------------------------------


def _filled_statuses() -> tuple[str, ...]:
    return (ApplicationStatus.CANDIDATE, ApplicationStatus.NOTICE, ApplicationStatus.HIRED)


def plan_commitments(plan: RecruitmentPlan, *, exclude: Announcement | None = None) -> dict[int, int]:
    """Positions of each office the plan's announcements already take: all positions of an announcement not
    yet ranked, and only the filled ones (candidates, in notice, hired) of one ranked, whose unfilled positions
    are free again (to be offered on the next track, DQ-4.4 / YQ-6.3)."""
    taken: dict[int, int] = {}
    posts = (Post.objects.filter(announcement__plan=plan).exclude(announcement=exclude)
             .select_related("announcement")
             .annotate(filled=Count("applications", filter=Q(applications__status__in=_filled_statuses()))))
    for post in posts:
        used = post.positions if post.announcement.ranked_at is None else post.filled
        taken[post.office_id] = taken.get(post.office_id, 0) + used
    return taken


def plan_posts(plan: RecruitmentPlan) -> list[dict]:
    """Posts an announcement under the plan starts from: each office's approved number not yet taken by the
    plan's other announcements, on the first track of the policy's order."""
    policy = policies.load(plan.policy_id)
    order = policy.allocation.order or policy.track_codes
    taken = plan_commitments(plan)
    specs = []
    for line in plan.lines.select_related("office").order_by("office__code"):
        free = line.planned - taken.get(line.office_id, 0)
        if free > 0:
            specs.append({"office": line.office, "track": order[0], "positions": free, "sex": ""})
    return specs


@transaction.atomic
def create_announcement(*, county: OrgUnit, title: str, announced_on: datetime.date,
                        registration_start: datetime.date, registration_deadline: datetime.date,
                        posts: Iterable[Mapping], plan: RecruitmentPlan | None = None, body: str = "",
                        policy_id: str | None = None) -> Announcement:
    """posts: dicts with office (OrgUnit), track, positions, sex ("" / "M" / "F"), code (optional). When the
    policy binds announcements to plans (DQ-6, YQ-2), `plan` must be the county's approved (or filed) plan of
    the year, and no office may be given more positions than the plan approved for it."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if county.level != Level.COUNTY:
        add("county", "招聘公告由县级司法局发布")
    if not (title or "").strip():
        add("title", "请填写公告标题")
    if registration_start < announced_on:
        add("registration_start", f"报名开始日期 {registration_start:%Y-%m-%d} 早于公告日期 {announced_on:%Y-%m-%d}")
    if registration_deadline < registration_start:
        add("registration_deadline",
            f"报名截止日期 {registration_deadline:%Y-%m-%d} 早于报名开始日期 {registration_start:%Y-%m-%d}")
    with _engine_refusal("county"):
        policy = policies.load(policy_id) if policy_id else policies.policy_for(county)
    if plan is not None:
        plan = transitions.lock(plan)  # two announcements from one plan at once cannot both take its last positions
        if plan.unit_id != county.pk:
            add("plan", f"招聘计划「{plan}」不是{county.name}的计划")
        elif plan.status not in (PlanStatus.APPROVED, PlanStatus.FILED):
            add("plan", f"招聘计划尚未批准（当前：{plan.get_status_display()}），不能据此发布公告")
        elif plan.year != announced_on.year:
            add("plan", f"招聘计划是{plan.year}年度的，公告日期 {announced_on:%Y-%m-%d} 不在该年度")
    elif policy.quota.binds_announcements:
        add("plan", f"按政策 {policy.quota.id}（逐级上报、审核备案），招聘公告须依据市局已批准（或省厅已备案）的"
                    f"{county.name}{announced_on.year}年招聘计划，请选择招聘计划")
    posts = list(posts)
    if not posts:
        add("posts", "至少设置一个招聘岗位")
    requested: dict[int, dict[str, int]] = {}
    offices: dict[int, OrgUnit] = {}
    for number, spec in enumerate(posts, start=1):
        office = spec["office"]
        if office.parent_id != county.pk or office.level != Level.OFFICE:
            add("posts", f"第{number}个岗位：「{office.name}」不是{county.name}的司法所")
            continue
        if spec["track"] not in policy.track_codes:
            add("posts", f"第{number}个岗位：招聘渠道「{spec['track']}」不在政策 {policy.id} 中"
                         f"（可用：{'、'.join(f'{t.code}（{t.name}）' for t in policy.tracks)}）")
            continue
        try:
            positions = int(spec["positions"])
        except (TypeError, ValueError):
            add("posts", f"第{number}个岗位：招聘人数「{spec['positions']}」不是整数")
            continue
        if not 1 <= positions <= 50:
            add("posts", f"第{number}个岗位：招聘人数应为1至50人，实际为{positions}")
            continue
        if spec.get("sex") and spec["sex"] not in ("M", "F"):
            add("posts", f"第{number}个岗位：性别要求「{spec['sex']}」无效，应为 M（男）或 F（女）")
        elif spec.get("sex") and not policy.posts.split_by_sex:
            add("posts", f"第{number}个岗位：{policy.posts.id} 本政策不分性别设岗，不能限定性别")
        offices[office.pk] = office
        by_track = requested.setdefault(office.pk, {})
        by_track[spec["track"]] = by_track.get(spec["track"], 0) + positions
    if plan is not None and "plan" not in errors:
        # DQ-6 / YQ-2: an office's positions (all tracks of this announcement, plus what the plan's other
        # announcements still take) stay within what the plan approved for it.
        planned = dict(plan.lines.values_list("office_id", "planned"))
        taken = plan_commitments(plan)
        for office_id, by_track in requested.items():
            total, limit, used = sum(by_track.values()), planned.get(office_id, 0), taken.get(office_id, 0)
            if total + used > limit:
                tracks = "、".join(f"{policy.track(t).name}{n}人" for t, n in by_track.items())
                other = f"，本计划的其他公告已占用 {used} 人" if used else ""
                add("posts", f"「{offices[office_id].name}」按{plan.year}年招聘计划批准招聘 {limit} 人，"
                             f"本公告拟招聘 {total} 人（{tracks}）{other}，超出计划")
    if errors:
        raise ValidationError(errors)
    announcement = Announcement.objects.create(
        unit=county, plan=plan, policy_id=policy.id, title=title.strip(), announced_on=announced_on,
        registration_start=registration_start, registration_deadline=registration_deadline, body=body,
        status=AnnouncementStatus.OPEN,
    )
    for number, spec in enumerate(posts, start=1):
        Post.objects.create(announcement=announcement, code=spec.get("code") or f"{number:03d}",
                            office=spec["office"], track=spec["track"], positions=int(spec["positions"]),
                            sex=spec.get("sex") or "")
    return announcement


@transaction.atomic
def close_registration(*, announcement: Announcement, actor, reason: str = "", confirm: bool = False,
                       today: datetime.date | None = None) -> Announcement:
    """Registration ends: from the deadline on, or earlier only when confirmed and with the reason recorded.
    Screening after this is final (before it, a preview)."""
    announcement = transitions.lock(announcement)
    today = _today(today)
    if announcement.status != AnnouncementStatus.OPEN:
        closed = f"（{announcement.registration_closed_on:%Y-%m-%d}）" if announcement.registration_closed_on else ""
        raise transitions.StateConflict(f"报名已经截止{closed}，公告状态为「{announcement.get_status_display()}」")
    deadline = announcement.registration_deadline
    if today < deadline:
        errors = {}
        if not confirm:
            errors["confirm"] = [(f"报名截止日期为 {deadline:%Y-%m-%d}，今天（{today:%Y-%m-%d}）截止属于提前截止，"
                                  "请勾选确认")]
        if not reason.strip():
            errors["reason"] = ["提前截止报名须填写理由（如：报名人数已足、公告有误须重新发布）"]
        if errors:
            raise ValidationError(errors)
    announcement.status = AnnouncementStatus.CLOSED
    announcement.registration_closed_on = min(today, deadline)
    announcement.registration_close_reason = reason.strip()[:300] if today < deadline else ""
    announcement.registration_closed_by = actor
    announcement.save()
    return announcement


# --- applications ----------------------------------------------------------------------------------------

APPLICATION_FIELDS = ("full_name", "id_number", "sex", "birth_date", "phone", "education", "study_mode", "major",
                      "household_region", "household_since", "residence_region", "residence_since",
                      "is_existing_auxiliary", "auxiliary_region", "declarations", "conditions")


def check_person(data: Mapping) -> idnumbers.IdInfo:
    """The ID number is valid; sex and birth date come from it (and agree with it when also given)."""
    try:
        info = idnumbers.parse(str(data.get("id_number") or ""))
    except idnumbers.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    problems = idnumbers.check_consistency(info, birth_date=data.get("birth_date"), sex=data.get("sex") or None)
    if problems:
        raise ValidationError({"id_number": problems})
    return info


def serving_auxiliary(id_number: str) -> StaffMember | None:
    """The serving roster record of an existing auxiliary (DQ-4, YQ-3) with that ID number, if any."""
    return (StaffMember.objects.filter(id_number=id_number, left_on__isnull=True, staff_type__in=AUXILIARY_TYPES)
            .select_related("unit").first())


def _from_roster(staff: StaffMember, post: Post, entered_by) -> dict:
    """The application's personal data taken from the auxiliary's roster record (nothing retyped)."""
    errors: dict[str, list[str]] = {}
    policy = policies.load(post.announcement.policy_id)
    track = policy.track(post.track)
    if not track.existing_auxiliary:
        errors["staff"] = [f"岗位 {post.code} 属于“{track.name}”，不限于现有专职辅助人员，不能从花名册选择"]
    elif scope_error(entered_by, staff.unit):
        errors["staff"] = ["所选人员不在您的管辖范围内"]
    elif staff.left_on is not None:
        errors["staff"] = [f"{staff.full_name} 已于 {staff.left_on:%Y-%m-%d} 离岗，不是在职专职辅助人员"]
    elif staff.staff_type not in AUXILIARY_TYPES:
        errors["staff"] = [f"{staff.full_name} 是{staff.get_staff_type_display()}，不是专职辅助人员"]
    if errors:
        raise ValidationError(errors)
    values = {"full_name": staff.full_name, "id_number": staff.id_number, "sex": staff.sex,
              "birth_date": staff.birth_date, "is_existing_auxiliary": True, "auxiliary_region": staff.unit.code}
    for field in ("education", "major", "phone"):
        if getattr(staff, field):
            values[field] = getattr(staff, field)
    return values


@transaction.atomic
def submit_application(*, post: Post, data: Mapping, applicant=None, entered_by=None, staff: StaffMember | None = None,
                       now: datetime.datetime | None = None) -> Application:
    """A public applicant applies online (applicant=the account) within the registration period; the county
    enters paper and internal applications until registration is closed. An internal application names the
    auxiliary's roster record (`staff`), or is matched to it by the ID number; sex and birth date always come
    from the ID number. After a preview screening, a new application is screened at once."""
    announcement = transitions.lock(post.announcement)
    post.announcement = announcement
    today = timezone.localdate(now) if now else timezone.localdate()
    errors: dict[str, list[str]] = {}
    if applicant is not None:
        if not (announcement.registration_start <= today <= announcement.registration_deadline):
            errors.setdefault("__all__", []).append(
                f"报名时间为 {announcement.registration_start:%Y-%m-%d} 至 {announcement.registration_deadline:%Y-%m-%d}，"
                "当前不在报名期内")
        if announcement.status != AnnouncementStatus.OPEN:
            errors.setdefault("__all__", []).append(f"公告状态为「{announcement.get_status_display()}」，不接受报名")
    elif announcement.status != AnnouncementStatus.OPEN:
        closed = announcement.registration_closed_on or announcement.registration_deadline
        errors.setdefault("__all__", []).append(f"报名已于 {closed:%Y-%m-%d} 截止，不能再录入报名")
    if errors:
        raise ValidationError(errors)
    data = dict(data)
    if staff is not None:
        data.update(_from_roster(staff, post, entered_by))
    for field in ("full_name", "id_number", "education"):
        if not data.get(field):
            errors.setdefault(field, []).append("此项为必填项")
    if errors:
        raise ValidationError(errors)
    info = check_person(data)
    if applicant is not None and Application.objects.filter(announcement=announcement, applicant=applicant).exists():
        raise ValidationError("您已报名本次招聘，每个账号只能报名一个岗位")
    if Application.objects.filter(announcement=announcement, id_number=info.number).exists():
        raise ValidationError({"id_number": f"身份证号码 {idnumbers.mask(info.number)} 已报名本次招聘，不能重复报名"})
    policy = policies.load(announcement.policy_id)
    declarations = dict(data.get("declarations") or {})
    known = set(_disqualification_codes(policy, post.track))
    unknown = set(declarations) - known
    if unknown:
        raise ValidationError({"declarations": f"未知的声明项：{'、'.join(sorted(unknown))}"})
    if staff is None and policy.track(post.track).existing_auxiliary:
        staff = serving_auxiliary(info.number)  # DQ-4 / YQ-3: the person on the roster, matched by ID number
        if staff is not None:
            data["is_existing_auxiliary"] = True
            data["auxiliary_region"] = data.get("auxiliary_region") or staff.unit.code
    values = {f: data.get(f) for f in APPLICATION_FIELDS if f in data}
    values.update(id_number=info.number, sex=info.sex, birth_date=info.birth_date, declarations=declarations,
                  conditions=sorted(set(data.get("conditions") or [])))
    for field in ("full_name", "major", "phone", "household_region", "residence_region", "auxiliary_region"):
        if isinstance(values.get(field), str):
            values[field] = values[field].strip()
    application = Application.objects.create(announcement=announcement, post=post, track=post.track,
                                             applicant=applicant, staff_source=staff, **values)
    if announcement.screened_at is not None:
        _screen([application], announcement, policy)
    return application


def _disqualification_codes(policy: engine.Policy, track: str) -> list[str]:
    return [code for code, _rule, _name, _by in declaration_items(policy, track, include_reviewer=True)]


def declaration_items(policy: engine.Policy, track: str, *, include_reviewer: bool = False
                      ) -> list[tuple[str, str, str, str]]:
    """(code, rule id, situation, who assesses it) of each disqualification on this track; by default only
    those the applicant declares (the reviewer assesses 不适宜的其他情形 and the like)."""
    items = []
    for rule in policy.disqualifications:
        if not rule.applies_to(track):
            continue
        for code in rule.codes:
            by = policy.vocabulary.assessed_by(code)
            if include_reviewer or by == "applicant":
                items.append((code, rule.id, policy.vocabulary.name("disqualification", code), by))
    return items


# --- screening, the assessment (YQ-3.8) and review -------------------------------------------------------


def _to_engine(application: Application) -> engine.Applicant:
    return engine.Applicant(
        birth_date=application.birth_date, sex=application.sex, education=application.education,
        major=application.major, household_region=application.household_region,
        household_since=application.household_since, residence_region=application.residence_region,
        residence_since=application.residence_since, is_existing_auxiliary=application.is_existing_auxiliary,
        auxiliary_region=application.auxiliary_region, declarations=application.declarations,
        conditions=frozenset(application.conditions), key=str(application.pk), id_number=application.id_number,
        study_mode=application.study_mode, findings=application.reviewer_findings or {},
        step_results={"assessment": application.assessment_result} if application.assessment_result else {},
        # a paper form entered by the county may leave a declaration blank: the reviewer verifies it
        undeclared_for_review=application.applicant_id is None,
    )


def reviewer_items(policy: engine.Policy, track: str) -> list[tuple[str, str, str]]:
    """(code, rule id, situation) of each disqualification only a reviewer establishes on this track."""
    return [(code, rule_id, name) for code, rule_id, name, by in declaration_items(policy, track, include_reviewer=True)
            if by != "applicant"]


def _recruitment(announcement: Announcement) -> engine.Recruitment:
    return engine.Recruitment(announcement_date=announcement.announced_on,
                              registration_deadline=announcement.registration_deadline,
                              county_code=announcement.unit.code)


def named_lists_for(*, announcement: Announcement, policy: engine.Policy) -> dict[str, engine.NamedList]:
    """The lists the policy's list rules need for this announcement: imported by the county or a bureau above
    it, of the date the rule names (or the latest), the most local first. A list not found is simply absent:
    the engine then refuses with the rule id and what to import."""
    tracks = {post.track for post in announcement.posts.all()}
    recruitment = _recruitment(announcement)
    found: dict[str, engine.NamedList] = {}
    for rule in policy.list_membership:
        if rule.list in found or not any(rule.applies_to(t) for t in tracks):
            continue
        required = rule.as_of
        if rule.as_of_relative is not None:
            required = rule.as_of_relative.resolve(announcement_date=recruitment.announcement_date,
                                                   registration_deadline=recruitment.registration_deadline)
        rows = NamedList.objects.filter(code=rule.list, unit__path__in=announcement.unit.ancestor_paths())
        if required is not None:
            rows = rows.filter(as_of=required)
        chosen = rows.select_related("unit").order_by("-unit__level", "-as_of").first()
        if chosen is None:
            continue
        ids = frozenset(NamedListEntry.objects.filter(named_list=chosen).values_list("id_number", flat=True))
        found[rule.list] = engine.NamedList(code=rule.list, ids=ids, as_of=chosen.as_of,
                                            name=f"{chosen.unit.name}{chosen.name}")
    return found


def _obligation_record(reason: engine.Reason) -> dict:
    obligation = reason.obligation
    assert obligation is not None
    return {"rule_id": reason.rule_id, "text": obligation.text, "due": obligation.due, "months": obligation.months,
            "date": obligation.date.isoformat() if obligation.date else None, "due_zh": obligation.due_zh}


def _store_verdict(application: Application, verdict: engine.Verdict) -> None:
    """The verdict on the application: every reason (a pending one, which a reviewer must verify, shows as
    undecided), the manual checks, and the obligations of a conditional pass (有条件通过)."""
    application.auto_eligible = verdict.eligible
    application.auto_reasons = [{"rule_id": r.rule_id, "clause": r.clause, "message": r.message_zh,
                                 "passed": None if r.pending else r.passed,
                                 **({"review": r.review} if r.review else {})}
                                for r in verdict.reasons]
    application.auto_reasons += [{"rule_id": p.rule_id, "clause": p.clause, "message": p.message_zh,
                                  "passed": None, "step": p.step} for p in verdict.pending]
    application.obligations = [_obligation_record(r) for r in verdict.obligations] if verdict.eligible else []


def _screen(applications: Iterable[Application], announcement: Announcement, policy: engine.Policy
            ) -> dict[str, int]:
    """Store the verdict and every reason (rule id first) of each application; one compiled screener a post.
    The named lists the policy requires are read once (a missing one is refused with its rule id)."""
    recruitment = _recruitment(announcement)
    tree = regions.default_tree(str(settings.DIVISION_DATA_DIR))
    lists = named_lists_for(announcement=announcement, policy=policy)
    screeners: dict[int, engine.Screener] = {}
    counts = {"eligible": 0, "ineligible": 0}
    for application in applications:
        post = application.post
        if post.pk not in screeners:
            with _engine_refusal():  # a list the rules need has not been imported, or not of the right date
                screeners[post.pk] = engine.Screener(
                    policy, post.track, recruitment=recruitment, regions=tree, lists=lists,
                    post=engine.Post(code=post.code, track=post.track, positions=post.positions,
                                     sex=post.sex or None))
        verdict = screeners[post.pk](_to_engine(application))
        _store_verdict(application, verdict)
        if not application.review_decision:
            application.status = ApplicationStatus.ELIGIBLE if verdict.eligible else ApplicationStatus.INELIGIBLE
        application.save()
        counts["eligible" if verdict.eligible else "ineligible"] += 1
        if verdict.outcome == "conditional":  # 有条件通过: counted among the eligible, and apart
            counts["conditional"] = counts.get("conditional", 0) + 1
    return counts


@transaction.atomic
def screen_announcement(*, announcement: Announcement, today: datetime.date | None = None) -> dict:
    """资格审查 of every application not yet reviewed. While registration is open it is a preview: registration
    stays open, and applications sent later are screened as they arrive. Once the deadline has passed the
    registration is over by date and the screening is final."""
    announcement = transitions.lock(announcement)
    today = _today(today)
    preview = announcement.registration_open(today)
    if not preview and announcement.status == AnnouncementStatus.OPEN:
        announcement.status = AnnouncementStatus.CLOSED  # the deadline passed: registration ended on it
        announcement.registration_closed_on = announcement.registration_deadline
    policy = policies.load(announcement.policy_id)
    pending = list(announcement.applications.select_related("post").select_for_update(of=("self",))
                   .filter(status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                                       ApplicationStatus.INELIGIBLE), review_decision=""))
    counts = _screen(pending, announcement, policy)
    announcement.screened_at = timezone.now()
    announcement.save()
    return {**counts, "preview": preview}


def assessment_rule(policy: engine.Policy, track: str):
    """The manual check of the 德能勤绩廉 assessment on this track (YQ-3.8), or None."""
    for rule in policy.manual_checks:
        if rule.step == "assessment" and rule.applies_to(track):
            return rule
    return None


@transaction.atomic
def record_assessment(*, application: Application, result: str, on: datetime.date | None, by: str,
                      today: datetime.date | None = None) -> Application:
    """YQ-3.8: the 德能勤绩廉 assessment of an internal applicant (result, date, who assessed). The policy's
    `ineligible_when` decides whether a failing or missing one makes the applicant ineligible; a screened
    application is screened again at once."""
    application = transitions.lock(application)
    announcement = application.announcement
    today = _today(today)
    policy = policies.load(announcement.policy_id)
    if assessment_rule(policy, application.track) is None:
        raise ValidationError(f"“{application.track_name}”没有德能勤绩廉考核环节")
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                                  ApplicationStatus.INELIGIBLE):
        raise ValidationError(f"{application.full_name} 当前为「{application.get_status_display()}」，考核应在考试前完成，"
                              "不能再登记")
    errors: dict[str, list[str]] = {}
    if result not in (CheckResult.PASSED, CheckResult.FAILED):
        errors["result"] = [f"考核结论「{result}」无效，应为 合格 或 不合格"]
    if on is None:
        errors["on"] = ["请填写考核日期"]
    elif on > today:
        errors["on"] = [f"考核日期 {on:%Y-%m-%d} 在今天之后"]
    elif on < announcement.announced_on:
        errors["on"] = [f"考核日期 {on:%Y-%m-%d} 早于招聘公告日期 {announcement.announced_on:%Y-%m-%d}"]
    if not (by or "").strip():
        errors["by"] = ["请填写考核组织或考核人员（如：县司法局考核组）"]
    if errors:
        raise ValidationError(errors)
    application.assessment_result, application.assessment_on = result, on
    application.assessment_by = by.strip()[:100]
    application.save()
    if application.auto_eligible is not None and not application.review_decision:
        _screen([application], announcement, policy)
    return application


@transaction.atomic
def review_application(*, application: Application, decision: str, reason: str, reviewer,
                       findings: Mapping[str, bool | None] | None = None) -> Application:
    """A reviewer (county bureau or HR bureau) records the findings only a reviewer can make (不适宜的其他情形:
    True, False, or None for not yet assessed), which screens the application again, then confirms or
    overrides the system's verdict."""
    application = transitions.lock(application)
    if application.auto_eligible is None:
        raise ValidationError("尚未进行系统资格审查，请先运行资格审查")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": f"审核意见「{decision}」无效"})
    if decision != ReviewDecision.CONFIRM and not reason.strip():
        raise ValidationError({"reason": "改变系统结论时必须填写理由"})
    if application.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
        raise transitions.StateConflict(f"当前状态为「{application.get_status_display()}」，资格审查已结束，不能再修改")
    if findings is not None:
        policy = policies.load(application.announcement.policy_id)
        allowed = {code for code, _rule, _name in reviewer_items(policy, application.track)}
        unknown = set(findings) - allowed
        if unknown:
            raise ValidationError({"findings": f"未知的审查人员认定项：{'、'.join(sorted(unknown))}"})
        recorded = dict(application.reviewer_findings or {})
        for code, value in findings.items():
            if value is None:
                recorded.pop(code, None)
            else:
                recorded[code] = bool(value)
        if recorded != (application.reviewer_findings or {}):
            application.reviewer_findings = recorded
            _screen([application], application.announcement, policy)
    application.review_decision = decision
    application.review_reason = reason.strip()
    application.reviewed_by = reviewer
    application.status = ApplicationStatus.ELIGIBLE if application.eligible else ApplicationStatus.INELIGIBLE
    application.save()
    return application


# --- scores and ranking ----------------------------------------------------------------------------------


def parse_score(value, *, label: str, scale: Decimal = Decimal(100)) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"{label}「{value}」不是数字") from None
    if not Decimal(0) <= score <= scale:
        raise ValidationError(f"{label} {score} 超出范围（0至{scale}）")
    return score


@transaction.atomic
def record_scores(*, application: Application, written=None, interview_marks: list | None = None,
                  today: datetime.date | None = None) -> Application:
    """Scores of an eligible applicant, before the final ranking. On a track without an interview (DQ-7.2,
    YQ-6.5) examiners' marks are not recorded: `application.score_notes` says so."""
    application = transitions.lock(application)
    announcement = application.announcement
    _registration_closed(announcement, _today(today), "登记成绩")
    policy = policies.load(announcement.policy_id)
    rule = policy.scoring_for(application.track)
    if application.eligible is not True:
        raise ValidationError(f"{application.full_name} 未通过资格审查，不能登记成绩")
    if application.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED,
                                  ApplicationStatus.ELIMINATED) or announcement.ranked_at is not None:
        raise ValidationError(f"{application.full_name} 当前为「{application.get_status_display()}」，"
                              "综合排名后成绩不能再修改")
    application.score_notes = []
    if interview_marks and not rule.has_interview:
        if written in (None, ""):
            raise ValidationError({"interview_marks": f"{rule.id}：“{application.track_name}”不设面试，只登记笔试成绩"})
        application.score_notes.append(f"{rule.id}：“{application.track_name}”不设面试，考官评分未登记")
        interview_marks = None
    if written not in (None, ""):
        application.written_score = parse_score(written, label="笔试成绩", scale=rule.scale)
    if interview_marks:
        marks = [parse_score(m, label="面试评分", scale=rule.scale) for m in interview_marks]
        application.interview_marks = [str(m) for m in marks]
        with _engine_refusal("interview_marks"):  # too few examiners
            application.interview_score = engine.combine_marks(policy, application.track, marks)
    application.save()
    return application


def _candidates(announcement: Announcement, *, statuses: Iterable[str]) -> list[engine.Candidate]:
    return [
        engine.Candidate(key=str(a.pk), post=a.post.code, track=a.track, written=a.written_score,
                         interview=a.interview_score, conditions=frozenset(a.conditions), education=a.education,
                         birth_date=a.birth_date, registered_at=a.submitted_at,
                         obligations=tuple(f"{o['rule_id']}：{o['text']}（{o['due_zh']}）"
                                           for o in a.obligations or () if a.conditional))
        for a in announcement.applications.select_related("post").filter(status__in=list(statuses))
    ]


def _interview_tracks(policy: engine.Policy) -> list[str]:
    return [t for t in policy.track_codes if policy.scoring_for(t).has_interview]


@transaction.atomic
def shortlist_for_interview(*, announcement: Announcement, today: datetime.date | None = None) -> dict:
    """Rank on the written score and send positions × ratio per post to the interview. Only posts of tracks
    with an interview take part; the others go straight to the final ranking."""
    announcement = transitions.lock(announcement)
    _registration_closed(announcement, _today(today), "确定面试人选")
    if announcement.ranked_at is not None:
        raise ValidationError("综合排名已完成，不能再确定面试人选")
    policy = policies.load(announcement.policy_id)
    tracks = _interview_tracks(policy)
    candidates = [c for c in _candidates(announcement, statuses=[
        ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED, ApplicationStatus.ELIMINATED])
        if c.track in tracks]
    if not candidates:
        return {"shortlisted": 0, "eliminated": 0}
    ranked = engine.rank(policy, candidates, stage="written")
    posts = {p.code: p.positions for p in announcement.posts.filter(track__in=tracks)}
    with _engine_refusal():
        chosen = engine.shortlist(policy, ranked, posts)
    chosen_keys = {item.candidate.key for items in chosen.values() for item in items}
    by_key = {str(a.pk): a for a in announcement.applications.filter(pk__in=[int(r.candidate.key) for r in ranked])}
    for item in ranked:
        application = by_key[item.candidate.key]
        application.rank = item.position
        application.rank_notes = list(item.notes)
        application.status = (ApplicationStatus.SHORTLISTED if item.candidate.key in chosen_keys
                              else ApplicationStatus.ELIMINATED)
        application.save()
    return {"shortlisted": len(chosen_keys), "eliminated": len(ranked) - len(chosen_keys)}


def _awaiting_interview(announcement: Announcement, policy: engine.Policy) -> set[str]:
    """Keys of eligible applications on tracks with an interview: they rank only once shortlisted."""
    return {str(pk) for pk in announcement.applications.filter(
        status=ApplicationStatus.ELIGIBLE, track__in=_interview_tracks(policy)).values_list("pk", flat=True)}


@transaction.atomic
def rank_final(*, announcement: Announcement, today: datetime.date | None = None) -> list[Application]:
    """Composite scores and the final ranking per post with the policy's tie-breaks; the top ones per post
    become candidates (拟聘用), the others 综合排名未入选. Refused once a notice has begun."""
    announcement = transitions.lock(announcement)
    _registration_closed(announcement, _today(today), "综合排名")
    if announcement.applications.filter(status__in=(ApplicationStatus.NOTICE, ApplicationStatus.HIRED,
                                                    ApplicationStatus.OBJECTION_UPHELD)).exists():
        raise ValidationError("已发布拟聘用人员公示，不能重新排名")
    policy = policies.load(announcement.policy_id)
    # On a track with an interview only the shortlisted are ranked; without one (the internal track's
    # exam only, DQ-7.2) every eligible applicant is.
    waiting = _awaiting_interview(announcement, policy)
    candidates = [c for c in _candidates(announcement, statuses=[
        ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED, ApplicationStatus.CANDIDATE,
        ApplicationStatus.NOT_SELECTED]) if c.key not in waiting]
    ranked = engine.rank(policy, candidates, stage="final")
    by_key = {str(a.pk): a for a in announcement.applications.select_related("post").select_for_update(of=("self",))
              .filter(pk__in=[int(r.candidate.key) for r in ranked])}
    positions = {p.code: p.positions for p in announcement.posts.all()}
    taken: dict[str, int] = {}
    last_position: dict[str, int | None] = {}
    result = []
    for item in sorted(ranked, key=lambda r: (r.candidate.post, r.position or 10**9)):
        application = by_key[item.candidate.key]
        application.composite_score = item.score
        application.rank = item.position
        application.rank_notes = list(item.notes)
        post = item.candidate.post
        # A full tie on the last place (every tie-break of the policy equal) keeps all who share it: the
        # county decides between them under its own rules, the system does not pick one arbitrarily.
        tied_at_cut = item.position is not None and item.position == last_position.get(post)
        if item.qualified and (taken.get(post, 0) < positions[post] or tied_at_cut):
            if taken.get(post, 0) >= positions[post]:
                application.rank_notes.append("与末位完全并列，一并列为拟聘用候选人，请按本地规定确定人选")
            application.status = ApplicationStatus.CANDIDATE
            taken[post] = taken.get(post, 0) + 1
            last_position[post] = item.position
        else:
            application.status = ApplicationStatus.NOT_SELECTED
        application.save()
        result.append(application)
    announcement.ranked_at = timezone.now()
    announcement.save()
    return result


def _backfill(application: Application) -> Application | None:
    """The next qualified applicant in rank order on the same post becomes a candidate (考察, 体检, notice)."""
    backfill = (application.announcement.applications.select_for_update()
                .filter(post=application.post, status=ApplicationStatus.NOT_SELECTED, rank__isnull=False,
                        composite_score__isnull=False)
                .order_by("rank", "id").first())
    if backfill is not None:
        backfill.status = ApplicationStatus.CANDIDATE
        backfill.save()
    return backfill


@transaction.atomic
def record_check(*, application: Application, inspection: str | None = None,
                 medical: str | None = None) -> Application | None:
    """考察 and 体检 results. A failure drops the candidate and backfills the next in rank order on the
    same post; returns the backfilled application, if any."""
    application = transitions.lock(application)
    if application.status != ApplicationStatus.CANDIDATE:
        raise transitions.StateConflict(f"{application.full_name} 不是拟聘用候选人（当前：{application.get_status_display()}）")
    for value in (inspection, medical):
        if value not in (None, "", CheckResult.PASSED, CheckResult.FAILED):
            raise ValidationError(f"结果「{value}」无效，应为 合格 或 不合格")
    if inspection:
        application.inspection = inspection
    if medical:
        application.medical = medical
    backfill = None
    if CheckResult.FAILED in (application.inspection, application.medical):
        application.status = ApplicationStatus.FAILED_CHECK
        application.save()
        backfill = _backfill(application)
    else:
        application.save()
    return backfill


# --- public notice, objections and hire --------------------------------------------------------------------


required_checks = selectors.required_checks
checks_done = selectors.checks_done


@transaction.atomic
def start_notice(*, announcement: Announcement, start: datetime.date) -> Announcement:
    """Publish the notice for every candidate who passed the checks of their track. Only after the final
    ranking, never before the announcement or the end of registration; the end is counted in the policy's
    working or calendar days on the system's calendar (core.workdays)."""
    announcement = transitions.lock(announcement)
    if announcement.ranked_at is None:
        raise ValidationError("尚未完成综合排名，不能发布公示")
    closed = announcement.registration_closed_on or announcement.registration_deadline
    errors = []
    if start < announcement.announced_on:
        errors.append(f"公示开始日期 {start:%Y-%m-%d} 早于招聘公告日期 {announcement.announced_on:%Y-%m-%d}")
    if start < closed:
        errors.append(f"公示开始日期 {start:%Y-%m-%d} 早于报名截止日期 {closed:%Y-%m-%d}")
    if errors:
        raise ValidationError({"start": errors})
    policy = policies.load(announcement.policy_id)
    ready = [a for a in announcement.applications.select_for_update().filter(status=ApplicationStatus.CANDIDATE)
             if checks_done(policy, a)]
    if not ready:
        raise ValidationError("没有完成考察、体检（按本渠道程序）的拟聘用人员，不能发布公示")
    with _engine_refusal("start"):
        notice_start, notice_end = engine.notice_period(policy, start, last_day=workdays.last_of)
    for application in ready:
        application.status = ApplicationStatus.NOTICE
        application.notice_start, application.notice_end = notice_start, notice_end
        application.save()
    announcement.notice_start, announcement.notice_end = notice_start, notice_end
    announcement.save()
    return announcement


@transaction.atomic
def record_objection(*, application: Application, objection: str, received_on: datetime.date | None = None,
                     today: datetime.date | None = None) -> Application:
    """An objection received during the notice; it blocks the hire until resolved (resolve_objection)."""
    application = transitions.lock(application)
    today = _today(today)
    if application.status != ApplicationStatus.NOTICE:
        raise transitions.StateConflict(
            f"只有公示中的人员可以登记异议（{application.full_name} 当前为「{application.get_status_display()}」）")
    if application.objection_outcome:
        raise ValidationError(f"{application.full_name} 的异议已于 {application.objection_resolved_on:%Y-%m-%d} 处理"
                              f"（{application.get_objection_outcome_display()}）")
    if not (objection or "").strip():
        raise ValidationError({"objection": "异议内容不能为空"})
    received_on = received_on or today
    start, end = application.notice_start, application.notice_end
    if start and end and not (start <= received_on <= end):
        raise ValidationError({"received_on": f"异议收到日期 {received_on:%Y-%m-%d} 不在公示期内"
                                              f"（{start:%Y-%m-%d}至{end:%Y-%m-%d}）"})
    if received_on > today:
        raise ValidationError({"received_on": f"异议收到日期 {received_on:%Y-%m-%d} 在今天之后"})
    application.objection = objection.strip()
    application.objection_received_on = received_on
    application.save()
    return application


@transaction.atomic
def resolve_objection(*, application: Application, outcome: str, resolution: str, actor,
                      on: datetime.date | None = None, today: datetime.date | None = None) -> Application | None:
    """The objection's own resolution step: outcome, explanation, by whom and when. Upheld, the person is not
    hired and the next qualified applicant in rank order on the post becomes a candidate (returned)."""
    application = transitions.lock(application)
    today = _today(today)
    if application.status != ApplicationStatus.NOTICE or not application.objection:
        raise ValidationError(f"{application.full_name} 没有待处理的公示异议")
    if application.objection_outcome:
        raise ValidationError(f"该异议已于 {application.objection_resolved_on:%Y-%m-%d} 处理"
                              f"（{application.get_objection_outcome_display()}），不能重复处理")
    errors: dict[str, list[str]] = {}
    if outcome not in ObjectionOutcome.values:
        errors["outcome"] = [f"处理结论「{outcome}」无效，应为：{'、'.join(ObjectionOutcome.labels)}"]
    if not (resolution or "").strip():
        errors["resolution"] = ["请写明核查情况和处理意见"]
    on = on or today
    if on > today:
        errors["on"] = [f"处理日期 {on:%Y-%m-%d} 在今天之后"]
    elif application.objection_received_on and on < application.objection_received_on:
        errors["on"] = [f"处理日期 {on:%Y-%m-%d} 早于异议收到日期 {application.objection_received_on:%Y-%m-%d}"]
    if errors:
        raise ValidationError(errors)
    application.objection_outcome = outcome
    application.objection_resolution = resolution.strip()
    application.objection_resolved_on = on
    application.objection_resolved_by = actor
    backfill = None
    if outcome == ObjectionOutcome.UPHELD:
        application.status = ApplicationStatus.OBJECTION_UPHELD
        application.save()
        backfill = _backfill(application)
        _finish_if_done(application.announcement)
    else:
        application.save()
    return backfill


def _finish_if_done(announcement: Announcement) -> None:
    if not announcement.applications.filter(status__in=(ApplicationStatus.NOTICE, ApplicationStatus.CANDIDATE)).exists():
        announcement = transitions.lock(announcement)
        announcement.status = AnnouncementStatus.FINISHED
        announcement.save()


def _entry_level(policy: engine.Policy, track: str) -> tuple[int, str] | None:
    """The level an assistant hired on the track starts at (DQ-9): the track's own, else the personnel rules'."""
    rule = policy.track(track)
    if rule.entry_level:
        return rule.entry_level, f"{rule.id}：{rule.name}起始层级"
    if policy.personnel is not None:
        levels = policy.personnel.levels
        return levels.entry_level, f"新聘定级（{levels.id}）"
    return None


@transaction.atomic
def hire(*, application: Application, contract_start: datetime.date, today: datetime.date | None = None,
         duty_category: str = "", actor=None) -> StaffMember:
    """After the person's notice has ended with no open objection: the staff record as 司法协理员 in the post's
    office, its level and the contract (聘用合同). An existing auxiliary (DQ-4 转任, YQ-3 选聘) is converted: the
    auxiliary record ends the day before the contract starts, with exit kind 转任 or 选聘 as the policy says, and
    the new record follows it, so the person's history stays one chain."""
    application = transitions.lock(application)
    announcement = application.announcement
    today = _today(today)
    if application.status != ApplicationStatus.NOTICE:
        raise transitions.StateConflict(f"{application.full_name} 不在公示中（当前：{application.get_status_display()}），不能聘用")
    end = application.notice_end
    if end is None or today <= end:
        raise ValidationError(f"公示期至 {end:%Y-%m-%d} 结束，结束后方可聘用" if end else "尚未发布公示，不能聘用")
    if application.objection_open:
        raise ValidationError("公示期间有异议尚未处理，不能聘用；请先登记异议处理结果")
    if contract_start <= end:
        raise ValidationError({"contract_start": f"合同开始日期 {contract_start:%Y-%m-%d} 应晚于公示截止日期 {end:%Y-%m-%d}"})
    policy = policies.load(announcement.policy_id)
    track = policy.track(application.track)
    source = application.staff_source
    if source is None and track.existing_auxiliary:
        source = serving_auxiliary(application.id_number)
    if source is not None:
        source = transitions.lock(source)
        if source.left_on is not None:
            raise ValidationError(f"{application.full_name} 的原人员记录已于 {source.left_on:%Y-%m-%d} 离岗，请核实后再聘用")
        kind = ExitKind.TRANSFER if track.joins_as == "transfer" else ExitKind.SELECTION
        last_day = contract_start - datetime.timedelta(days=1)
        if last_day < source.joined_on:
            raise ValidationError({"contract_start": f"合同开始日期 {contract_start:%Y-%m-%d} 早于原专职辅助人员到岗日期"
                                                     f" {source.joined_on:%Y-%m-%d}"})
        staff_services.exit_member(actor=None, staff=source, kind=kind, on=last_day,
                                   reason=f"{ExitKind(kind).label}为司法协理员（{announcement.title}）")
    member = staff_services.create_member(
        unit=application.post.office, full_name=application.full_name, id_number=application.id_number,
        sex=application.sex, birth_date=application.birth_date, staff_type=StaffType.JUDICIAL_ASSISTANT,
        joined_on=contract_start, duty_category=duty_category, education=application.education,
        major=application.major, phone=application.phone, previous_record=source,
        passed_legal_exam=source.passed_legal_exam if source is not None else False)
    level = _entry_level(policy, application.track)
    if level is not None:
        staff_services.set_level(actor=None, staff=member, level=level[0], effective_on=contract_start,
                                 reason=level[1])
    months = int(policy.contract.years * 12)
    contract_end = add_months(contract_start, months) - datetime.timedelta(days=1)
    probation = (add_months(contract_start, policy.contract.probation_months) - datetime.timedelta(days=1)
                 if policy.contract.probation_months else None)
    staff_services.create_contract(actor=None, staff=member, start=contract_start, end=contract_end,
                                   probation_end=probation, policy_id=policy.id,
                                   note=f"{policy.contract.id}：合同{policy.contract.years}年")
    if application.conditional:  # 有条件通过: each obligation with its deadline becomes an alert on the record
        for item in application.obligations:
            obligation = engine.Obligation(
                text=item["text"], due=item["due"], months=item.get("months"),
                date=datetime.date.fromisoformat(item["date"]) if item.get("date") else None)
            StaffObligation.objects.create(
                staff=member, rule_id=item["rule_id"], policy_id=policy.id, text=item["text"],
                due=obligation.due_date(contract_start=contract_start, contract_end=contract_end,
                                        probation_end=probation))
    application.status = ApplicationStatus.HIRED
    application.staff = member
    application.save()
    _finish_if_done(announcement)
    return member


# --- tracks in order (DQ-4, YQ-6.3: internal selection first, public recruitment fills the rest) --------


def carried_over_posts(*, announcement: Announcement) -> list[dict]:
    """Posts a following announcement should offer: for each post of a track that the policy's allocation
    puts before another, the positions its candidates did not fill, moved to the next track.

    Filled means hired, or on the way to it (candidate, in notice). Used to prefill the next announcement.
    """
    policy = policies.load(announcement.policy_id)
    order = list(policy.allocation.order) if policy.allocation.mode == "sequential" else []
    specs = []
    for post in announcement.posts.select_related("office").order_by("code"):
        if post.track not in order or order.index(post.track) == len(order) - 1:
            continue
        filled = post.applications.filter(status__in=_filled_statuses()).count()
        if filled < post.positions:
            specs.append({"office": post.office, "track": order[order.index(post.track) + 1],
                          "positions": post.positions - filled, "sex": post.sex})
    return specs


# --- named lists (list_membership: a roster of auxiliary staff on a date, trained grid workers) ------------


def list_codes() -> dict[str, str]:
    """The named-list codes the policy files know (schema and each policy's own), with their names."""
    codes: dict[str, str] = {}
    for policy in policies.all_policies():
        for code, entry in policy.vocabulary.entries.get("named_list", {}).items():
            codes.setdefault(code, entry.name)
    return codes


@transaction.atomic
def import_named_list(*, unit: OrgUnit, code: str, name: str, as_of: datetime.date, content: bytes,
                      source: str, actor) -> NamedList:
    """A named list from its Excel sheet (one person a row, 身份证号码 checked), owned by a justice bureau of
    county level or above: counties below it screen against it. Importing the same list and date again
    replaces its people. Whole or nothing; the import is logged on the list (its size before and after)."""
    from .screening_files import ImportRejected, read_named_list

    errors: dict[str, list[str]] = {}
    if unit.level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        errors.setdefault("unit", []).append("名单由县级以上司法行政机关导入")
    if scope_error(actor, unit):
        raise PermissionDenied("该单位不在您的管辖范围内")
    known = list_codes()
    if code not in known:
        errors.setdefault("code", []).append(
            f"名单代码「{code}」不在政策文件中（可用：{'、'.join(f'{c}（{n}）' for c, n in known.items())}）")
    if as_of > timezone.localdate():
        errors.setdefault("as_of", []).append(f"名单日期 {as_of:%Y-%m-%d} 在今天之后")
    if errors:
        raise ValidationError(errors)
    try:
        sheet = read_named_list(content)
    except ImportRejected as exc:
        raise ValidationError({"file": exc.errors}) from None
    named = NamedList.objects.select_for_update().filter(unit=unit, code=code, as_of=as_of).first()
    if named is None:
        named = NamedList(unit=unit, code=code, as_of=as_of)
    else:
        # Tens of thousands of entries: one DELETE statement. A queryset delete would load every row first,
        # because the change log's delete signal listens to all models; entries are not logged one by one (D59).
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {NamedListEntry._meta.db_table} WHERE named_list_id = %s", [named.pk])
    named.name = (name or known[code]).strip()[:100]
    named.source = source[:200]
    named.size = len(sheet.entries)
    named.imported_by = actor if getattr(actor, "is_authenticated", False) else None
    named.save()
    NamedListEntry.objects.bulk_create(
        (NamedListEntry(named_list=named, id_number=number, full_name=full_name[:50], row=row)
         for row, number, full_name in sheet.entries), batch_size=5000)
    return named
