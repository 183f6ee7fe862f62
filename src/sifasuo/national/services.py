"""The national roll-up (D63): a province sends its approved monthly aggregates; the national side accepts them.

Province side
- `month_ready(province, period)`: every city's monthly report of that month approved (else the reason).
- `build_payload(province, period)`: the units (province, cities, counties: code, name, level, parent), the
  aggregate figures of those units for the month (reporting.AggregateValue: the indicator base figures)
  and the approved monthly reports' values at the city and county levels. No row names a person.
- `queue(period)` and `send_due()`: the one place that sends, with the retry state in `RollupSubmission`
  (a month is retried with growing delays until the national installation acknowledges it, or refused with
  its reason). `sifasuo national send` calls them; so does the task `national.tasks.send_rollup`, which a
  queued month starts and which `schedule_sending()` puts back in the queue for the next retry.

National side
- `register_province(code, name)`: a new per-province key (returned once; only its SHA-256 is kept).
- `province_for_key(key)`: the province a key belongs to.
- `accept(province, payload)`: checks everything first (format, province, month, unit codes under the
  province, known data elements and report templates, numbers) and refuses with every reason in Chinese,
  changing nothing; otherwise replaces that province's month whole. The same content sent again changes
  nothing (`unchanged`, by digest).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
import secrets
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .models import (NationalFigure, NationalReceipt, NationalReport, NationalUnit, ProvinceKey, RollupSubmission,
                     SubmissionStatus)

FORMAT = 1
MONTHLY_TEMPLATE = "office_monthly"
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
SEND_TIMEOUT = 60
RETRY_FIRST = datetime.timedelta(minutes=5)
RETRY_MAX = datetime.timedelta(hours=6)
MAX_REASONS = 20


def period_label(period: datetime.date) -> str:
    return f"{period.year}年{period.month}月"


def parse_period(value: str) -> datetime.date:
    found = PERIOD_RE.match(value or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValidationError({"period": [f"月份「{value}」格式应为 YYYY-MM，例如 2026-10"]})
    return datetime.date(int(found.group(1)), int(found.group(2)), 1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode()).hexdigest()


# --- province side ----------------------------------------------------------------------------------------

def installation_province(code: str | None = None) -> OrgUnit:
    """The province this installation serves (its one province-level unit, or the one named)."""
    provinces = OrgUnit.objects.filter(level=Level.PROVINCE).order_by("code")
    if code:
        provinces = provinces.filter(code=code)
    found = list(provinces[:2])
    if len(found) != 1:
        raise ValidationError({"province": ["本平台有多个省级单位，请用 --province 指明报送哪一个" if found
                                            else "本平台没有省级单位，无法报送全国汇总"]})
    return found[0]


def month_ready(province: OrgUnit, period: datetime.date) -> None:
    """Raise with the reason unless the month has ended and every city's monthly report of it is approved."""
    from sifasuo.reporting.choices import ReportStatus
    from sifasuo.reporting.models import Report

    this_month = timezone.localdate().replace(day=1)
    if period >= this_month:
        raise ValidationError({"period": [f"{period_label(period)}尚未结束，不能报送"]})
    cities = list(OrgUnit.objects.filter(path__under=province.path, level=Level.CITY).order_by("code"))
    if not cities:
        raise ValidationError({"period": [f"{province.name}下没有市级单位，没有可报送的汇总"]})
    approved = set(Report.objects.filter(template__code=MONTHLY_TEMPLATE, period_start=period, unit__in=cities,
                                         status=ReportStatus.APPROVED).values_list("unit_id", flat=True))
    waiting = [c for c in cities if c.id not in approved]
    if waiting:
        names = "、".join(c.name for c in waiting[:3]) + (f"等 {len(waiting)} 个单位" if len(waiting) > 3 else "")
        raise ValidationError({"period": [f"{period_label(period)}{names}的月报尚未审核通过，暂不能报送全国汇总"]})


def build_payload(province: OrgUnit, period: datetime.date) -> dict:
    """What the national installation receives for one month (see the module docstring)."""
    from sifasuo.reporting import live
    from sifasuo.reporting.choices import ReportStatus
    from sifasuo.reporting.models import AggregateValue, Report

    live.ensure_current(province.path, period, period)   # the registers as they are when sent (D53, D55)
    units = list(OrgUnit.objects.filter(path__under=province.path, level__lte=Level.COUNTY)
                 .select_related("parent").order_by("path"))
    by_id = {u.id: u for u in units}
    figures = [[by_id[uid].code, element, value] for uid, element, value in
               AggregateValue.objects.filter(unit_id__in=by_id, period=period)
               .order_by("unit_path", "element").values_list("unit_id", "element", "value")]
    reports = [{"unit": by_id[r.unit_id].code, "template": MONTHLY_TEMPLATE, "values": r.values}
               for r in Report.objects.filter(template__code=MONTHLY_TEMPLATE, period_start=period,
                                              unit_id__in=by_id, status=ReportStatus.APPROVED,
                                              unit__level__in=(Level.CITY, Level.COUNTY)).order_by("unit__path")]
    return {
        "format": FORMAT,
        "province": province.code,
        "period": f"{period:%Y-%m}",
        "units": [{"code": u.code, "name": u.name, "level": u.level,
                   "parent": u.parent.code if u.parent_id and u.level > Level.PROVINCE else ""} for u in units],
        "figures": figures,
        "reports": reports,
    }


def queue(*, province: OrgUnit, period: datetime.date, now: datetime.datetime | None = None) -> RollupSubmission:
    """Put a month in line to be sent (again): refused with the reason unless it is ready."""
    month_ready(province, period)
    now = now or timezone.now()
    with transaction.atomic():
        submission, _ = RollupSubmission.objects.select_for_update().get_or_create(period=period)
        submission.status = SubmissionStatus.PENDING
        submission.attempts = 0
        submission.next_attempt_at = now
        submission.last_error = ""
        submission.save()
        schedule_sending(province)   # the task queue sends it, and retries it until it is answered
    return submission


def queue_ready(*, province: OrgUnit, months: int = 12, now: datetime.datetime | None = None) -> list[RollupSubmission]:
    """Queue every ready month of the last `months` that was never sent."""
    this_month = timezone.localdate().replace(day=1)
    known = set(RollupSubmission.objects.values_list("period", flat=True))
    queued = []
    period = this_month
    for _ in range(months):
        period = (period - datetime.timedelta(days=1)).replace(day=1)
        if period in known:
            continue
        try:
            queued.append(queue(province=province, period=period, now=now))
        except ValidationError:
            continue
    return queued


def _post(url: str, key: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Province-Key {key}"})
    try:
        with urllib.request.urlopen(request, timeout=SEND_TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            body = json.loads(exc.read() or b"{}")
        except ValueError:
            body = {}
        return exc.code, body


def send_due(*, province: OrgUnit, now: datetime.datetime | None = None) -> list[RollupSubmission]:
    """Send every pending month whose time has come (the one sending step; a task may call it as is)."""
    url = settings.SIFASUO_NATIONAL_URL
    key = settings.SIFASUO_NATIONAL_KEY
    if not url or not key:
        raise ValidationError({"national": ["未配置全国汇总平台地址或本省报送密钥（SIFASUO_NATIONAL_URL、SIFASUO_NATIONAL_KEY）"]})
    endpoint = url.rstrip("/") + "/api/national/submissions/"
    now = now or timezone.now()
    done = []
    due = RollupSubmission.objects.filter(status=SubmissionStatus.PENDING, next_attempt_at__lte=now).order_by("period")
    for submission in due:
        payload = build_payload(province, submission.period)
        try:
            status, answer = _post(endpoint, key, payload)
        except (OSError, ValueError) as exc:      # no answer, refused connection, time-out, broken reply
            status, answer = 0, {"detail": f"无法连接全国汇总平台：{exc}"}
        submission.attempts += 1
        submission.answer = answer
        if status == 200:
            submission.status = SubmissionStatus.ACKNOWLEDGED
            submission.acknowledged_at = timezone.now()
            submission.last_error = ""
            submission.next_attempt_at = None
        elif status in (400, 401, 403):       # refused: resending the same data cannot help
            submission.status = SubmissionStatus.REFUSED
            submission.last_error = "；".join([answer.get("detail", f"HTTP {status}"), *answer.get("errors", [])])
            submission.next_attempt_at = None
        else:                                 # the national side is away or failing: try again later
            delay = min(RETRY_FIRST * (2 ** (submission.attempts - 1)), RETRY_MAX)
            submission.next_attempt_at = now + delay
            submission.last_error = answer.get("detail", f"HTTP {status}")
        submission.save()
        done.append(submission)
    return done


def schedule_sending(province: OrgUnit) -> None:
    """Queue the task that sends for the earliest pending month's next attempt (at once when it is due); nothing
    when every month is acknowledged or refused, or no national platform is configured. A sending task already
    waiting in the queue is not queued twice (core.jobs.enqueue_on_commit)."""
    from sifasuo.core.jobs import enqueue_on_commit

    from .tasks import send_rollup

    if not settings.SIFASUO_NATIONAL_URL or not settings.SIFASUO_NATIONAL_KEY:
        return
    due = (RollupSubmission.objects.filter(status=SubmissionStatus.PENDING, next_attempt_at__isnull=False)
           .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    if due is not None:
        enqueue_on_commit(send_rollup.using(run_after=max(due, timezone.now())), province.code)


def send_queued(province_code: str) -> str:
    """The body of the task `send_rollup`: send what is due, then queue the task again for the next retry."""
    province = OrgUnit.objects.get(code=province_code, level=Level.PROVINCE)
    sent = send_due(province=province)
    schedule_sending(province)
    return "；".join(f"{s.period:%Y-%m} {s.get_status_display()}" for s in sent) or "没有到期的月份"


# --- national side ----------------------------------------------------------------------------------------

def register_province(*, code: str, name: str) -> tuple[ProvinceKey, str]:
    """A new key for a province (replacing its old one). The key is returned once and never stored."""
    if not re.fullmatch(r"\d{2}0000", code or ""):
        raise ValidationError({"code": [f"省级单位代码「{code}」应为以 0000 结尾的 6 位数字"]})
    key = secrets.token_urlsafe(32)
    province, _ = ProvinceKey.objects.update_or_create(code=code, defaults={"name": name, "key_hash": key_hash(key),
                                                                            "active": True})
    return province, key


def province_for_key(key: str) -> ProvinceKey | None:
    return ProvinceKey.objects.filter(key_hash=key_hash(key), active=True).first() if key else None


def _code_fits(code: str, level: int) -> bool:
    if not re.fullmatch(r"\d{6}", code):
        return False
    if level == Level.PROVINCE:
        return code.endswith("0000")
    if level == Level.CITY:
        return code.endswith("00") and not code.endswith("0000")
    return level == Level.COUNTY and not code.endswith("00")


def _check(province: ProvinceKey, payload) -> tuple[datetime.date, list[dict], list, list[dict], list[str]]:
    """Every reason to refuse the payload (empty when it is acceptable), and its parts."""
    from sifasuo.reporting.catalog import TEMPLATES
    from sifasuo.reporting.elements import by_code

    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None, [], [], [], [f"报送格式不受支持（应为第 {FORMAT} 版）"]
    errors: list[str] = []
    if payload.get("province") != province.code:
        errors.append(f"该密钥属于{province.name}（{province.code}），不能报送省级代码「{payload.get('province')}」的数据")
    period = None
    try:
        period = parse_period(str(payload.get("period", "")))
        if period >= timezone.localdate().replace(day=1):
            errors.append(f"报送月份 {period_label(period)}尚未结束")
    except ValidationError as exc:
        errors.extend(exc.messages)
    units, figures, reports = payload.get("units"), payload.get("figures"), payload.get("reports")
    if not isinstance(units, list) or not isinstance(figures, list) or not isinstance(reports, list):
        return period, [], [], [], errors + ["报送内容缺少单位清单（units）、数值（figures）或报表（reports）"]
    known: dict[str, int] = {}
    prefix = province.code[:2]
    for n, unit in enumerate(units, start=1):
        code = str(unit.get("code", "")) if isinstance(unit, dict) else ""
        level = unit.get("level") if isinstance(unit, dict) else None
        if not isinstance(level, int) or level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
            errors.append(f"单位清单第 {n} 项（{code or '无代码'}）：层级应为省、市或县级")
            continue
        if not _code_fits(code, level):
            errors.append(f"单位代码「{code}」与层级「{Level(level).label}」不符")
        elif not code.startswith(prefix):
            errors.append(f"单位代码「{code}」不属于{province.name}（{province.code}）")
        elif level == Level.PROVINCE and code != province.code:
            errors.append(f"省级单位代码「{code}」与密钥所属省份（{province.code}）不一致")
        elif not str(unit.get("name", "")).strip():
            errors.append(f"单位代码「{code}」缺少名称")
        else:
            known[code] = level
    for n, row in enumerate(figures, start=1):
        if not (isinstance(row, list) and len(row) == 3):
            errors.append(f"数值第 {n} 项格式应为 [单位代码, 数据项, 数值]")
            continue
        code, element, value = row
        if code not in known:
            errors.append(f"数值第 {n} 项：单位代码「{code}」不在本次报送的单位清单中")
        if element not in by_code():
            errors.append(f"数值第 {n} 项：数据项「{element}」不在全国汇总目录中")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            errors.append(f"数值第 {n} 项（{code} {element}）：数值「{value}」应为不小于 0 的数")
    templates = {t["code"] for t in TEMPLATES}
    for n, report in enumerate(reports, start=1):
        if not isinstance(report, dict) or not isinstance(report.get("values"), dict):
            errors.append(f"报表第 {n} 项格式不正确")
            continue
        if report.get("unit") not in known:
            errors.append(f"报表第 {n} 项：单位代码「{report.get('unit')}」不在本次报送的单位清单中")
        if report.get("template") not in templates:
            errors.append(f"报表第 {n} 项：报表代码「{report.get('template')}」不是统一的报表模板")
    return period, units, figures, reports, errors


def accept(*, province: ProvinceKey, payload: dict, now: datetime.datetime | None = None) -> dict:
    """Accept one province's month whole, or refuse it with every reason (ValidationError) changing nothing.
    Returns {"status": "accepted" | "unchanged", "period", "figures", "reports"}."""
    period, units, figures, reports, errors = _check(province, payload)
    if errors:
        more = len(errors) - MAX_REASONS
        raise ValidationError(errors[:MAX_REASONS] + ([f"另有 {more} 处问题未列出"] if more > 0 else []))
    now = now or timezone.now()
    content = digest(payload)
    with transaction.atomic():
        ProvinceKey.objects.select_for_update().get(pk=province.pk)     # one month of a province at a time
        receipt = NationalReceipt.objects.filter(province_code=province.code, period=period).first()
        if receipt is not None and receipt.digest == content:
            receipt.times_received += 1
            receipt.save(update_fields=["times_received"])
            return {"status": "unchanged", "period": f"{period:%Y-%m}", "figures": receipt.figures,
                    "reports": receipt.reports}
        for unit in units:
            NationalUnit.objects.update_or_create(code=unit["code"], defaults={
                "name": unit["name"].strip(), "level": unit["level"], "province_code": province.code,
                "parent_code": str(unit.get("parent") or "")})
        NationalFigure.objects.filter(province_code=province.code, period=period).delete()
        NationalReport.objects.filter(province_code=province.code, period=period).delete()
        levels = {u["code"]: u["level"] for u in units}
        NationalFigure.objects.bulk_create(
            [NationalFigure(province_code=province.code, unit_code=code, level=levels[code], period=period,
                            element=element, value=float(value)) for code, element, value in figures],
            batch_size=5000)
        NationalReport.objects.bulk_create(
            [NationalReport(province_code=province.code, unit_code=r["unit"], template=r["template"], period=period,
                            values=r["values"]) for r in reports], batch_size=1000)
        NationalReceipt.objects.update_or_create(province_code=province.code, period=period, defaults={
            "digest": content, "figures": len(figures), "reports": len(reports), "received_at": now,
            "times_received": 1})
    return {"status": "accepted", "period": f"{period:%Y-%m}", "figures": len(figures), "reports": len(reports)}
