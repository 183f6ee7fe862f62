"""Folders of small rule files beside the recruitment policies (indicator targets under policies/indicators,
work-document due dates under policies/workdocs): every YAML file of a folder, each parsed once and again
when it changes. Which file governs a unit is `jurisdiction.covering`'s answer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


def folder(name: str) -> Path:
    """policies/<name> of this installation (settings.POLICY_DIR)."""
    from django.conf import settings

    return Path(settings.POLICY_DIR) / name


@functools.lru_cache(maxsize=64)
def _parsed(parse: Callable[[Any, str], T], error: type[Exception], path: str, mtime: float) -> T:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise error(f"{Path(path).name}：YAML 格式错误：{exc}") from None
    return parse(data, Path(path).name)


def load_all(directory: Path, parse: Callable[[Any, str], T], error: type[Exception]) -> list[T]:
    """Every *.yaml file of `directory` in name order, read by `parse(data, file name)`; a file that is not
    YAML raises `error` naming it."""
    return [_parsed(parse, error, str(p), p.stat().st_mtime) for p in sorted(directory.glob("*.yaml"))]
