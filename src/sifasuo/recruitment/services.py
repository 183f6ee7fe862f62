"""Writes of the recruitment workflow: plans up the tree, announcements, applications, screening,
scores, ranking, checks with backfill, public notice and hire. The rules come from the policy engine
(sifasuo.policy); this module stores results and guards the order of steps."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo import policy as engine
from sifasuo.core import idnumbers
from sifasuo.core.scoping import EDIT, in_scope
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.staff.choices import StaffType
from sifasuo.staff.models import Contract, StaffMember
from sifasuo.staff.services import validate_member

from . import policies, selectors
from .choices import AnnouncementStatus, ApplicationStatus, CheckResult, PlanAction, PlanStatus, ReviewDecision
from .models import Announcement, Application, PlanEvent, PlanLine, Post, RecruitmentPlan

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
    for office in quota.offices:
        PlanLine.objects.create(plan=plan, office=offices[office.code], staff_counted=office.counted_total,
                                required=office.required, vacancy=office.vacancy, planned=office.vacancy)
    _event(plan, PlanAction.DRAFT, actor)
    return plan


@transaction.atomic
def set_planned(*, plan: RecruitmentPlan, planned: Mapping[int, int], note: str | None = None) -> RecruitmentPlan:
    """Change the planned numbers of a draft (or returned) plan, by office id."""
    if plan.is_locked:
        raise ValidationError(f"计划当前状态为「{plan.get_status_display()}」，不能修改")
    lines = {line.office_id: line for line in plan.lines.select_related("office")}
    for office_id, number in planned.items():
        if office_id not in lines:
            raise ValidationError(f"司法所（编号{office_id}）不在本计划中")
        if number < 0 or number > 50:
            raise ValidationError(f"「{lines[office_id].office.name}」计划招聘人数 {number} 不合理（应为0至50）")
        lines[office_id].planned = number
        lines[office_id].save()
    if note is not None:
        plan.note = note
        plan.save()
    return plan


def _transition(plan: RecruitmentPlan, *, allowed: tuple[str, ...], to: str, action: str, actor,
                comment: str = "", reviewer_level: int | None = None) -> RecruitmentPlan:
    if plan.status not in allowed:
        raise ValidationError(f"计划当前状态为「{plan.get_status_display()}」，不能{PlanAction(action).label}")
    if reviewer_level is not None:
        unit = getattr(actor, "unit", None)
        if not actor.is_superuser and (unit is None or unit.level != reviewer_level
                                       or not in_scope(actor, plan.unit.path, EDIT)):
            raise PermissionDenied(f"只有{Level(reviewer_level).label}可以{PlanAction(action).label}本计划")
    plan.status = to
    plan.save()
    _event(plan, action, actor, comment)
    return plan


@transaction.atomic
def submit_plan(*, plan: RecruitmentPlan, actor) -> RecruitmentPlan:
    if plan.planned_total < plan.minimum_to_recruit:
        raise ValidationError(f"计划招聘合计 {plan.planned_total} 人，少于员额规则要求的至少 {plan.minimum_to_recruit} 人")
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


# --- announcements and posts ---------------------------------------------------------------------------


@transaction.atomic
def create_announcement(*, county: OrgUnit, title: str, announced_on: datetime.date,
                        registration_start: datetime.date, registration_deadline: datetime.date,
                        posts: Iterable[Mapping], plan: RecruitmentPlan | None = None, body: str = "",
                        policy_id: str | None = None) -> Announcement:
    """posts: dicts with office (OrgUnit), track, positions, sex ("" / "M" / "F"), code (optional)."""
    errors: dict[str, list[str]] = {}
    if county.level != Level.COUNTY:
        errors.setdefault("unit", []).append("招聘公告由县级司法局发布")
    if registration_start < announced_on:
        errors.setdefault("registration_start", []).append(
            f"报名开始日期 {registration_start:%Y-%m-%d} 早于公告日期 {announced_on:%Y-%m-%d}")
    if registration_deadline < registration_start:
        errors.setdefault("registration_deadline", []).append(
            f"报名截止日期 {registration_deadline:%Y-%m-%d} 早于报名开始日期 {registration_start:%Y-%m-%d}")
    if plan is not None and plan.status not in (PlanStatus.APPROVED, PlanStatus.FILED):
        errors.setdefault("plan", []).append(f"招聘计划尚未批准（当前：{plan.get_status_display()}），不能据此发布公告")
    policy = policies.load(policy_id) if policy_id else policies.policy_for(county)
    posts = list(posts)
    if not posts:
        errors.setdefault("posts", []).append("至少设置一个招聘岗位")
    for number, spec in enumerate(posts, start=1):
        office = spec["office"]
        if office.parent_id != county.pk or office.level != Level.OFFICE:
            errors.setdefault("posts", []).append(f"第{number}个岗位：「{office.name}」不是{county.name}的司法所")
        if spec["track"] not in policy.track_codes:
            errors.setdefault("posts", []).append(
                f"第{number}个岗位：招聘渠道「{spec['track']}」不在政策 {policy.id} 中（可用：{'、'.join(policy.track_codes)}）")
        if not 1 <= int(spec["positions"]) <= 50:
            errors.setdefault("posts", []).append(f"第{number}个岗位：招聘人数应为1至50人")
        if spec.get("sex") and not policy.posts.split_by_sex:
            errors.setdefault("posts", []).append(
                f"第{number}个岗位：{policy.posts.id} 本政策不分性别设岗，不能限定性别")
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


# --- applications ----------------------------------------------------------------------------------------

APPLICATION_FIELDS = ("full_name", "id_number", "sex", "birth_date", "phone", "education", "major",
                      "household_region", "household_since", "residence_region", "residence_since",
                      "is_existing_auxiliary", "auxiliary_region", "declarations", "conditions")


def check_person(data: Mapping) -> idnumbers.IdInfo:
    """The ID number is valid and agrees with the typed birth date and sex (all messages in Chinese)."""
    try:
        info = idnumbers.parse(str(data.get("id_number") or ""))
    except idnumbers.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    problems = idnumbers.check_consistency(info, birth_date=data.get("birth_date"), sex=data.get("sex") or None)
    if problems:
        raise ValidationError({"id_number": problems})
    return info


@transaction.atomic
def submit_application(*, post: Post, data: Mapping, applicant=None, entered_by=None,
                       now: datetime.datetime | None = None) -> Application:
    """A public applicant applies online (applicant=the account); the county enters internal ones."""
    announcement = post.announcement
    today = timezone.localdate(now) if now else timezone.localdate()
    errors: dict[str, list[str]] = {}
    if applicant is not None and not (announcement.registration_start <= today <= announcement.registration_deadline):
        errors.setdefault("__all__", []).append(
            f"报名时间为 {announcement.registration_start:%Y-%m-%d} 至 {announcement.registration_deadline:%Y-%m-%d}，"
            "当前不在报名期内")
    if announcement.status != AnnouncementStatus.OPEN and applicant is not None:
        errors.setdefault("__all__", []).append(f"公告状态为「{announcement.get_status_display()}」，不接受报名")
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
    values = {f: data.get(f) for f in APPLICATION_FIELDS if f in data}
    values.update(id_number=info.number, sex=info.sex, birth_date=info.birth_date, declarations=declarations,
                  conditions=sorted(set(data.get("conditions") or [])))
    return Application.objects.create(announcement=announcement, post=post, track=post.track,
                                      applicant=applicant, **values)


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


# --- screening and review --------------------------------------------------------------------------------


def _to_engine(application: Application) -> engine.Applicant:
    return engine.Applicant(
        birth_date=application.birth_date, sex=application.sex, education=application.education,
        major=application.major, household_region=application.household_region,
        household_since=application.household_since, residence_region=application.residence_region,
        residence_since=application.residence_since, is_existing_auxiliary=application.is_existing_auxiliary,
        auxiliary_region=application.auxiliary_region, declarations=application.declarations,
        conditions=frozenset(application.conditions), key=str(application.pk),
    )


@transaction.atomic
def screen_announcement(*, announcement: Announcement) -> dict[str, int]:
    """Screen every application not yet reviewed; store the verdict and every reason (rule id first)."""
    policy = policies.load(announcement.policy_id)
    recruitment = engine.Recruitment(announcement_date=announcement.announced_on,
                                     registration_deadline=announcement.registration_deadline,
                                     county_code=announcement.unit.code)
    screeners: dict[int, engine.Screener] = {}
    counts = {"eligible": 0, "ineligible": 0}
    pending = (announcement.applications.select_related("post")
               .filter(status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                                   ApplicationStatus.INELIGIBLE), review_decision=""))
    for application in pending:
        post = application.post
        if post.pk not in screeners:
            screeners[post.pk] = engine.Screener(
                policy, post.track, recruitment=recruitment,
                post=engine.Post(code=post.code, track=post.track, positions=post.positions, sex=post.sex or None))
        verdict = screeners[post.pk](_to_engine(application))
        application.auto_eligible = verdict.eligible
        application.auto_reasons = [{"rule_id": r.rule_id, "clause": r.clause, "message": r.message_zh,
                                     "passed": r.passed} for r in verdict.reasons]
        application.auto_reasons += [{"rule_id": p.rule_id, "clause": p.clause, "message": p.message_zh,
                                      "passed": None, "step": p.step} for p in verdict.pending]
        application.status = ApplicationStatus.ELIGIBLE if verdict.eligible else ApplicationStatus.INELIGIBLE
        application.save()
        counts["eligible" if verdict.eligible else "ineligible"] += 1
    if announcement.status == AnnouncementStatus.OPEN:
        announcement.status = AnnouncementStatus.CLOSED  # screening begins: registration is over
        announcement.save()
    return counts


@transaction.atomic
def review_application(*, application: Application, decision: str, reason: str, reviewer) -> Application:
    """A reviewer (county bureau or HR bureau) confirms or overrides the system's verdict."""
    if application.auto_eligible is None:
        raise ValidationError("尚未进行系统资格审查，请先运行资格审查")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": f"审核意见「{decision}」无效"})
    if decision != ReviewDecision.CONFIRM and not reason.strip():
        raise ValidationError({"reason": "改变系统结论时必须填写理由"})
    if application.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
        raise ValidationError(f"当前状态为「{application.get_status_display()}」，资格审查已结束，不能再修改")
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
def record_scores(*, application: Application, written=None, interview_marks: list | None = None) -> Application:
    policy = policies.load(application.announcement.policy_id)
    rule = policy.scoring_for(application.track)
    if application.eligible is not True:
        raise ValidationError(f"{application.full_name} 未通过资格审查，不能登记成绩")
    if written not in (None, ""):
        application.written_score = parse_score(written, label="笔试成绩", scale=rule.scale)
    if interview_marks:
        marks = [parse_score(m, label="面试评分", scale=rule.scale) for m in interview_marks]
        application.interview_marks = [str(m) for m in marks]
        with _engine_refusal("interview_marks"):  # too few examiners, or no interview on this track
            application.interview_score = engine.combine_marks(policy, application.track, marks)
    application.save()
    return application


def _candidates(announcement: Announcement, *, statuses: Iterable[str]) -> list[engine.Candidate]:
    return [
        engine.Candidate(key=str(a.pk), post=a.post.code, track=a.track, written=a.written_score,
                         interview=a.interview_score, conditions=frozenset(a.conditions), education=a.education,
                         birth_date=a.birth_date, registered_at=a.submitted_at)
        for a in announcement.applications.select_related("post").filter(status__in=list(statuses))
    ]


@transaction.atomic
def shortlist_for_interview(*, announcement: Announcement) -> dict[str, int]:
    """Rank on the written score and send positions × ratio per post to the interview."""
    policy = policies.load(announcement.policy_id)
    ranked = engine.rank(policy, _candidates(announcement, statuses=[ApplicationStatus.ELIGIBLE,
                                                                     ApplicationStatus.SHORTLISTED,
                                                                     ApplicationStatus.ELIMINATED]),
                         stage="written")
    posts = {p.code: p.positions for p in announcement.posts.all()}
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
    tracks = [t for t in policy.track_codes if policy.scoring_for(t).has_interview]
    return {str(pk) for pk in announcement.applications.filter(
        status=ApplicationStatus.ELIGIBLE, track__in=tracks).values_list("pk", flat=True)}


@transaction.atomic
def rank_final(*, announcement: Announcement) -> list[Application]:
    """Composite scores and the final ranking per post with the policy's tie-breaks; the top ones per post
    become candidates for 考察 and 体检."""
    policy = policies.load(announcement.policy_id)
    # On a track with an interview only the shortlisted are ranked; without one (the internal track's
    # exam only, DQ-7.2) every eligible applicant is.
    waiting = _awaiting_interview(announcement, policy)
    candidates = [c for c in _candidates(announcement, statuses=[
        ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED, ApplicationStatus.CANDIDATE])
        if c.key not in waiting]
    ranked = engine.rank(policy, candidates, stage="final")
    by_key = {str(a.pk): a for a in announcement.applications.select_related("post")
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
        elif application.status == ApplicationStatus.CANDIDATE:
            application.status = ApplicationStatus.SHORTLISTED
        application.save()
        result.append(application)
    return result


@transaction.atomic
def record_check(*, application: Application, inspection: str | None = None,
                 medical: str | None = None) -> Application | None:
    """考察 and 体检 results. A failure drops the candidate and backfills the next in rank order on the
    same post; returns the backfilled application, if any."""
    if application.status != ApplicationStatus.CANDIDATE:
        raise ValidationError(f"{application.full_name} 不是拟聘用候选人（当前：{application.get_status_display()}）")
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
        backfill = (application.announcement.applications
                    .filter(post=application.post, status=ApplicationStatus.SHORTLISTED, rank__isnull=False,
                            composite_score__isnull=False)
                    .order_by("rank").first())
        if backfill is not None:
            backfill.status = ApplicationStatus.CANDIDATE
            backfill.save()
    else:
        application.save()
    return backfill


# --- public notice and hire ------------------------------------------------------------------------------


def required_checks(policy: engine.Policy, track: str) -> tuple[str, ...]:
    """Which of 考察 (inspection) and 体检 (medical_exam) the track's procedure has (YQ-6 has both)."""
    steps: tuple[str, ...] = ()
    for rule in policy.procedure:
        if rule.applies_to(track):
            steps = rule.steps
    return tuple(step for step in ("inspection", "medical_exam") if step in steps)


def checks_done(policy: engine.Policy, application: Application) -> bool:
    fields = {"inspection": application.inspection, "medical_exam": application.medical}
    return all(fields[step] == CheckResult.PASSED for step in required_checks(policy, application.track))


@transaction.atomic
def start_notice(*, announcement: Announcement, start: datetime.date) -> Announcement:
    """Publish the notice for every candidate who passed both checks; its end follows the policy's length
    in working or calendar days (Chinese holidays and adjusted working days respected)."""
    policy = policies.load(announcement.policy_id)
    ready = [a for a in announcement.applications.filter(status=ApplicationStatus.CANDIDATE)
             if checks_done(policy, a)]
    if not ready:
        raise ValidationError("没有完成考察、体检（按本渠道程序）的拟聘用人员，不能发布公示")
    with _engine_refusal("start"):  # no holiday calendar for that year yet
        announcement.notice_start, announcement.notice_end = engine.notice_period(policy, start)
    announcement.save()
    for application in ready:
        application.status = ApplicationStatus.NOTICE
        application.save()
    return announcement


@transaction.atomic
def record_objection(*, application: Application, objection: str, resolution: str = "") -> Application:
    if application.status != ApplicationStatus.NOTICE:
        raise ValidationError("只有公示中的人员可以登记异议")
    if not objection.strip():
        raise ValidationError({"objection": "异议内容不能为空"})
    application.objection = objection.strip()
    application.objection_resolution = resolution.strip()
    application.save()
    return application


@transaction.atomic
def hire(*, application: Application, contract_start: datetime.date, today: datetime.date | None = None,
         duty_category: str = "") -> StaffMember:
    """After the notice ends with no unresolved objection: the staff record and the contract (聘用合同)."""
    announcement = application.announcement
    today = today or timezone.localdate()
    if application.status != ApplicationStatus.NOTICE:
        raise ValidationError(f"{application.full_name} 不在公示中（当前：{application.get_status_display()}），不能聘用")
    if announcement.notice_end is None or today <= announcement.notice_end:
        raise ValidationError(f"公示期至 {announcement.notice_end:%Y-%m-%d} 结束，结束后方可聘用")
    if application.objection and not application.objection_resolution:
        raise ValidationError("公示期间有异议尚未处理，不能聘用")
    if contract_start < announcement.notice_end:
        raise ValidationError("合同开始日期不能早于公示结束日期")
    policy = policies.load(announcement.policy_id)
    member = StaffMember(unit=application.post.office, full_name=application.full_name,
                         id_number=application.id_number, sex=application.sex, birth_date=application.birth_date,
                         staff_type=StaffType.JUDICIAL_ASSISTANT, duty_category=duty_category,
                         education=application.education, major=application.major, phone=application.phone,
                         joined_on=contract_start)
    validate_member(member)
    member.save()
    months = int(policy.contract.years * 12)
    end = _add_months(contract_start, months) - datetime.timedelta(days=1)
    probation = (_add_months(contract_start, policy.contract.probation_months) - datetime.timedelta(days=1)
                 if policy.contract.probation_months else None)
    Contract.objects.create(staff=member, start=contract_start, end=end, probation_end=probation,
                            policy_id=policy.id, note=f"{policy.contract.id}：合同{policy.contract.years}年")
    application.status = ApplicationStatus.HIRED
    application.staff = member
    application.save()
    if not announcement.applications.filter(status__in=(ApplicationStatus.NOTICE, ApplicationStatus.CANDIDATE)).exists():
        announcement.status = AnnouncementStatus.FINISHED
        announcement.save()
    return member


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar

    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- tracks in order (DQ-4, YQ-6.3: internal selection first, public recruitment fills the rest) --------


def carried_over_posts(*, announcement: Announcement) -> list[dict]:
    """Posts a following announcement should offer: for each post of a track that the policy's allocation
    puts before another, the positions its candidates did not fill, moved to the next track.

    Filled means hired, or on the way to it (candidate, in notice). Used to prefill the next announcement.
    """
    policy = policies.load(announcement.policy_id)
    order = list(policy.allocation.order) if policy.allocation.mode == "sequential" else []
    filling = (ApplicationStatus.CANDIDATE, ApplicationStatus.NOTICE, ApplicationStatus.HIRED)
    specs = []
    for post in announcement.posts.select_related("office").order_by("code"):
        if post.track not in order or order.index(post.track) == len(order) - 1:
            continue
        filled = post.applications.filter(status__in=filling).count()
        if filled < post.positions:
            specs.append({"office": post.office, "track": order[order.index(post.track) + 1],
                          "positions": post.positions - filled, "sex": post.sex})
    return specs
