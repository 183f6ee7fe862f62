"""Recruitment's reading of the policy files: the names of its tracks. Which file governs a unit, loading it and
naming it for people is core.policies (shared with staff and the templates, D81); recruitment's modules reach it through this module
(`policies.load`, `policies.policy_for`)."""

from __future__ import annotations

from sifasuo.core.policies import PolicyNotFound, all_policies, load, policies_for, policy_for

__all__ = ["PolicyNotFound", "all_policies", "load", "policies_for", "policy_for", "track_choices", "track_name"]


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
