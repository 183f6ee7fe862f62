"""Demo accounts, one or more for each role, on the demo jurisdiction (Daqing, Yangquan, Wuhu)."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from sifasuo.core.names import random_name
from sifasuo.orgunits.models import OrgUnit

from .models import User
from .roles import Role

# Not a secret: the published password of the demo accounts (override with SIFASUO_DEMO_PASSWORD).
DEMO_PASSWORD_DEFAULT = "Demo@2024sfs"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_code: str | None  # a code, or "first:<level>:<within-code>" for the first unit of a level


DEMO_ACCOUNTS = [
    DemoAccount("hlj_admin", Role.PROVINCE_ADMIN, "230000"),
    DemoAccount("hlj_clerk", Role.PROVINCE_CLERK, "230000"),
    DemoAccount("daqing_admin", Role.CITY_ADMIN, "230600"),
    DemoAccount("daqing_clerk", Role.CITY_CLERK, "230600"),
    DemoAccount("daqing_leader", Role.LEADER, "230600"),
    DemoAccount("daqing_hr", Role.HR_REVIEWER, "230600"),
    DemoAccount("sartu_admin", Role.COUNTY_ADMIN, "230602"),
    DemoAccount("sartu_clerk", Role.COUNTY_CLERK, "230602"),
    DemoAccount("sartu_hr", Role.HR_REVIEWER, "230602"),
    DemoAccount("zhaozhou_clerk", Role.COUNTY_CLERK, "230621"),
    DemoAccount("sartu_director", Role.OFFICE_DIRECTOR, "first:4:230602"),
    DemoAccount("sartu_staff", Role.OFFICE_STAFF, "first:4:230602"),
    DemoAccount("sartu_ws", Role.WORKSTATION_STAFF, "first:5:230602"),
    DemoAccount("yangquan_admin", Role.CITY_ADMIN, "140300"),
    DemoAccount("pingding_clerk", Role.COUNTY_CLERK, "140321"),
    DemoAccount("wuhu_admin", Role.CITY_ADMIN, "340200"),
    DemoAccount("nanling_clerk", Role.COUNTY_CLERK, "340223"),
    DemoAccount("applicant_demo", Role.APPLICANT, None),
]


def demo_password() -> str:
    return os.environ.get("SIFASUO_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def _resolve(code: str | None) -> OrgUnit | None:
    if code is None:
        return None
    if code.startswith("first:"):
        _, level, within = code.split(":")
        return OrgUnit.objects.filter(level=int(level), code__startswith=within).order_by("code").first()
    return OrgUnit.objects.filter(code=code).first()


def seed(*, scale: str, seed: int, log) -> str:
    """Create the demo accounts whose unit exists at this scale (all of them at the demo scale)."""
    rng = random.Random(seed)
    # One hash for all: the demo accounts share a password, and each hash costs about a second.
    password_hash = make_password(demo_password())
    made = 0
    for spec in DEMO_ACCOUNTS:
        unit = _resolve(spec.unit_code)
        if spec.unit_code is not None and unit is None:
            continue
        if User.objects.filter(username=spec.username).exists():
            continue
        # Demo accounts stay single-factor unless someone turns two-factor login on for one (D47).
        user = User(username=spec.username, role=spec.role, unit=unit, two_factor_exempt=True,
                    full_name=random_name(rng, rng.choice("MF")))
        user.password = password_hash
        user.save()
        made += 1
    return f"演示账号：{made} 个"


def account_table() -> list[tuple[str, str, str, str]]:
    """(username, role, unit, full name) of the demo accounts present in the database."""
    users = {u.username: u for u in User.objects.filter(
        username__in=[a.username for a in DEMO_ACCOUNTS]).select_related("unit")}
    rows = []
    for spec in DEMO_ACCOUNTS:
        u = users.get(spec.username)
        if u is not None:
            rows.append((u.username, u.get_role_display(), u.unit.name if u.unit else "（无）", u.full_name))
    return rows



def exempt_demo_accounts() -> int:
    """Mark demo accounts made before two-factor login existed as exempt from its requirement (D47)."""
    made = 0
    for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS], two_factor_exempt=False):
        user.two_factor_exempt = True
        user.save(update_fields=["two_factor_exempt", "updated_at"])
        made += 1
    return made
