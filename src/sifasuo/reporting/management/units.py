"""What the aggregate commands share: the units a `--unit CODE` option names."""

from __future__ import annotations

from django.core.management.base import CommandError

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit


def roots_for(code: str | None) -> list[OrgUnit]:
    """The unit with that code, or every province when no code is given; an unknown code stops the command."""
    if not code:
        return list(OrgUnit.objects.filter(level=Level.PROVINCE).order_by("code"))
    root = OrgUnit.objects.filter(code=code).first()
    if root is None:
        raise CommandError(f"单位代码 {code} 不存在")
    return [root]
