"""Targets of the indicators, per jurisdiction: a YAML file per province or city under policies/indicators/,
validated with Chinese messages. A unit's targets are the province file's, overridden indicator by indicator by
a file of its city (the most local file wins). Red / amber / green per target."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

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

    def scaled(self, months: int) -> "Target":
        """An annual target over a shorter period (WH-4's training days per year)."""
        if not BY_CODE[self.indicator].annual_target or months >= 12:
            return self
        k = months / 12
        return Target(self.indicator, self.op, round(self.value * k, 2), round(self.amber * k, 2), self.basis,
                      self.note)

    def status(self, value: float | None) -> str:
        """green | amber | red | none (no data: e.g. no case closed)."""
        if value is None:
            return "none"
        if self.op == ">=":
            return "green" if value >= self.value else ("amber" if value >= self.amber else "red")
        return "green" if value <= self.value else ("amber" if value <= self.amber else "red")

    def achievement(self, value: float | None) -> float:
        """How far the target is met, 0..1 (scoring): a ≥ target by proportion, a ≤ target full or half."""
        if value is None:
            return 1.0
        if self.op == ">=":
            return 1.0 if self.value <= 0 else max(0.0, min(1.0, value / self.value))
        return {"green": 1.0, "amber": 0.5, "red": 0.0}[self.status(value)]

    @property
    def text(self) -> str:
        unit = BY_CODE[self.indicator].unit
        return f"{OPS[self.op]} {self.value:g}{unit if unit == '%' else ''}"


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
        if op == ">=" and amber > value:
            problems.append(f"{label}：“不低于”目标的黄色线（{amber:g}）不能高于目标值（{value:g}）")
            continue
        if op == "<=" and amber < value:
            problems.append(f"{label}：“不高于”目标的黄色线（{amber:g}）不能低于目标值（{value:g}）")
            continue
        targets[name] = Target(name, op, value, amber, str(spec.get("basis", "")), str(spec.get("note", "")))
    if problems:
        raise TargetFileError(where + "；".join(problems))
    return TargetFile(str(data["id"]), str(data["name"]), code, str(jurisdiction.get("region_name", "")),
                      effective, targets)


def directory() -> Path:
    from django.conf import settings

    return Path(settings.POLICY_DIR) / "indicators"


@functools.lru_cache(maxsize=32)
def _load(path: str, mtime: float) -> TargetFile:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TargetFileError(f"{Path(path).name}：YAML 格式错误：{exc}") from None
    return parse(data, Path(path).name)


def all_files(folder: Path | None = None) -> list[TargetFile]:
    folder = folder or directory()
    return [_load(str(p), p.stat().st_mtime) for p in sorted(folder.glob("*.yaml"))]


def targets_for(path: str, folder: Path | None = None) -> dict[str, Target]:
    """The targets governing a unit (by its path): the province's, overridden by more local files."""
    oldest_first = sorted(all_files(folder), key=lambda f: f.effective_from or datetime.date.min)
    merged: dict[str, Target] = {}
    for f in covering(oldest_first, path, local_first=False):
        merged.update(f.targets)
    return merged
