"""Plans up the tree (DQ-6, YQ-2: drafted by the county, approved by the city, filed by the province),
announcements within the approved plan, the end of registration, and the posts a following announcement
carries over to the next track (DQ-4, YQ-6.3)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q

from sifasuo import policy as engine
from sifasuo.core import transitions
from sifasuo.core.scoping import scope_error
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .. import policies, selectors
from ..choices import (
    AnnouncementStatus,
    PlanAction,
    PlanStatus,
)
from ..models import (
    Announcement,
    PlanEvent,
    PlanLine,
    Post,
    RecruitmentPlan,
)
from .common import engine_refusal, filled_statuses, local_today

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
    with engine_refusal("county"):  # no policy file for the county, or data the quota rule needs
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
    with engine_refusal():
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
    with engine_refusal():
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


# --- announcements and posts (DQ-6, YQ-2: within the approved plan) ------------------------------------


def plan_commitments(plan: RecruitmentPlan, *, exclude: Announcement | None = None) -> dict[int, int]:
    """Positions of each office the plan's announcements already take: all positions of an announcement not
    yet ranked, and only the filled ones (candidates, in notice, hired) of one ranked, whose unfilled positions
    are free again (to be offered on the next track, DQ-4.4 / YQ-6.3)."""
    taken: dict[int, int] = {}
    posts = (Post.objects.filter(announcement__plan=plan).exclude(announcement=exclude)
             .select_related("announcement")
             .annotate(filled=Count("applications", filter=Q(applications__status__in=filled_statuses()))))
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
    with engine_refusal("county"):
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
    today = local_today(today)
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
        filled = post.applications.filter(status__in=filled_statuses()).count()
        if filled < post.positions:
            specs.append({"office": post.office, "track": order[order.index(post.track) + 1],
                          "positions": post.positions - filled, "sex": post.sex})
    return specs
