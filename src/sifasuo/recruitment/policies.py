"""Which policy file governs a unit: the one whose jurisdiction's region code lies on the unit's path.

Policies are data (policies/*.yaml); adding a city is adding a file, and this lookup finds it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from sifasuo import policy as engine
from sifasuo.policy.jurisdiction import covering
from sifasuo.orgunits.models import OrgUnit


class PolicyNotFound(ValidationError, LookupError):
    """A plan's or announcement's policy file is gone: a LookupError for the lookups that try the next
    candidate, a ValidationError (a Chinese refusal, 400 in the API) for a step that needs it."""

    def __str__(self) -> str:
        return self.messages[0]


@functools.lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> engine.Policy:
    return engine.load(path)


def load(policy_id: str) -> engine.Policy:
    """The policy of that id, loaded once and reloaded when its file changes."""
    path = engine.policy_path(policy_id, directory=Path(settings.POLICY_DIR))
    if not path.is_file():
        raise PolicyNotFound(f"找不到政策文件 {policy_id}，请联系系统管理员恢复该文件")
    return _load(str(path), path.stat().st_mtime)


def all_policies() -> list[engine.Policy]:
    return [load(name) for name in engine.available(directory=Path(settings.POLICY_DIR))]


def policies_for(unit: OrgUnit) -> list[engine.Policy]:
    """Policies whose jurisdiction contains the unit, the most local first, then the newest."""
    newest_first = sorted(all_policies(), key=lambda p: -(p.period.start.toordinal() if p.period else 0))
    return covering(newest_first, unit.path, code=lambda p: p.jurisdiction.region_code)


def policy_for(unit: OrgUnit) -> engine.Policy:
    found = policies_for(unit)
    if not found:
        raise LookupError(f"「{unit.name}」所在地区还没有司法协理员政策文件（policies/ 目录下）")
    return found[0]


def track_name(policy_id: str, code: str) -> str:
    """A track's name as its policy gives it (the one vocabulary of pages, documents and exports)."""
    try:
        return load(policy_id).track(code).name
    except (LookupError, ValueError):
        return code


def track_choices() -> list[tuple[str, str]]:
    """Track codes with the names every policy gives them (for a filter across announcements)."""
    names: dict[str, list[str]] = {}
    for policy in all_policies():
        for track in policy.tracks:
            if track.name not in names.setdefault(track.code, []):
                names[track.code].append(track.name)
    return [(code, " / ".join(found)) for code, found in names.items()]
