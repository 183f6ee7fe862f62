"""From the exam to the hire: scores, the shortlist for the interview, the final ranking, 考察 and 体检 with
backfill, the public notice, objections and their resolution, and the hire itself (converting an existing
auxiliary's record on the internal track)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo import policy as engine
from sifasuo.core import transitions, workdays
from sifasuo.core.dates import add_months
from sifasuo.staff import services as staff_services
from sifasuo.staff.choices import ExitKind, StaffType
from sifasuo.staff.models import Obligation as StaffObligation
from sifasuo.staff.models import StaffMember

from .. import policies, selectors
from ..choices import (
    AnnouncementStatus,
    ApplicationStatus,
    CheckResult,
    ObjectionOutcome,
)
from ..models import (
    Announcement,
    Application,
)
from .applications import serving_auxiliary
from .common import engine_refusal, local_today, require_registration_closed

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
    require_registration_closed(announcement, local_today(today), "登记成绩")
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
        with engine_refusal("interview_marks"):  # too few examiners
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
    require_registration_closed(announcement, local_today(today), "确定面试人选")
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
    with engine_refusal():
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
    require_registration_closed(announcement, local_today(today), "综合排名")
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
             if selectors.checks_done(policy, a)]
    if not ready:
        raise ValidationError("没有完成考察、体检（按本渠道程序）的拟聘用人员，不能发布公示")
    with engine_refusal("start"):
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
    today = local_today(today)
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
    today = local_today(today)
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
    today = local_today(today)
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
