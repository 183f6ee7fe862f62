"""Applications (online, on paper, or an internal applicant taken from the roster), screening against the
policy (a preview while registration is open), the 德能勤绩廉 assessment of internal applicants (YQ-3.8) and
the reviewer's decision."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo import policy as engine
from sifasuo.core import idnumbers, transitions
from sifasuo.core.scoping import scope_error
from sifasuo.policy import regions
from sifasuo.staff.choices import AUXILIARY_TYPES
from sifasuo.staff.models import StaffMember

from .. import policies
from ..choices import (
    AnnouncementStatus,
    ApplicationStatus,
    CheckResult,
    ReviewDecision,
)
from ..models import (
    Announcement,
    Application,
    ApplicationDocument,
    NamedList,
    NamedListEntry,
    Post,
)
from .common import engine_refusal, local_today

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


def attach_document(*, application: Application, kind: str, upload) -> ApplicationDocument:
    """A certificate uploaded with an application (stored with it: the caller's transaction keeps both or neither)."""
    return ApplicationDocument.objects.create(application=application, kind=kind, file=upload)


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
            with engine_refusal():  # a list the rules need has not been imported, or not of the right date
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
    today = local_today(today)
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
    today = local_today(today)
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
