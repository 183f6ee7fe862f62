"""Levels and kinds of units, and what each level requires of its code."""

from django.db import models


class Level(models.IntegerChoices):
    PROVINCE = 1, "省级司法厅"
    CITY = 2, "市级司法局"
    COUNTY = 3, "县级司法局"
    OFFICE = 4, "司法所"
    WORKSTATION = 5, "司法行政工作室"


class UnitKind(models.TextChoices):
    PROVINCE = "province", "省（自治区、直辖市）"
    CITY = "city", "地级市"
    DISTRICT = "district", "市辖区"
    COUNTY = "county", "县"
    COUNTY_CITY = "county_city", "县级市"
    COUNTY_ZONE = "county_zone", "功能区"
    TOWNSHIP = "township", "乡镇"
    STREET = "street", "街道"
    DEV_ZONE = "dev_zone", "开发区"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"


KINDS_BY_LEVEL: dict[int, tuple[str, ...]] = {
    Level.PROVINCE: (UnitKind.PROVINCE,),
    Level.CITY: (UnitKind.CITY,),
    Level.COUNTY: (UnitKind.DISTRICT, UnitKind.COUNTY, UnitKind.COUNTY_CITY, UnitKind.COUNTY_ZONE),
    Level.OFFICE: (UnitKind.TOWNSHIP, UnitKind.STREET, UnitKind.DEV_ZONE),
    Level.WORKSTATION: (UnitKind.VILLAGE, UnitKind.COMMUNITY),
}

# Length of the division code at each level: GB/T 2260 six digits for province, city and county,
# the 9-digit township code for an office, the 12-digit village code for a workstation.
CODE_LENGTH: dict[int, int] = {
    Level.PROVINCE: 6, Level.CITY: 6, Level.COUNTY: 6, Level.OFFICE: 9, Level.WORKSTATION: 12,
}
# How many leading digits a unit's code shares with its parent's code.
PARENT_PREFIX: dict[int, int] = {Level.CITY: 2, Level.COUNTY: 4, Level.OFFICE: 6, Level.WORKSTATION: 9}

# The name suffix a unit of each level carries after the division's name.
NAME_SUFFIX: dict[int, str] = {
    Level.PROVINCE: "司法厅", Level.CITY: "司法局", Level.COUNTY: "司法局",
    Level.OFFICE: "司法所", Level.WORKSTATION: "司法行政工作室",
}
