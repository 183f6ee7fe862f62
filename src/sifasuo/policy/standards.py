"""Construction standards of offices and workstations (规范化建设标准): load, validate, evaluate.

Plain Python without Django, like the rest of sifasuo.policy. A standard is a YAML file in
``policies/standards/`` (``$SIFASUO_POLICY_DIR/standards`` when set), validated against
``policies/standards/schema.yaml`` with the same structural validator as the recruitment policies, then by
the cross-field checks below; every error names the file, the line and the key, in Chinese.

Evaluation: facts about one unit in (a mapping: floor_area, rooms, staff, correction_subjects …) → one
`RuleResult` per rule, saying what the rule requires of THIS unit (given its kind, population and
subjects), what it has and the gap ("面积差 40 m²", "缺 2 名专职社区矫正协理员"). Roll-ups (rates such as
the director rate WH-2 or the workstation coverage SD-8) are computed from many units' checklists by
`rollup()`.

Which standard applies to a unit: the standards of its level whose region code lies on the unit's path,
the most local first; where there is none, a standard that declares itself a reference
(`applies_to.reference`) is used and the result says so ("参照").
"""

from __future__ import annotations

import datetime
import functools
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import PolicyError, PolicyInvalid
from .jurisdiction import covering
from .schema import Schema, load_schema, validate_structure
from .yamlsource import format_path, parse_yaml

__all__ = [
    "MET",
    "STATUS_LABELS",
    "UNKNOWN",
    "UNMET",
    "Checklist",
    "RateResult",
    "RuleResult",
    "Standard",
    "StandardRule",
    "applicable",
    "available",
    "default_directory",
    "evaluate",
    "load",
    "loads",
    "rollup",
    "validate_file",
]

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
RESULT_LABELS = {MET: "达标", UNMET: "未达标", UNKNOWN: "待补充"}
# A rule that only feeds a rate of the county and city (WH-2: the director rate ≥ 90 %) is shown per unit as
# counting or not counting toward that rate, never as the unit failing.
RATE_ONLY_LABELS = {MET: "计入比率", UNMET: "不计入比率", UNKNOWN: "待补充"}
STATUS_LABELS = {"built": "已建成", "building": "在建", "not_built": "未建"}
PER_UNIT_KINDS = ("floor_area", "items", "equipment", "flag", "posts", "min_count", "build_status")


# --- the model --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    min: int = 1
    unit: str = "个"


@dataclass(frozen=True)
class AreaTier:
    kinds: tuple[str, ...]
    min_area: Decimal
    label: str
    population_min: int | None = None
    population_max: int | None = None

    def fits(self, kind: str, population: int | None) -> bool | None:
        """True/False, or None when the tier depends on a population that is not known."""
        if kind not in self.kinds:
            return False
        if self.population_min is None and self.population_max is None:
            return True
        if population is None:
            return None
        if self.population_min is not None and population < self.population_min:
            return False
        return not (self.population_max is not None and population > self.population_max)


@dataclass(frozen=True)
class ExtraPosts:
    fact: str
    label: str
    threshold: int
    step: int
    max: int
    optional: bool = False      # WH-3 "可按比例再配备": a recommendation (建议), not a requirement

    def extra(self, value: int) -> int:
        if value < self.threshold or self.step <= 0:
            return 0
        return min(self.max, value // self.step)


@dataclass(frozen=True)
class StatusDeadline:
    status: str
    deadline: datetime.date
    task: str


@dataclass(frozen=True)
class StandardRule:
    id: str
    clause: str
    text: str
    title: str
    kind: str
    note: str = ""
    fact: str = ""
    expect: bool = True
    min: int | None = None
    min_rate: Decimal | None = None
    rate_only: bool = False     # WH-2: counted in the rate of the county/city only, not a per-unit condition
    of: str = ""
    tiers: tuple[AreaTier, ...] = ()
    items: tuple[Item, ...] = ()
    staff_type: str = ""
    label: str = ""
    base: int = 0
    extras: tuple[ExtraPosts, ...] = ()
    deadlines: tuple[StatusDeadline, ...] = ()

    @property
    def per_unit(self) -> bool:
        return self.kind in PER_UNIT_KINDS

    @functools.cached_property
    def items_requirement(self) -> str:
        return f"应具备 {len(self.items)} 项：" + "、".join(i.name for i in self.items)

    @functools.cached_property
    def equipment_requirement(self) -> str:
        return "、".join(f"{i.name} {i.min} {i.unit}" for i in self.items)

    def item_names(self) -> dict[str, str]:
        return {i.code: i.name for i in self.items}

    def deadline_for(self, status: str) -> datetime.date | None:
        return next((d.deadline for d in self.deadlines if d.status == status), None)


@dataclass(frozen=True)
class Standard:
    id: str
    name: str
    rule_prefix: str
    level: str                 # "office" or "workstation"
    region_code: str
    region_name: str
    reference: bool
    document_title: str
    document_issuer: str
    document_number: str
    rules: tuple[StandardRule, ...]
    source: str = ""

    def rule(self, rule_id: str) -> StandardRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise LookupError(f"标准「{self.name}」没有规则 {rule_id}")

    def rules_of_fact(self, fact: str) -> list[StandardRule]:
        return [r for r in self.rules if r.fact == fact]

    def items_of(self, fact: str) -> dict[str, str]:
        """{code: name} of every item a fact may hold (rooms, equipment, six_unified …)."""
        out: dict[str, str] = {}
        for rule in self.rules_of_fact(fact):
            out.update(rule.item_names())
        return out

    def deadline_for(self, status: str) -> datetime.date | None:
        for rule in self.rules:
            if rule.kind == "build_status":
                return rule.deadline_for(status)
        return None

    @property
    def region_depth(self) -> int:
        return len(self.region_code.rstrip("0"))


# --- loading ---------------------------------------------------------------------------------------


def default_directory() -> Path:
    env = os.environ.get("SIFASUO_POLICY_DIR")
    if env:
        return Path(env) / "standards"
    return Path(__file__).resolve().parents[3] / "policies" / "standards"


@functools.lru_cache(maxsize=4)
def _schema(path: str, mtime: float) -> Schema:
    return load_schema(Path(path))


def _schema_for(directory: Path) -> Schema:
    path = directory / "schema.yaml"
    if not path.is_file():
        path = Path(__file__).resolve().parents[3] / "policies" / "standards" / "schema.yaml"
    return _schema(str(path), path.stat().st_mtime)


def available(directory: Path | None = None) -> list[str]:
    folder = directory or default_directory()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.name != "schema.yaml")


def validate_file(path: Path) -> list[PolicyError]:
    try:
        load(path)
    except PolicyInvalid as exc:
        return exc.errors
    return []


def load(path: Path | str) -> Standard:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyInvalid([PolicyError(0, f"无法读取标准文件：{exc}", str(path))]) from exc
    return loads(text, source=str(path), schema=_schema_for(path.parent), expected_id=path.stem)


def loads(text: str, *, source: str = "<标准文件>", schema: Schema | None = None,
          expected_id: str | None = None) -> Standard:
    schema = schema or _schema_for(default_directory())
    doc, errors = parse_yaml(text, source)
    if doc is None or errors:
        raise PolicyInvalid(errors or [PolicyError(0, "文件为空或无法解析", source)])
    result = validate_structure(schema, doc)
    errors = list(result.errors)
    data = result.data if isinstance(result.data, dict) else {}
    errors.extend(_cross_checks(data, doc, source, expected_id, result.intact))
    if errors:
        errors.sort(key=lambda e: e.line)
        raise PolicyInvalid(errors)
    return _build(data, source)


def _cross_checks(data: dict, doc, source: str, expected_id: str | None, intact) -> list[PolicyError]:
    errors: list[PolicyError] = []

    def err(path, message):
        where = format_path(path)
        errors.append(PolicyError(doc.line(path), f"{where}：{message}" if where else message, source, where))

    if expected_id and data.get("id") and data["id"] != expected_id:
        err(("id",), f"编号“{data['id']}”应与文件名 {expected_id}.yaml 相同")
    prefix = data.get("rule_prefix") or ""
    rules = data.get("rules") or []
    seen: dict[str, int] = {}
    ids = {r.get("id") for r in rules if isinstance(r, dict)}
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or not intact(("rules", i)):
            continue
        here = ("rules", i)
        rid = rule.get("id") or ""
        if prefix and rid and not rid.startswith(prefix + "-"):
            err((*here, "id"), f"规则编号“{rid}”应以 {prefix}- 开头（rule_prefix）")
        if rid in seen:
            err((*here, "id"), f"规则编号“{rid}”重复（第 {seen[rid] + 1} 条规则已使用）")
        seen.setdefault(rid, i)
        kind = rule.get("kind")
        needs = {
            "floor_area": ("fact", "tiers"), "items": ("fact", "items"), "equipment": ("fact", "items"),
            "flag": ("fact",), "posts": ("staff_type", "label", "base"), "min_count": ("fact", "min"),
            "build_status": ("fact", "deadlines"), "rate": ("of",),
        }.get(kind, ())
        for key in needs:
            if rule.get(key) in (None, "", []):
                err(here, f"{kind} 规则（{rid}）必须写 {key}")
        codes: dict[str, int] = {}
        for j, item in enumerate(rule.get("items") or []):
            if isinstance(item, dict) and item.get("code") in codes:
                err((*here, "items", j, "code"), f"项目代码“{item['code']}”重复")
            if isinstance(item, dict):
                codes.setdefault(item.get("code"), j)
        for j, tier in enumerate(rule.get("tiers") or []):
            if not isinstance(tier, dict):
                continue
            low, high = tier.get("population_min"), tier.get("population_max")
            if low is not None and high is not None and low > high:
                err((*here, "tiers", j), f"人口下限 {low} 大于上限 {high}")
        statuses = [d.get("status") for d in rule.get("deadlines") or [] if isinstance(d, dict)]
        if len(statuses) != len(set(statuses)):
            err((*here, "deadlines"), "同一建设状态写了两个期限")
        for j, extra in enumerate(rule.get("extras") or []):
            if isinstance(extra, dict) and extra.get("step") == 0:
                err((*here, "extras", j, "step"), "增配步长不能为 0")
        if rule.get("rate_only") and rule.get("min_rate") is None:
            err((*here, "rate_only"), f"rate_only 规则（{rid}）必须写 min_rate（在县、市汇总时计算的比率目标）")
        if kind == "rate" and rule.get("of") not in (None, "compliant") and rule.get("of") not in ids:
            err((*here, "of"), f"“{rule.get('of')}”既不是 compliant，也不是本文件的规则编号")
    return errors


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _build(data: dict, source: str) -> Standard:
    rules = []
    for r in data["rules"]:
        rules.append(StandardRule(
            id=r["id"], clause=r["clause"], text=" ".join(str(r["text"]).split()), title=r["title"],
            kind=r["kind"], note=" ".join(str(r.get("note") or "").split()), fact=r.get("fact") or "",
            expect=bool(r.get("expect", True)), min=r.get("min"), min_rate=_dec(r.get("min_rate")),
            rate_only=bool(r.get("rate_only", False)),
            of=r.get("of") or "",
            tiers=tuple(AreaTier(kinds=tuple(t["kinds"]), min_area=_dec(t["min_area"]), label=t["label"],
                                 population_min=t.get("population_min"), population_max=t.get("population_max"))
                        for t in r.get("tiers") or []),
            items=tuple(Item(code=i["code"], name=i["name"], min=int(i.get("min", 1) or 0),
                             unit=i.get("unit") or "个") for i in r.get("items") or []),
            staff_type=r.get("staff_type") or "", label=r.get("label") or "", base=int(r.get("base") or 0),
            extras=tuple(ExtraPosts(**{k: e[k] for k in ("fact", "label", "threshold", "step", "max")},
                                    optional=bool(e.get("optional", False)))
                         for e in r.get("extras") or []),
            deadlines=tuple(StatusDeadline(status=d["status"], deadline=d["deadline"], task=d["task"])
                            for d in r.get("deadlines") or []),
        ))
    applies, doc = data["applies_to"], data["document"]
    return Standard(
        id=data["id"], name=data["name"], rule_prefix=data["rule_prefix"], level=applies["level"],
        region_code=applies["region_code"], region_name=applies["region_name"],
        reference=bool(applies.get("reference")), document_title=doc["title"], document_issuer=doc["issuer"],
        document_number=doc.get("number") or "", rules=tuple(rules), source=source,
    )


def applicable(standards: Iterable[Standard], *, level: str, path: str) -> tuple[Standard | None, bool]:
    """(the standard for a unit of `level` at `path`, whether it applies only as a reference)."""
    own = [s for s in standards if s.level == level]
    local = covering(sorted(own, key=lambda s: s.id), path)
    if local:
        return local[0], False
    refs = sorted((s for s in own if s.reference), key=lambda s: s.id)
    return (refs[0], True) if refs else (None, False)


# --- evaluation ------------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs twice as much, ×100,000 province-wide
class RuleResult:
    rule_id: str
    clause: str
    title: str
    status: str               # MET / UNMET / UNKNOWN
    requirement: str          # what the rule requires of this unit
    actual: str               # what the unit has
    gap: str = ""             # what is missing ("" when met)
    text: str = ""            # the clause's wording
    overdue_days: int = 0     # build_status: days past the deadline
    advice: str = ""          # a recommendation beyond the requirement (WH-3's optional extra posts: 建议)
    rate_only: bool = False   # feeds a county/city rate only (WH-2): not part of the unit's compliance

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def counts(self) -> bool:
        """Whether the result decides the unit's compliance."""
        return not self.rate_only

    @property
    def status_label(self) -> str:
        return (RATE_ONLY_LABELS if self.rate_only else RESULT_LABELS)[self.status]


@dataclass(frozen=True)
class Checklist:
    standard: Standard
    reference: bool
    results: tuple[RuleResult, ...]

    @property
    def compliant(self) -> bool:
        return all(r.met for r in self.results if r.counts)

    @property
    def met_count(self) -> int:
        return sum(r.met for r in self.results if r.counts)

    @property
    def counted(self) -> int:
        """The rules that decide compliance (rate-only rules such as WH-2 are shown but not counted)."""
        return sum(1 for r in self.results if r.counts)

    @property
    def gaps(self) -> list[str]:
        return [f"{r.rule_id} {r.gap}" for r in self.results if r.counts and not r.met]

    @property
    def advice(self) -> list[str]:
        return [f"{r.rule_id} {r.advice}" for r in self.results if r.advice]

    def result(self, rule_id: str) -> RuleResult:
        return next(r for r in self.results if r.rule_id == rule_id)


def _num(value) -> str:
    d = Decimal(str(value))
    return f"{d.normalize():f}" if d == d.to_integral() else f"{d:f}".rstrip("0").rstrip(".")


def _result(rule: StandardRule, status: str, requirement: str, actual: str, gap: str = "", **extra) -> RuleResult:
    return RuleResult(rule_id=rule.id, clause=rule.clause, title=rule.title, status=status,
                      requirement=requirement, actual=actual, gap="" if status == MET else gap, text=rule.text,
                      **extra)


def _floor_area(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # WH-5
    kind, population, area = facts.get("kind"), facts.get("population"), facts.get(rule.fact)
    tier = None
    for candidate in rule.tiers:
        fits = candidate.fits(kind, population)
        if fits is None:
            return _result(rule, UNKNOWN, "面积标准按辖区人口分档", "服务人口未填", "请先填写服务人口，才能确定面积标准")
        if fits:
            tier = candidate
            break
    if tier is None:
        return _result(rule, MET, "本类单位无面积标准", "—")
    requirement = f"{tier.label}：不少于 {_num(tier.min_area)} m²"
    if area is None:
        return _result(rule, UNKNOWN, requirement, "未填报", "请填写办公及业务用房面积")
    area = Decimal(str(area))
    actual = f"{_num(area)} m²"
    if area >= tier.min_area:
        return _result(rule, MET, requirement, actual)
    return _result(rule, UNMET, requirement, actual, f"面积差 {_num(tier.min_area - area)} m²")


def _items(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # WH-6, WH-12, SD-5, SD-6, SD-7
    have = facts.get(rule.fact) or ()
    wanted = rule.items
    missing = [i.name for i in wanted if i.code not in have]
    requirement = rule.items_requirement
    actual = f"已具备 {len(wanted) - len(missing)} 项"
    if not missing:
        return _result(rule, MET, requirement, actual)
    return _result(rule, UNMET, requirement, actual, f"缺 {len(missing)} 项：" + "、".join(missing))


def _equipment(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # WH-7
    have: Mapping[str, int] = facts.get(rule.fact) or {}
    requirement = rule.equipment_requirement
    actual = "、".join(f"{i.name} {have.get(i.code, 0)} {i.unit}" for i in rule.items)
    short = [f"{i.name} {i.min - have.get(i.code, 0)} {i.unit}" for i in rule.items if have.get(i.code, 0) < i.min]
    if not short:
        return _result(rule, MET, requirement, actual)
    return _result(rule, UNMET, requirement, actual, "缺 " + "、".join(short))


def _flag(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # WH-2, WH-7.2, SD-3.2, SD-7.2
    value = facts.get(rule.fact)
    requirement = rule.title if rule.expect else f"不应：{rule.title}"
    if value is None:
        return _result(rule, UNKNOWN, requirement, "未填报", f"请填报：{rule.title}")
    actual = "是" if value else "否"
    if bool(value) == rule.expect:
        return _result(rule, MET, requirement, actual)
    return _result(rule, UNMET, requirement, actual, f"未达到：{rule.title}")


def _posts(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # WH-3
    """The posts a unit must have (base and required extras) decide the result; optional extras (WH-3's
    "可按比例再配备1—2名") only add a recommendation (建议) and never make the unit fail."""
    required = rule.base
    reasons = [f"基本 {rule.base} 名"]
    unknown, suggested, suggestions, unknown_optional = [], 0, [], []
    for extra in rule.extras:
        value = facts.get(extra.fact)
        if value is None:
            (unknown_optional if extra.optional else unknown).append(extra.label)
            continue
        add = extra.extra(int(value))
        if extra.optional:
            if add:
                suggested += add
                suggestions.append(f"{extra.label} {value}，达到 {extra.threshold}，可按比例再配备 {add} 名")
            continue
        required += add
        if add:
            reasons.append(f"{extra.label} {value}，达到 {extra.threshold} 增配 {add} 名")
        else:
            reasons.append(f"{extra.label} {value}，未达到 {extra.threshold}")
    have = int((facts.get("staff") or {}).get(rule.staff_type, 0))
    requirement = f"应配 {required} 名{rule.label}（{'；'.join(reasons)}）"
    actual = f"现有 {have} 名"
    advice = ""
    if suggested and have < required + suggested:
        advice = f"建议：{'；'.join(suggestions)}（选配，不计入达标）"
    elif unknown_optional:
        advice = f"建议：{'、'.join(unknown_optional)}暂无数据，是否宜增配待定（选配，不计入达标）"
    if have < required:
        return _result(rule, UNMET, requirement, actual, f"缺 {required - have} 名{rule.label}", advice=advice)
    if unknown:
        return _result(rule, UNKNOWN, requirement, actual, f"{'、'.join(unknown)}暂无数据，增配人数待定",
                       advice=advice)
    return _result(rule, MET, requirement, actual, advice=advice)


def _min_count(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # SD-3
    value = facts.get(rule.fact)
    requirement = f"不少于 {rule.min} 人"
    if value is None:
        return _result(rule, UNKNOWN, requirement, "未填报", "人数未知")
    if value >= rule.min:
        return _result(rule, MET, requirement, f"{value} 人")
    return _result(rule, UNMET, requirement, f"{value} 人", f"缺 {rule.min - value} 人")


def _build_status(rule: StandardRule, facts: Mapping[str, Any]) -> RuleResult:  # SD-4
    status = facts.get(rule.fact)
    deadline = facts.get("deadline") or rule.deadline_for(facts.get("initial_status") or status or "")
    today = facts.get("today") or datetime.date.today()
    label = STATUS_LABELS.get(status, "未填报")
    shown = deadline.isoformat() if deadline else ""
    requirement = f"{shown} 前建成" if deadline else "建成"
    if status == "built":
        return _result(rule, MET, requirement, label)
    if status is None:
        return _result(rule, UNKNOWN, requirement, label, "请填报建设状态")
    late = (today - deadline).days if deadline and today > deadline else 0
    gap = f"{label}，应于 {shown} 前建成" if deadline else label
    if late:
        gap += f"，已逾期 {late} 天"
    return _result(rule, UNMET, requirement, label, gap, overdue_days=late)


_EVALUATORS = {"floor_area": _floor_area, "items": _items, "equipment": _equipment, "flag": _flag,
               "posts": _posts, "min_count": _min_count, "build_status": _build_status}


def evaluate(standard: Standard, facts: Mapping[str, Any], *, reference: bool = False) -> Checklist:
    """The checklist of one unit: one result per per-unit rule, in the file's order."""
    results = []
    for rule in standard.rules:
        if rule.per_unit:
            result = _EVALUATORS[rule.kind](rule, facts)
            if rule.rate_only:
                result.rate_only = True
                result.gap = ""
            results.append(result)
    return Checklist(standard=standard, reference=reference, results=tuple(results))


@dataclass(frozen=True)
class RateResult:
    rule_id: str
    title: str
    numerator: int
    denominator: int
    target: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate * 100:.1f}%"

    @property
    def met(self) -> bool | None:
        if self.target is None or self.rate is None:
            return None
        return self.rate >= self.target

    @property
    def target_text(self) -> str:
        return "只统计" if self.target is None else f"≥ {math.floor(self.target * 1000) / 10:g}%"


def rollup(standard: Standard, checklists: Iterable[Checklist]) -> list[RateResult]:
    """Rates over many units of one standard: each `rate` rule, and each per-unit rule with a `min_rate`."""
    lists = list(checklists)
    out = []
    for rule in standard.rules:
        if rule.kind == "rate":
            if rule.of == "compliant":
                n = sum(c.compliant for c in lists)
            else:
                n = sum(c.result(rule.of).met for c in lists)
            out.append(RateResult(rule.id, rule.title, n, len(lists), rule.min_rate))
        elif rule.min_rate is not None:
            n = sum(c.result(rule.id).met for c in lists)
            out.append(RateResult(rule.id, f"{rule.title}配备率", n, len(lists), rule.min_rate))
    return out


@dataclass
class _Cache:
    by_dir: dict[str, tuple[float, list[Standard]]] = field(default_factory=dict)


_cache = _Cache()


def all_standards(directory: Path | None = None) -> list[Standard]:
    """Every standard of a directory, re-read when a file changes."""
    folder = directory or default_directory()
    names = available(folder)
    stamp = sum((folder / f"{n}.yaml").stat().st_mtime for n in names) + len(names)
    key = str(folder)
    cached = _cache.by_dir.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    loaded = [load(folder / f"{n}.yaml") for n in names]
    _cache.by_dir[key] = (stamp, loaded)
    return loaded
