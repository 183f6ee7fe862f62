"""Small, explicit builders for test data, through the same services the application uses."""

from __future__ import annotations

import datetime
import random

from sifasuo.accounts.models import User
from sifasuo.orgunits import services
from sifasuo.orgunits.choices import Level, UnitKind
from sifasuo.orgunits.models import OrgUnit

PASSWORD = "Test@pass2024"
FOREIGN_MARKER = "外县"  # every row of the other county carries it, so a leak shows in any page


def unit(code: str, name: str, level: int, parent: OrgUnit | None = None, kind: str | None = None,
         **extra) -> OrgUnit:
    default_kind = {
        Level.PROVINCE: UnitKind.PROVINCE, Level.CITY: UnitKind.CITY, Level.COUNTY: UnitKind.DISTRICT,
        Level.OFFICE: UnitKind.STREET, Level.WORKSTATION: UnitKind.COMMUNITY,
    }[level]
    return services.create_unit(code=code, name=name, level=level, kind=kind or default_kind, parent=parent,
                                **extra)


def staff_member(unit: OrgUnit, *, full_name: str = "测试人员", staff_type: str = "full_time_auxiliary",
                 sex: str = "F", birth_date: datetime.date = datetime.date(1990, 3, 15), **extra):
    """A serving staff member with a valid ID number from the unit's county."""
    from sifasuo.core import idnumbers
    from sifasuo.staff import services as staff_services

    rng = random.Random(f"{unit.code}{full_name}{birth_date}")
    number = idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth_date, sex=sex)
    return staff_services.create_member(unit=unit, full_name=full_name, id_number=number, staff_type=staff_type,
                                        joined_on=extra.pop("joined_on", datetime.date(2020, 1, 1)),
                                        birth_date=birth_date, sex=sex, **extra)


def user(username: str, role: str, unit: OrgUnit | None, **extra) -> User:
    account = User(username=username, role=role, unit=unit, full_name=extra.pop("full_name", username), **extra)
    account.set_password(PASSWORD)
    account.save()
    return account


def build_tree() -> dict[str, OrgUnit]:
    """Province → city → two counties (our county 历下区, and the other county marked 外县) → offices → workstations."""
    t: dict[str, OrgUnit] = {}
    t["province"] = unit("370000", "山东省司法厅", Level.PROVINCE)
    t["city"] = unit("370100", "济南市司法局", Level.CITY, t["province"])
    t["county"] = unit("370102", "历下区司法局", Level.COUNTY, t["city"])
    t["office"] = unit("370102001", "解放路街道司法所", Level.OFFICE, t["county"], population=80000)
    t["office2"] = unit("370102002", "千佛山街道司法所", Level.OFFICE, t["county"], population=60000)
    t["workstation"] = unit("370102001001", "燕子山社区司法行政工作室", Level.WORKSTATION, t["office"])
    t["other_county"] = unit("370103", f"{FOREIGN_MARKER}市中区司法局", Level.COUNTY, t["city"])
    t["other_office"] = unit("370103001", f"{FOREIGN_MARKER}大观园街道司法所", Level.OFFICE, t["other_county"])
    t["other_workstation"] = unit("370103001001", f"{FOREIGN_MARKER}杆石桥社区司法行政工作室",
                                  Level.WORKSTATION, t["other_office"])
    return t
