"""Which policy file governs a unit: the one whose jurisdiction's region code lies on the unit's path; and the
files themselves, loaded once and reloaded when they change. Recruitment (plans, announcements) and staff (the
personnel rules: levels, pay, renewal) read the same files through here (D83).

Policies are data (policies/*.yaml); adding a city is adding a file, and this lookup finds it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError

from sifasuo import policy as engine
from sifasuo.policy.jurisdiction import covering

if TYPE_CHECKING:
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


def policy_name(policy_id: str) -> str:
    """A policy as pages name it: its name (大庆市司法协理员制度试点（2024年）), never its file's id."""
    if not policy_id:
        return ""
    try:
        return load(policy_id).name
    except (LookupError, ValueError, OSError):
        return policy_id


def policy_basis(policy, rule) -> str:
    """A rule's basis as pages cite it: the document and the clause (or the default it falls back to)."""
    document = policy.document
    return f"{document.issuer}《{document.title}》{rule.citation}"
