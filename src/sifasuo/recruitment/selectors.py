"""Reads for recruitment: quotas computed from the roster in the database, under the unit's policy."""

from __future__ import annotations

from sifasuo import policy as engine
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.staff.selectors import counts_by_unit_and_type


def office_staffing(*, county: OrgUnit) -> list[engine.OfficeStaffing]:
    """Each open office of the county with its staff counted by type (two queries)."""
    return staffing_by_county(root=county).get(county, [])


def county_quota(*, county: OrgUnit, policy: engine.Policy) -> engine.CountyQuota:
    return engine.compute_quotas(policy, office_staffing(county=county), county=county.name)


def staffing_by_county(*, root: OrgUnit) -> dict[OrgUnit, list[engine.OfficeStaffing]]:
    """Every county under `root` (a city or a province) with its offices' staffing, in two queries for
    the whole tree: one GROUP BY over the roster and one list of offices."""
    counts = counts_by_unit_and_type(path_prefix=root.path)
    offices = (OrgUnit.objects.filter(path__under=root.path, level=Level.OFFICE, closed_on__isnull=True)
               .select_related("parent").order_by("code"))
    result: dict[OrgUnit, list[engine.OfficeStaffing]] = {}
    for office in offices:
        result.setdefault(office.parent, []).append(engine.OfficeStaffing(
            code=office.code, name=office.name, staff=counts.get(office.pk, {}), population=office.population))
    return result
