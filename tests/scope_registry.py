"""Rows of the other county for every scoped model, so the scope walk can prove none of them leaks.

A model that declares `scope_path` must appear in FOREIGN_BUILDERS (test_every_scoped_model_has_foreign_rows
fails otherwise): add a builder that creates at least one row in tree["other_county"]'s subtree, with the
marker factories.FOREIGN_MARKER in a text field the pages show.

The foundation's and recruitment's builders are below. A later module keeps its own in
`tests/scope_builders/<app>.py`, which defines `FOREIGN_BUILDERS` (model -> builder) and optionally
`ROUTE_ARGUMENTS` (values for route kwargs other than pk); every module there is collected.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db.models import Model

from sifasuo.accounts.models import User
from sifasuo.core.models import ChangeLogEntry, SensitiveAccess
from sifasuo.orgunits.models import OrgUnit
from sifasuo.recruitment.models import (
    Announcement,
    Application,
    ApplicationDocument,
    PlanEvent,
    PlanLine,
    Post,
    RecruitmentPlan,
)
from sifasuo.staff.models import Contract, StaffMember
from tests.factories import FOREIGN_MARKER, staff_member

ForeignBuilder = Callable[[dict, dict], list[Model]]


def _units(tree, accounts):
    return [tree["other_county"], tree["other_office"], tree["other_workstation"]]


def _users(tree, accounts):
    return [accounts["other_county_admin"]]


def _changelog(tree, accounts):
    # Creating the other county's rows logged them; those entries carry its path.
    return list(ChangeLogEntry.objects.filter(unit_path__startswith=tree["other_county"].path))


def _foreign_staff(tree) -> StaffMember:
    existing = StaffMember.objects.filter(unit=tree["other_office"]).first()
    return existing or staff_member(tree["other_office"], full_name=f"{FOREIGN_MARKER}张三")


def _staff(tree, accounts):
    return [_foreign_staff(tree)]


def _sensitive_access(tree, accounts):
    from sifasuo.core.sensitive import reveal

    reveal(_foreign_staff(tree), "id_number", accounts["other_county_admin"])
    return list(SensitiveAccess.objects.filter(unit_path__startswith=tree["other_county"].path))


def _recruitment(tree, accounts) -> dict[type[Model], list[Model]]:
    """A plan, an announcement with a post, an application with a document, and a contract in the other
    county, built directly (the walk needs rows, not a policy for the test province). Built once per tree."""
    cache = tree.setdefault("_foreign_recruitment", {})
    if cache:
        return cache
    county, office = tree["other_county"], tree["other_office"]
    plan = RecruitmentPlan.objects.create(unit=county, year=2024, policy_id="test", note=f"{FOREIGN_MARKER}计划")
    ann = Announcement.objects.create(unit=county, policy_id="test", title=f"{FOREIGN_MARKER}招聘公告",
                                      announced_on=datetime.date(2024, 8, 1),
                                      registration_start=datetime.date(2024, 8, 1),
                                      registration_deadline=datetime.date(2024, 8, 10), status="open")
    post = Post.objects.create(announcement=ann, code="W01", office=office, track="public", positions=1)
    member = _foreign_staff(tree)
    application = Application.objects.create(
        announcement=ann, post=post, track="public", full_name=f"{FOREIGN_MARKER}李四", id_number=member.id_number,
        sex=member.sex, birth_date=member.birth_date, education="bachelor", applicant=accounts["other_applicant"])
    document = ApplicationDocument(application=application, kind=f"{FOREIGN_MARKER}学历证书")
    document.file.save("diploma.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    cache.update({
        RecruitmentPlan: [plan],
        PlanLine: [PlanLine.objects.create(plan=plan, office=office, staff_counted=1, required=6, vacancy=5,
                                           planned=5)],
        PlanEvent: [PlanEvent.objects.create(plan=plan, action="draft", comment=f"{FOREIGN_MARKER}意见")],
        Announcement: [ann],
        Post: [post],
        Application: [application],
        ApplicationDocument: [document],
        Contract: [Contract.objects.create(staff=member, start=datetime.date(2024, 10, 15),
                                           end=datetime.date(2027, 10, 14), note=f"{FOREIGN_MARKER}合同")],
    })
    return cache


def _part_of_recruitment(model: type[Model]) -> ForeignBuilder:
    return lambda tree, accounts: _recruitment(tree, accounts)[model]


FOREIGN_BUILDERS: dict[type[Model], ForeignBuilder] = {
    OrgUnit: _units,
    User: _users,
    ChangeLogEntry: _changelog,
    StaffMember: _staff,
    SensitiveAccess: _sensitive_access,
    **{model: _part_of_recruitment(model) for model in (
        RecruitmentPlan, PlanLine, PlanEvent, Announcement, Post, Application, ApplicationDocument, Contract)},
}


ROUTE_ARGUMENTS: dict[str, str] = {"kind": "review", "fmt": "docx"}


def _collect_module_builders() -> None:
    from tests import scope_builders

    for info in pkgutil.iter_modules(scope_builders.__path__):
        module = importlib.import_module(f"tests.scope_builders.{info.name}")
        for model, builder in module.FOREIGN_BUILDERS.items():
            assert model not in FOREIGN_BUILDERS, f"{model.__name__} 的外县数据重复登记（{info.name}）"
            FOREIGN_BUILDERS[model] = builder
        for name, value in getattr(module, "ROUTE_ARGUMENTS", {}).items():
            assert ROUTE_ARGUMENTS.get(name, value) == value, f"路由参数 {name} 取值冲突（{info.name}）"
            ROUTE_ARGUMENTS[name] = value


_collect_module_builders()


def build_foreign_rows(tree, accounts) -> dict[type[Model], list[Model]]:
    rows = {model: builder(tree, accounts) for model, builder in FOREIGN_BUILDERS.items()}
    for model, objects in rows.items():
        assert objects, f"{model.__name__} 的外县测试数据为空"
    return rows
