"""Writes of reporting: templates, compiling reports, typed-in values, submission, approval up the tree,
returns and unlocks. Every rule is here, with its Chinese message (the pages and the API show them)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sifasuo.core import transitions
from sifasuo.core.changelog import log_bulk_create, log_bulk_update
from sifasuo.core.scoping import check_in_scope
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import live, official, periods
from .catalog import TEMPLATES
from .choices import EventKind, FieldSource, PeriodType, ReportStatus, Severity
from .elements import by_code
from .models import AggregateValue, Report, ReportEvent, ReportTemplate

OPS = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
       ">": lambda a, b: a > b, "==": lambda a, b: a == b}
OPEN_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
LEVEL_NAMES = {Level.PROVINCE: "省级司法厅", Level.CITY: "市级司法局", Level.COUNTY: "县级司法局",
               Level.OFFICE: "司法所", Level.WORKSTATION: "司法行政工作室"}


# --- templates ---------------------------------------------------------------------------------------

def validate_template(template: ReportTemplate) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if template.period_type not in PeriodType.values:
        errors["period_type"].append(f"报送周期“{template.period_type}”无效")
    if template.deadline_day is None or not 1 <= template.deadline_day <= 31:
        errors["deadline_day"].append("报送截止日应在 1 至 31 日之间")
    if template.unit_level not in (Level.CITY, Level.COUNTY, Level.OFFICE):
        errors["unit_level"].append("填报层级应为市级司法局、县级司法局或司法所")
    if not template.fields:
        errors["fields"].append("报表至少要有一个栏目")
    codes = set()
    for i, f in enumerate(template.fields or [], start=1):
        code = f.get("code") if isinstance(f, dict) else None
        if not code:
            errors["fields"].append(f"第{i}个栏目缺少代码")
            continue
        if code in codes:
            errors["fields"].append(f"栏目代码 {code} 重复")
        codes.add(code)
        if not str(f.get("label") or "").strip():
            errors["fields"].append(f"栏目 {code} 缺少名称")
        if f.get("source") not in FieldSource.values:
            errors["fields"].append(f"栏目 {code} 的来源应为 compiled（自动汇总）或 manual（手工填报）")
        if f.get("source") == FieldSource.COMPILED and f.get("element", code) not in by_code():
            errors["fields"].append(f"栏目 {code} 引用的数据项“{f.get('element', code)}”不存在")
    for i, r in enumerate(template.rules or [], start=1):
        if not isinstance(r, dict) or r.get("left") not in codes or r.get("right") not in codes:
            errors["rules"].append(f"第{i}条审核规则引用了报表中没有的栏目")
        elif r.get("op") not in OPS:
            errors["rules"].append(f"第{i}条审核规则的比较符“{r.get('op')}”无效，应为 <=、>=、<、>、==")
        elif r.get("severity") not in Severity.values:
            errors["rules"].append(f"第{i}条审核规则的级别应为 blocking（阻止上报）或 warning（提示）")
        elif r.get("left") == r.get("right"):
            errors["rules"].append(f"第{i}条审核规则左右两边是同一个栏目")
        elif not str(r.get("message") or "").strip():
            errors["rules"].append(f"第{i}条审核规则缺少提示语")
    if errors:
        raise ValidationError(dict(errors))


def ensure_templates() -> list[ReportTemplate]:
    """Create the templates of the catalogue that do not exist yet (existing ones keep their edits)."""
    out = []
    for spec in TEMPLATES:
        template = ReportTemplate.objects.filter(code=spec["code"]).first()
        if template is None:
            template = ReportTemplate(**spec)
            validate_template(template)
            template.save()
        out.append(template)
    return out


def _check_template_editor(actor) -> None:
    if actor is not None and (actor.unit is None or actor.unit.level != Level.PROVINCE) and not actor.is_superuser:
        raise ValidationError({"template": ["报表模板只能由省级司法厅修改"]})


TEMPLATE_FIELDS = ("name", "period_type", "unit_level", "deadline_day", "move_to_working_day", "fields", "rules",
                   "basis", "active", "order")


@transaction.atomic
def create_template(*, actor, code: str, name: str, **values) -> ReportTemplate:
    """A new report template (province only): a unique code of letters, digits and underscores."""
    _check_template_editor(actor)
    code = (code or "").strip()
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
        errors["code"] = ["报表代码应以小写字母开头，由小写字母、数字和下划线组成（2 至 40 个字符），如 office_monthly"]
    elif ReportTemplate.objects.filter(code=code).exists():
        errors["code"] = [f"报表代码“{code}”已被使用"]
    if not (name or "").strip():
        errors["name"] = ["请填写报表名称"]
    if errors:
        raise ValidationError(errors)
    unknown = set(values) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValueError(f"unknown template attributes: {sorted(unknown)}")
    template = ReportTemplate(code=code, name=name.strip(), **values)
    validate_template(template)
    template.save()
    return template


@transaction.atomic
def update_template(*, actor, template: ReportTemplate, **changes) -> ReportTemplate:
    """Change a template (province only). Once reports exist, the period type and the level that fills it
    in are fixed (the reports already made would no longer fit); deadlines, fields and rules may change."""
    _check_template_editor(actor)
    transitions.lock(template)
    fixed = [(name, label) for name, label in (("period_type", "报送周期"), ("unit_level", "填报层级"))
             if name in changes and changes[name] != getattr(template, name)]
    if fixed:
        made = template.reports.count()
        if made:
            raise ValidationError({name: [f"该报表已有 {made} 份报表，不能再更改{label}；如需不同的{label}，请新建报表模板"]
                                   for name, label in fixed})
    for name, value in changes.items():
        setattr(template, name, value)
    validate_template(template)
    template.save()
    return template


# --- compiling -----------------------------------------------------------------------------------------

def _period(template: ReportTemplate, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = periods.period_start(template.period_type, start)
    return start, periods.period_end(template.period_type, start)


def deadline_for(template: ReportTemplate, start: datetime.date) -> datetime.date:
    return periods.deadline(template.period_type, start, day=template.deadline_day,
                            move_to_working_day=template.move_to_working_day)


def compiled_values(template: ReportTemplate, start: datetime.date, end: datetime.date,
                    unit_ids: list[int]) -> dict[int, dict[str, float]]:
    """The compiled fields of each unit's report from the aggregate table (one grouped query): flows are
    summed over the period's months, stocks read at its last month."""
    elements = {f.get("element", f["code"]): f["code"] for f in template.fields
                if f["source"] == FieldSource.COMPILED}
    last = periods.month_start(end)
    out: dict[int, dict[str, float]] = {uid: {code: 0 for code in elements.values()} for uid in unit_ids}
    flows = [e for e in elements if by_code()[e].kind in ("flow", "report")]
    stocks = [e for e in elements if e not in flows]
    qs = AggregateValue.objects.filter(unit_id__in=unit_ids) if len(unit_ids) < 500 else AggregateValue.objects
    rows = list(qs.filter(period__gte=start, period__lte=end, element__in=flows, level=Level.OFFICE)
                .values_list("unit_id", "element").annotate(v=Sum("value")).order_by())
    rows += list(qs.filter(period=last, element__in=stocks, level=Level.OFFICE)
                 .values_list("unit_id", "element", "value"))
    for uid, element, value in rows:
        if uid in out:
            out[uid][elements[element]] = round(value, 2)
    return out


@transaction.atomic
def compile_reports(*, template: ReportTemplate, start: datetime.date, path: str, refresh: bool = True) -> int:
    """Create or recompile the reports of every expected unit under `path` for the period: the live aggregate
    table is brought up to date for the period's months (what is still marked stale, and months never
    computed), then each open report takes its compiled values; typed-in values are kept. Submitted and
    approved reports are not touched."""
    start, end = _period(template, start)
    if refresh:
        live.ensure_current(path, start, end)
    units = list(expected_units(template=template, start=start, end=end, path=path))
    values = compiled_values(template, start, end, [u.id for u in units])
    existing = {r.unit_id: r for r in Report.objects.filter(template=template, period_start=start,
                                                             unit__path__under=path)}
    due = deadline_for(template, start)
    new, changed, before = [], [], {}
    for unit in units:
        report = existing.get(unit.id)
        if report is None:
            new.append(Report(template=template, unit=unit, period_start=start, period_end=end, deadline=due,
                              values=_manual_defaults(template) | values[unit.id]))
        elif report.status in OPEN_STATUSES:
            compiled = {**report.values, **values[unit.id]}
            if compiled != report.values:
                before[report.pk] = {"values": report.values}
                report.values = compiled
                changed.append(report)
    Report.objects.bulk_create(new, batch_size=2000)
    log_bulk_create(new)
    Report.objects.bulk_update(changed, ["values"], batch_size=2000)
    log_bulk_update(changed, before_values=before)  # bulk writes log themselves, like every other write
    return len(new) + len(changed)


def periods_to_lock(template: ReportTemplate, today: datetime.date, back: int = 3) -> list[datetime.date]:
    """The starts of the template's last periods whose deadline has passed by `today` (most recent first)."""
    size = periods.MONTHS[template.period_type]
    start = periods.period_start(template.period_type, today)
    found = []
    for n in range(1, back + 2):
        period = periods.add_months(start, -size * n)
        if deadline_for(template, period) < today:
            found.append(period)
    return found[:back]


def lock_period(*, template: ReportTemplate, start: datetime.date, path: str) -> int:
    """After the deadline (HZ-3: the 3rd), the period's reports of every expected unit under `path` are
    compiled once more from the aggregate table and created where a unit never opened its report, so that the
    status pages, completeness and the alerts see every unit; from then the entry-level reports are locked
    (`is_locked`) and only an unlock reopens one. Units that already have all their reports are skipped, so
    the nightly run does this once per period. Returns the number of reports written."""
    start, end = _period(template, start)
    expected = expected_units(template=template, start=start, end=end, path=path).count()
    have = Report.objects.filter(template=template, period_start=start, unit__path__under=path,
                                 unit__level=template.unit_level).count()
    if have >= expected:
        return 0
    return compile_reports(template=template, start=start, path=path, refresh=False)


def _recompile(report: Report) -> None:
    """An open report of the entry level takes the registers' figures as they are now (its typed-in values
    kept): what is submitted, and approved, is what the registers held at submission (D54)."""
    live.ensure_current(report.unit.path, report.period_start, report.period_end)
    report.values = {**report.values, **compiled_values(report.template, report.period_start, report.period_end,
                                                        [report.unit_id])[report.unit_id]}


def _manual_defaults(template) -> dict:
    return {f["code"]: None for f in template.fields if f["source"] == FieldSource.MANUAL}


def expected_units(*, template: ReportTemplate, start: datetime.date, end: datetime.date, path: str):
    """The units that owe the report: at the template's level under `path`, open on the period's last day
    (closed during the period or opened after it: not expected; see completeness)."""
    from django.db.models import Q

    return (OrgUnit.objects.filter(path__under=path, level=template.unit_level)
            .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).order_by("path"))


def report_for(*, template: ReportTemplate, unit: OrgUnit, start: datetime.date) -> Report:
    """The unit's report of that period, compiled when it does not exist yet."""
    start, end = _period(template, start)
    report = Report.objects.filter(template=template, unit=unit, period_start=start).first()
    if report is not None:
        return report
    if unit.level == template.unit_level:
        compile_reports(template=template, start=start, path=unit.path)
        return Report.objects.get(template=template, unit=unit, period_start=start)
    return Report.objects.create(template=template, unit=unit, period_start=start, period_end=end,
                                 deadline=deadline_for(template, start))


# --- locks and rules -------------------------------------------------------------------------------------

def deadline_passed(report: Report, now: datetime.datetime | None = None) -> bool:
    """On time is judged on the timestamp: anything up to 23:59:59 of the deadline day (local time)."""
    now = timezone.localtime(now or timezone.now())
    return now.date() > report.deadline


def is_locked(report: Report, now: datetime.datetime | None = None) -> bool:
    """A report's data can no longer change: submitted or approved, or (at the entry level) the deadline
    has passed with no unlock in force. A report returned from above is open again."""
    if report.status not in OPEN_STATUSES:
        return True
    if report.status == ReportStatus.RETURNED or report.unit.level != report.template.unit_level:
        return False
    now = now or timezone.now()
    if report.unlocked_until and now <= report.unlocked_until:
        return False
    return deadline_passed(report, now)


def check_rules(template: ReportTemplate, values: dict) -> tuple[list[str], list[str]]:
    """(blocking messages, warnings) of the template's validation rules on these values."""
    labels = {f["code"]: f["label"] for f in template.fields}
    blocking, warnings = [], []
    for rule in template.rules:
        left, right = values.get(rule["left"]), values.get(rule["right"])
        if left in (None, "") or right in (None, ""):
            continue
        if not OPS[rule["op"]](float(left), float(right)):
            text = (f"{rule['message']}（{labels.get(rule['left'], rule['left'])} {left:g}，"
                    f"{labels.get(rule['right'], rule['right'])} {right:g}）")
            (blocking if rule["severity"] == Severity.BLOCKING else warnings).append(text)
    return blocking, warnings


def _event(report, kind, actor, comment="", at=None):
    return ReportEvent.objects.create(report=report, kind=kind, at=at or timezone.now(), actor=actor,
                                      actor_unit=getattr(getattr(actor, "unit", None), "name", ""),
                                      comment=comment)


def _locked_message(report: Report) -> str:
    if report.status == ReportStatus.SUBMITTED:
        return "报表已上报，正在等待上级审核，不能修改"
    if report.status == ReportStatus.APPROVED:
        return "报表已审核通过，数据已锁定"
    return f"{report.period_label}报表已于 {report.deadline:%Y年%m月%d日} 截止，本期已锁定；{unlock_hint(report)}"


def unlock_hint(report: Report) -> str:
    """What a unit does about a locked report: whom to ask (HZ-3: the level above unlocks for late filing)."""
    parent = report.unit.parent
    whom = parent.name if parent is not None else "上级单位"
    return f"如确需补报，请上级单位解锁：向{whom}申请，由其在本报表页面点击“解锁补报”（可解锁 1 至 30 天）"


def _check_own_unit(actor, report: Report, what: str) -> None:
    if actor is None:
        return
    check_in_scope(actor, report.unit, what="报表", ref="")
    if actor.unit_id != report.unit_id and not actor.is_superuser:
        raise ValidationError({"unit": [f"{what}只能由「{report.unit.name}」本单位办理"]})


@transaction.atomic
def save_values(*, actor, report: Report, values: dict, now=None) -> Report:
    """Typed-in fields of an open report; compiled fields cannot be typed over."""
    transitions.lock(report, related=("template", "unit"))
    _check_own_unit(actor, report, "填报")
    if is_locked(report, now):
        raise transitions.StateConflict({"status": [_locked_message(report)]})
    manual = {f["code"]: f["label"] for f in report.template.fields if f["source"] == FieldSource.MANUAL}
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for code, raw in values.items():
        if code not in manual:
            label = next((f["label"] for f in report.template.fields if f["code"] == code), code)
            errors[code] = [f"「{label}」由登记簿自动汇总，不能手工填写"]
            continue
        if raw in (None, ""):
            cleaned[code] = None
            continue
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            errors[code] = [f"「{manual[code]}」应填写数字，收到“{raw}”"]
            continue
        if number < 0 or number != number.to_integral_value():
            errors[code] = [f"「{manual[code]}」应为不小于 0 的整数"]
            continue
        cleaned[code] = int(number)
    if errors:
        raise ValidationError(errors)
    report.values = {**report.values, **cleaned}
    report.save(update_fields=["values", "updated_at"])
    _event(report, EventKind.SAVE, actor, at=now)
    return report


@transaction.atomic
def submit(*, actor, report: Report, now: datetime.datetime | None = None) -> Report:
    """The unit submits its report (an office its own; a county or city its sum once every unit below is
    approved). Blocking rules stop it; the timestamp decides on-time (HZ-3: by the 3rd, 23:59)."""
    now = now or timezone.now()
    transitions.lock(report, related=("template", "unit"))
    _check_own_unit(actor, report, "上报")
    if is_locked(report, now):
        raise transitions.StateConflict({"status": [_locked_message(report)]})
    template = report.template
    if report.unit.level < template.unit_level:
        pending = pending_children(report)
        if pending:
            names = "、".join(u.name for u in pending[:10]) + (" 等" if len(pending) > 10 else "")
            raise ValidationError({"status": [f"下级单位的报表尚未全部审核通过，不能上报：{names}"]})
        report.values = summed_children_values(report)
    else:
        _recompile(report)
        missing = [f["label"] for f in template.fields
                   if f["source"] == FieldSource.MANUAL and report.values.get(f["code"]) in (None, "")]
        if missing:
            raise ValidationError({"values": [f"以下栏目尚未填写：{'、'.join(missing)}"]})
    blocking, warnings = check_rules(template, report.values)
    if blocking:
        raise ValidationError({"values": blocking})
    report.warnings = warnings
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.on_time = not deadline_passed(report, now)
    report.return_comment = ""
    report.returned_by_hub = False
    report.hub_reviewed_at = None   # a new submission is reviewed by the hub afresh
    report.hub_comment = ""
    report.save()
    _event(report, EventKind.SUBMIT, actor, at=now)
    return report


def _parent_report(report: Report) -> Report | None:
    parent_path = report.unit.ancestor_paths()[-2] if report.unit.level > Level.PROVINCE else None
    if parent_path is None:
        return None
    return (Report.objects.filter(template=report.template, period_start=report.period_start,
                                  unit__path=parent_path).first())


def _check_approver(actor, report: Report, what: str) -> None:
    """HZ-3 chain: an office's report is checked by its county, a county's by its city, a city's by the
    province: the actor's unit must be the report unit's parent."""
    if actor is None:
        return
    check_in_scope(actor, report.unit, what="报表", ref="")
    parent_path = report.unit.ancestor_paths()[-2] if report.unit.level > Level.PROVINCE else None
    if actor.is_superuser:
        return
    if actor.unit is None or actor.unit.path != parent_path:
        above = LEVEL_NAMES.get(report.unit.level - 1, "上级单位")
        raise ValidationError({"unit": [
            f"{LEVEL_NAMES.get(report.unit.level, '')}「{report.unit.name}」的报表应由{above}{what}，"
            f"您所在的「{getattr(actor.unit, 'name', '')}」不能{what}"]})
    parent = _parent_report(report)
    if parent is not None and parent.status not in OPEN_STATUSES:
        raise ValidationError({"status": [f"「{parent.unit.name}」本期报表已上报，下级数据已锁定，不能再{what}"]})


@transaction.atomic
def approve(*, actor, report: Report, now=None) -> Report:
    """The unit above approves a submitted report (HZ-3 chain). An office's approved monthly report sets the
    official figures of its month (D54); the live figures already follow the registers (D55)."""
    transitions.lock(report, related=("template", "unit"))
    _check_approver(actor, report, "审核")
    if report.status != ReportStatus.SUBMITTED:
        raise transitions.StateConflict({"status": [
            f"报表当前状态为“{report.get_status_display()}”，只有已上报的报表才能审核"]})
    if report.unit.level < report.template.unit_level:
        pending = pending_children(report)
        if pending:
            raise ValidationError({"status": [
                f"下级单位尚有报表未审核通过：{'、'.join(u.name for u in pending[:10])}"]})
    report.status = ReportStatus.APPROVED
    report.approved_at = now or timezone.now()
    report.save()
    _event(report, EventKind.APPROVE, actor, at=now)
    # D54: the approved values become the official figures (the live ones follow the typed-in values through
    # the change just logged, reporting.live)
    official.record(report)
    return report


@transaction.atomic
def return_report(*, actor, report: Report, comment: str, now=None) -> Report:
    transitions.lock(report, related=("template", "unit"))
    comment = _return_comment(comment)
    _check_approver(actor, report, "退回")
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise transitions.StateConflict({"status": [f"报表当前状态为“{report.get_status_display()}”，不能退回"]})
    return _returned(report, actor, comment, EventKind.RETURN, now, returned_by_hub=False, approved_at=None)


def _return_comment(comment: str | None) -> str:
    """A return says what to correct: the comment, stripped, or a refusal."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": ["退回报表必须填写退回意见，说明需要修改的内容"]})
    return comment


def _returned(report: Report, actor, comment: str, kind: str, now, **also) -> Report:
    """Send the report back to its unit with `comment` (recorded as an event of `kind`), setting `also`."""
    report.status = ReportStatus.RETURNED
    report.return_comment = comment
    for name, value in also.items():
        setattr(report, name, value)
    report.save()
    _event(report, kind, actor, comment=comment, at=now)
    return report


# --- the hub's review (HZ-1, HZ-3) ---------------------------------------------------------------------------

def _check_hub_reviewer(actor, report: Report, what: str) -> None:
    """HZ-1, HZ-3: the hub office guides its cluster's monthly reporting: its staff look at a member office's
    submitted monthly report before the county reviews it. Only the hub of that office's cluster may."""
    if actor is None or actor.is_superuser:
        return
    unit = report.unit
    if unit.level != Level.OFFICE or unit.hub_id is None:
        raise ValidationError({"unit": [f"「{unit.name}」不属于任何片区，没有片区中心所审阅环节"]})
    if actor.unit_id != unit.hub_id:
        raise ValidationError({"unit": [f"「{unit.name}」的报表由其片区中心所{what}，您所在的"
                                        f"「{getattr(actor.unit, 'name', '')}」不能{what}"]})


def _hub_locked(actor, report: Report, what: str) -> Report:
    """The report re-read under a row lock, once its cluster's hub may `what` it: a submitted report the
    county has not reviewed yet."""
    report = Report.objects.select_for_update().select_related("template", "unit").get(pk=report.pk)
    _check_hub_reviewer(actor, report, what)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"status": [f"报表当前状态为“{report.get_status_display()}”，只有已上报、"
                                          f"县级尚未审核的报表才能由片区中心所{what}"]})
    return report


@transaction.atomic
def hub_review(*, actor, report: Report, comment: str = "", now=None) -> Report:
    """The hub has looked at a member's submitted report (with an optional comment for the county); the
    report stays submitted and the county may approve it with or without this step."""
    report = _hub_locked(actor, report, "审阅")
    now = now or timezone.now()
    report.hub_reviewed_at = now
    report.hub_comment = (comment or "").strip()
    report.save(update_fields=["hub_reviewed_at", "hub_comment", "updated_at"])
    _event(report, EventKind.HUB_REVIEW, actor, comment=report.hub_comment, at=now)
    return report


@transaction.atomic
def hub_return(*, actor, report: Report, comment: str, now=None) -> Report:
    """The hub returns a member's submitted report with its comments before the county reviews it: the
    office corrects and submits again (recorded as 片区中心所退回)."""
    comment = _return_comment(comment)
    report = _hub_locked(actor, report, "退回")
    now = now or timezone.now()
    return _returned(report, actor, comment, EventKind.HUB_RETURN, now, returned_by_hub=True, hub_reviewed_at=now,
                     hub_comment=comment)


@transaction.atomic
def unlock(*, actor, report: Report, reason: str, days: int = 3, now=None) -> Report:
    """An audited exception: a unit above lets a late report be submitted for a few days."""
    transitions.lock(report, related=("template", "unit"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["解锁必须说明理由"]})
    if actor is not None and not actor.is_superuser:
        if actor.unit is None or not (report.unit.path.startswith(actor.unit.path)
                                      and actor.unit.path != report.unit.path):
            raise ValidationError({"unit": ["只有上级单位才能解锁本期报表"]})
    if report.status not in OPEN_STATUSES:
        raise transitions.StateConflict({"status": [f"报表当前状态为“{report.get_status_display()}”，无需解锁"]})
    if not 1 <= int(days) <= 30:
        raise ValidationError({"days": ["解锁天数应在 1 至 30 天之间"]})
    now = now or timezone.now()
    report.unlocked_until = now + datetime.timedelta(days=int(days))
    report.save()
    _event(report, EventKind.UNLOCK, actor, comment=f"{reason}（解锁 {days} 天）", at=now)
    return report


# --- the chain ---------------------------------------------------------------------------------------

def pending_children(report: Report) -> list[OrgUnit]:
    """Units directly below whose report of this period is not approved (expected ones only)."""
    template = report.template
    child_level = report.unit.level + 1
    children = list(OrgUnit.objects.filter(path__under=report.unit.path, level=child_level))
    if child_level == template.unit_level:
        expected = {u.id for u in expected_units(template=template, start=report.period_start,
                                                  end=report.period_end, path=report.unit.path)}
        children = [c for c in children if c.id in expected]
    else:
        # a level in between (a city's counties) is expected when it has expected units below
        holders = set(expected_units(template=template, start=report.period_start, end=report.period_end,
                                     path=report.unit.path).values_list("path", flat=True))
        children = [c for c in children if any(h.startswith(c.path) for h in holders)]
    approved = set(Report.objects.filter(template=template, period_start=report.period_start,
                                         unit__in=children, status=ReportStatus.APPROVED)
                   .values_list("unit_id", flat=True))
    return [c for c in children if c.id not in approved]


def summed_children_values(report: Report) -> dict:
    totals: dict[str, float] = defaultdict(float)
    for values in Report.objects.filter(template=report.template, period_start=report.period_start,
                                        unit__path__under=report.unit.path,
                                        unit__level=report.unit.level + 1,
                                        status=ReportStatus.APPROVED).values_list("values", flat=True):
        for code, value in values.items():
            if value not in (None, ""):
                totals[code] += float(value)
    return {f["code"]: round(totals.get(f["code"], 0), 2) for f in report.template.fields}
