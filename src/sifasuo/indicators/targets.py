"""Targets of the indicators, per jurisdiction: a YAML file per province, city or county under
policies/indicators/, validated with Chinese messages. A unit's targets are the national file's (region code
000000: national benchmarks such as the average reoffending rate), overridden indicator by indicator by its
province's, city's and county's files (the most local file wins). Red / amber / green per target."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sifasuo.policy import datafiles
from sifasuo.policy.jurisdiction import covering

from .catalog import BY_CODE

OPS = {">=": "不低于", "<=": "不高于"}


class TargetFileError(ValueError):
    """A target file that cannot be used; the message lists every problem, in Chinese."""


@dataclass(frozen=True)
class Target:
    indicator: str
    op: str
    value: float
    amber: float
    basis: str = ""
    note: str = ""
    upper: float | None = None   # a range's upper end ("2–4 人", HZ-1): above it is shown, not failed

    def scaled(self, months: int) -> "Target":
        """An annual target over a shorter period (WH-4's training days per year)."""
        if not BY_CODE[self.indicator].annual_target or months >= 12:
            return self
        k = months / 12
        return Target(self.indicator, self.op, round(self.value * k, 2), round(self.amber * k, 2), self.basis,
                      self.note, None if self.upper is None else round(self.upper * k, 2))

    def status(self, value: float | None) -> str:
        """green | amber | red | none (no data: e.g. no case closed)."""
        if value is None:
            return "none"
        if self.op == ">=":
            return "green" if value >= self.value else ("amber" if value >= self.amber else "red")
        return "green" if value <= self.value else ("amber" if value <= self.amber else "red")

    def default_zero_line(self) -> float:
        """Where an item scores nothing when its scheme names no zero line (D38): 0 for a "≥" target (points in
        proportion to the figure), the target itself for a "≤" target (anything worse scores nothing)."""
        return 0.0 if self.op == ">=" else self.value

    def zero_line_problem(self, zero_line: float) -> str:
        """Why a zero line does not fit this target ("" when it does)."""
        if self.op == ">=" and zero_line >= self.value:
            return f"“不低于 {self.value:g}”的目标，零分线应低于 {self.value:g}"
        if self.op == "<=" and zero_line < self.value:
            return f"“不高于 {self.value:g}”的目标，零分线应不低于 {self.value:g}"
        return ""

    def share(self, value: float, zero_line: float | None = None) -> float:
        """The share of an item's points a figure earns (D38), linear between the zero line and the target:
        ≥ target T, zero line F < T: 1 at or above T, 0 at or below F, (v − F) / (T − F) between (with F = 0,
        points in proportion to the figure: v / T). ≤ target T, zero line F ≥ T: 1 at or below T, 0 at or
        above F, (F − v) / (F − T) between (with F = T: anything above the target scores 0)."""
        zero = self.default_zero_line() if zero_line is None else zero_line
        if self.op == ">=":
            if value >= self.value:
                return 1.0
            if value <= zero:
                return 0.0
            return (value - zero) / (self.value - zero)
        if value <= self.value:
            return 1.0
        if value >= zero:
            return 0.0
        return (zero - value) / (zero - self.value)

    @property
    def text(self) -> str:
        unit = BY_CODE[self.indicator].unit
        suffix = unit if unit == "%" else ""
        if self.upper is not None:
            return f"{self.value:g}–{self.upper:g}{suffix}"
        return f"{OPS[self.op]} {self.value:g}{suffix}"

    def meets(self, value: float | None) -> bool | None:
        """Whether one unit's figure reaches the target (a per-unit minimum such as HZ-6's 2 items a month)."""
        return None if value is None else self.status(value) == "green"


@dataclass(frozen=True)
class TargetFile:
    id: str
    name: str
    region_code: str
    region_name: str
    effective_from: datetime.date | None
    targets: dict[str, Target]


def parse(data, source: str = "") -> TargetFile:
    where = f"{source}：" if source else ""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise TargetFileError(f"{where}文件内容应为键值结构")
    for key in ("id", "name", "jurisdiction", "targets"):
        if key not in data:
            problems.append(f"缺少“{key}”")
    jurisdiction = data.get("jurisdiction") or {}
    code = str(jurisdiction.get("region_code", "")) if isinstance(jurisdiction, dict) else ""
    if "jurisdiction" in data and not (len(code) == 6 and code.isdigit()):
        problems.append(f"jurisdiction.region_code 应为 6 位行政区划代码，收到“{code}”")
    effective = data.get("effective_from")
    if effective is not None and not isinstance(effective, datetime.date):
        problems.append(f"effective_from 应为日期（如 2024-01-01），收到“{effective}”")
        effective = None
    targets: dict[str, Target] = {}
    raw = data.get("targets") or {}
    if not isinstance(raw, dict):
        problems.append("targets 应为“指标代码: 目标”的键值结构")
        raw = {}
    for name, spec in raw.items():
        label = f"指标“{name}”"
        if name not in BY_CODE:
            problems.append(f"{label}不存在（可用：{'、'.join(sorted(BY_CODE))}）")
            continue
        if not isinstance(spec, dict):
            problems.append(f"{label}的目标应写成 op、value、amber")
            continue
        op = spec.get("op")
        if op not in OPS:
            problems.append(f"{label}的比较符“{op}”无效，应为 >= 或 <=")
            continue
        try:
            value = float(spec.get("value"))
            amber = float(spec.get("amber", value))
        except (TypeError, ValueError):
            problems.append(f"{label}的 value、amber 应为数字")
            continue
        try:
            upper = None if spec.get("upper") is None else float(spec.get("upper"))
        except (TypeError, ValueError):
            problems.append(f"{label}的范围上限 upper 应为数字，收到“{spec.get('upper')}”")
            continue
        if upper is not None and (op != ">=" or upper < value):
            problems.append(f"{label}：范围上限 upper（{upper:g}）只用于“不低于”目标，且不能低于目标值（{value:g}）")
            continue
        if op == ">=" and amber > value:
            problems.append(f"{label}：“不低于”目标的黄色线（{amber:g}）不能高于目标值（{value:g}）")
            continue
        if op == "<=" and amber < value:
            problems.append(f"{label}：“不高于”目标的黄色线（{amber:g}）不能低于目标值（{value:g}）")
            continue
        targets[name] = Target(name, op, value, amber, str(spec.get("basis", "")), str(spec.get("note", "")), upper)
    if problems:
        raise TargetFileError(where + "；".join(problems))
    return TargetFile(str(data["id"]), str(data["name"]), code, str(jurisdiction.get("region_name", "")),
                      effective, targets)


def all_files(folder: Path | None = None) -> list[TargetFile]:
    return datafiles.load_all(folder or datafiles.folder("indicators"), parse, TargetFileError)


def files_for(path: str, folder: Path | None = None) -> list[TargetFile]:
    """The files that govern a unit, the national one first, then province → city → county (older first
    within one region)."""
    oldest_first = sorted(all_files(folder), key=lambda f: f.effective_from or datetime.date.min)
    return covering(oldest_first, path, local_first=False)


def targets_for(path: str, folder: Path | None = None) -> dict[str, Target]:
    """The targets governing a unit (by its path): the national and province's, overridden by more local
    files indicator by indicator."""
    return targets_by_path([path], folder)[path]


def targets_by_path(paths: Iterable[str], folder: Path | None = None) -> dict[str, dict[str, Target]]:
    """`targets_for` of many units, the folder listed once (a province's 每月报送情况 asks for 136 counties
    and 391 hubs: listing it for each took a third of the page)."""
    oldest_first = sorted(all_files(folder), key=lambda f: f.effective_from or datetime.date.min)
    out: dict[str, dict[str, Target]] = {}
    for path in paths:
        if path not in out:
            merged: dict[str, Target] = {}
            for f in covering(oldest_first, path, local_first=False):
                merged.update(f.targets)
            out[path] = merged
    return out
