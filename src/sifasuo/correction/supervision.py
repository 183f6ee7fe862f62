"""The periods and frequencies of supervision, read from supervision.yaml (data, with documented defaults).

`settings_for(path)` merges the defaults with the overrides of the city and county on a unit's path (county
wins). Levels and methods outside the vocabulary are refused when the file is loaded."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

from sifasuo.core.scoping import path_codes

from .choices import CheckInMethod, SupervisionLevel

FILE = Path(__file__).with_name("supervision.yaml")


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _check(data: dict, where: str) -> None:
    for level, methods in (data.get("check_in_days") or {}).items():
        if level not in SupervisionLevel.values:
            raise ValueError(f"{where}：管理等级“{level}”不在 {'、'.join(SupervisionLevel.values)} 之中")
        for method, days in methods.items():
            if method not in CheckInMethod.values:
                raise ValueError(f"{where}：报告方式“{method}”不在 {'、'.join(CheckInMethod.values)} 之中")
            if not isinstance(days, int) or days <= 0:
                raise ValueError(f"{where}：{level}/{method} 的间隔天数应为正整数")


@functools.lru_cache(maxsize=1)
def _load() -> dict:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    _check(data["defaults"], "supervision.yaml defaults")
    for code, extra in (data.get("overrides") or {}).items():
        _check(extra, f"supervision.yaml overrides.{code}")
    return data


def defaults() -> dict:
    return _load()["defaults"]


def settings_for(path: str) -> dict:
    """The settings for a unit with this path (e.g. /370000/370100/370102/370102001/)."""
    return _settings_for_codes(tuple(c for c in path_codes(path) if len(c) == 6))


@functools.lru_cache(maxsize=4096)
def _settings_for_codes(codes: tuple[str, ...]) -> dict:
    data = _load()
    result = data["defaults"]
    for code in codes:  # province → city → county: the most local applies last
        if code in (data.get("overrides") or {}):
            result = _merge(result, data["overrides"][code])
    return result


def check_in_days(path: str, level: str) -> dict[str, int]:
    return settings_for(path)["check_in_days"][level]


def check_in_source(path: str, level: str, method: str) -> str:
    """Where a unit's check-in interval comes from: the code of the most local city or county whose override
    sets it, or "" when it is the defaults'."""
    overrides = _load().get("overrides") or {}
    source = ""
    for code in (c for c in path_codes(path) if len(c) == 6):
        if method in ((overrides.get(code) or {}).get("check_in_days") or {}).get(level, {}):
            source = code
    return source
