"""Reads for recruitment: quotas computed from the roster in the database, under the unit's policy."""

from __future__ import annotations

from sifasuo import policy as engine
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.staff.selectors import counts_by_unit_and_type


def office_staffing(*, county: OrgUnit) -> list[engine.OfficeStaffing]:
    """Each open office of the county with its staff counted by type (one GROUP BY for the county)."""
    counts = counts_by_unit_and_type(path_prefix=county.path)
    offices = OrgUnit.objects.filter(parent=county, level=Level.OFFICE, closed_on__isnull=True).order_by("code")
    return [engine.OfficeStaffing(code=o.code, name=o.name, staff=counts.get(o.pk, {}), population=o.population)
            for o in offices]


def county_quota(*, county: OrgUnit, policy: engine.Policy) -> engine.CountyQuota:
    return engine.compute_quotas(policy, office_staffing(county=county), county=county.name)
