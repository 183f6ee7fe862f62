"""Roles, the unit level each role sits at, and what each role may do.

Capabilities are plain strings checked by pages and API alike (`user.can("org.manage")`). The
foundation's are below; a module declares its own in `<app>/capabilities.py` (`CAPABILITIES = {...}`),
merged here at start-up by `merge_module_capabilities()` (AccountsConfig.ready). A name declared twice
is an error.
"""

from __future__ import annotations

from django.db import models

from sifasuo.orgunits.choices import Level


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "省级管理员"
    PROVINCE_CLERK = "province_clerk", "省级业务人员"
    CITY_ADMIN = "city_admin", "市级管理员"
    CITY_CLERK = "city_clerk", "市级业务人员"
    COUNTY_ADMIN = "county_admin", "县级管理员"
    COUNTY_CLERK = "county_clerk", "县级业务人员"
    OFFICE_DIRECTOR = "office_director", "司法所所长"
    OFFICE_STAFF = "office_staff", "司法所工作人员"
    WORKSTATION_STAFF = "workstation_staff", "工作室工作人员"
    HR_REVIEWER = "hr_reviewer", "人社局审核人员"
    LEADER = "leader", "领导（只读）"
    APPLICANT = "applicant", "报名人员"


# The unit levels an account of each role may belong to (an applicant belongs to none).
ROLE_LEVELS: dict[str, tuple[int, ...]] = {
    Role.PROVINCE_ADMIN: (Level.PROVINCE,),
    Role.PROVINCE_CLERK: (Level.PROVINCE,),
    Role.CITY_ADMIN: (Level.CITY,),
    Role.CITY_CLERK: (Level.CITY,),
    Role.COUNTY_ADMIN: (Level.COUNTY,),
    Role.COUNTY_CLERK: (Level.COUNTY,),
    Role.OFFICE_DIRECTOR: (Level.OFFICE,),
    Role.OFFICE_STAFF: (Level.OFFICE,),
    Role.WORKSTATION_STAFF: (Level.WORKSTATION,),
    Role.HR_REVIEWER: (Level.CITY, Level.COUNTY),
    Role.LEADER: (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.OFFICE),
    Role.APPLICANT: (),
}

ADMINS = {Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.COUNTY_ADMIN}
CLERKS = {Role.PROVINCE_CLERK, Role.CITY_CLERK, Role.COUNTY_CLERK}
OFFICE = {Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF, Role.WORKSTATION_STAFF}
STAFF_ROLES = ADMINS | CLERKS | OFFICE | {Role.LEADER}

CAPABILITIES: dict[str, set[str]] = {
    # organisation tree
    "org.view": STAFF_ROLES | {Role.HR_REVIEWER},
    "org.manage": ADMINS,
    # accounts of the units in scope
    "accounts.manage": ADMINS,
    # one's own API tokens (administrators also those of the accounts in scope, through accounts.manage)
    "accounts.tokens": STAFF_ROLES | {Role.HR_REVIEWER, Role.APPLICANT},
    # change log of the units in scope
    "changelog.view": ADMINS | {Role.LEADER},
    # the national working-day calendar (core.workdays): everyone reads it, a province admin enters each
    # year's holidays from the State Council's notice
    "calendar.view": STAFF_ROLES | {Role.HR_REVIEWER},
    "calendar.manage": {Role.PROVINCE_ADMIN},
    # the API's documentation (Swagger) in the menu: staff who connect other systems, not applicants
    "api.docs": STAFF_ROLES | {Role.HR_REVIEWER},
    # the search box (people, cases, subjects and units of the scope)
    "search.use": STAFF_ROLES | {Role.HR_REVIEWER},
    # business records of the units in scope (registers, casework, staff …)
    "records.view": STAFF_ROLES,
    "records.edit": ADMINS | CLERKS | OFFICE,
    # full ID numbers (shown masked to everyone else; every full view is logged)
    "personal.view_full_id": ADMINS | CLERKS | {Role.OFFICE_DIRECTOR},
    # staff roster
    "staff.view": STAFF_ROLES,
    "staff.edit": ADMINS | CLERKS,
    # recruitment plans (DQ-6, YQ-2): the county drafts and submits, the city approves or returns,
    # the province files; the services also check the actor's level
    "recruitment.plan.view": STAFF_ROLES | {Role.HR_REVIEWER},
    "recruitment.plan.edit": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK},
    "recruitment.plan.review": {Role.CITY_ADMIN, Role.CITY_CLERK},
    "recruitment.plan.file": {Role.PROVINCE_ADMIN, Role.PROVINCE_CLERK},
    # announcements, applications and their steps (screening, scores, ranking, checks, notice, hire)
    "recruitment.view": STAFF_ROLES | {Role.HR_REVIEWER},
    "recruitment.manage": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK},
    # confirming or overriding the system's screening verdict (county bureau or HR bureau)
    "recruitment.review": {Role.COUNTY_ADMIN, Role.COUNTY_CLERK, Role.HR_REVIEWER},
    # public applicants: open announcements, applying online, their own applications
    "recruitment.apply": {Role.APPLICANT},
}


def merge_module_capabilities() -> None:
    from sifasuo.core.registry import app_modules

    for module in app_modules("capabilities"):
        for name, roles in module.CAPABILITIES.items():
            if name in CAPABILITIES and CAPABILITIES[name] != roles:
                raise ValueError(f"权限 {name} 重复声明（{module.__name__}）")
            CAPABILITIES[name] = set(roles)


def role_can(role: str, capability: str) -> bool:
    return role in CAPABILITIES.get(capability, set())
