"""One way to do each thing (issue 17, D72): small helpers live once in core and every module uses them."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from sifasuo.core import dates
from sifasuo.core.importers import parse_choice
from sifasuo.orgunits.choices import Level
from sifasuo.staff.choices import AssistantLevel, Education

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
# An in-scope check of a write written out in a service instead of scope_error/check_in_scope: the actor's
# None test and in_scope, with or without EDIT (both forms were written in many modules).
SELF_WRITTEN = re.compile(r"(actor|entered_by) is not None and not in_scope\(|not in_scope\(actor, [\w.]+\.path, EDIT\)")


def _definitions(pattern: str) -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(pattern, line.strip()):
                found.append(str(path.relative_to(SRC)))
    return sorted(found)


@pytest.mark.parametrize(("day", "months", "expected"), [
    ((2024, 1, 31), 1, (2024, 2, 29)),     # leap February
    ((2025, 1, 31), 1, (2025, 2, 28)),
    ((2024, 12, 15), 1, (2025, 1, 15)),
    ((2024, 3, 31), -1, (2024, 2, 29)),
    ((2024, 1, 10), -13, (2022, 12, 10)),
    ((2023, 8, 31), 36, (2026, 8, 31)),
    ((2024, 5, 1), 0, (2024, 5, 1)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert dates.add_months(datetime.date(*day), months) == datetime.date(*expected)


def test_add_months_is_written_once():
    # reporting.periods.add_months is the month-start form of the same arithmetic, delegating to core.
    assert _definitions(r"def _?add_months\(") == ["core/dates.py", "reporting/periods.py"]
    from sifasuo.reporting import periods

    assert periods.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 1)
    assert periods.add_months(datetime.date(2024, 1, 1), -1) == datetime.date(2023, 12, 1)


def test_choice_cells_are_parsed_once():
    assert _definitions(r"def _?(parse_)?choice\(") == ["core/spreadsheets/cells.py"]


def test_a_choice_cell_takes_the_label_or_the_value_and_names_a_wrong_one():
    level = parse_choice(Level, "层级", blank=None)
    assert level("司法所") == Level.OFFICE and level(str(Level.OFFICE.value)) == Level.OFFICE
    assert level("  ") is None and level(None) is None
    assert parse_choice(Education, "学历")("") == ""
    assert parse_choice(AssistantLevel.choices, "层级", blank=None)("四级") == AssistantLevel.FOURTH
    with pytest.raises(ValueError, match=r"「乡镇」不是有效的层级，可选：.*司法所"):
        level("乡镇")


def test_which_file_applies_is_answered_once():
    from sifasuo.policy.jurisdiction import covering

    # no module but the resolver matches a region code against a unit path itself
    matching = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                if 'region_code}/"' in p.read_text(encoding="utf-8")]
    assert matching == ["policy/jurisdiction.py"]

    class File:
        def __init__(self, name, region_code):
            self.name, self.region_code = name, region_code

    files = [File("省", "370000"), File("外省", "230000"), File("区甲", "370102"), File("市", "370100"),
             File("区乙", "370102"), File("半个代码", "3701"), File("无", ""), File("全国", "000000")]
    path = "/370000/370100/370102/370102001/"
    # a national file (000000) covers every unit and is the least local of all
    assert [f.name for f in covering(files, path)] == ["区甲", "区乙", "市", "省", "全国"]
    assert [f.name for f in covering(files, path, local_first=False)] == ["全国", "省", "市", "区甲", "区乙"]
    assert covering(files, "/230000/230600/230602/") == [files[1], files[7]]
    # nor does any module test for the national code itself
    national = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                if re.search(r"region_code == NATIONAL or", p.read_text(encoding="utf-8"))]
    assert national == ["policy/jurisdiction.py"]


@pytest.mark.django_db
def test_writes_outside_the_scope_are_refused_by_one_check(tree, accounts):
    from django.core.exceptions import ValidationError

    from sifasuo.accounts.roles import Role
    from sifasuo.core.scoping import VIEW, check_in_scope, in_scope, scope_error
    from sifasuo.orgunits import services as unit_services
    from tests import factories

    clerk, other = accounts["county_clerk"], tree["other_office"]
    assert scope_error(clerk, tree["office"]) is None and scope_error(None, other) is None  # a system action
    check_in_scope(clerk, tree["office"])
    with pytest.raises(ValidationError) as refused:
        check_in_scope(clerk, other, "to_unit")
    # answered exactly as a unit that does not exist, naming nothing but the code sent
    assert refused.value.message_dict == {"to_unit": [f"单位代码 {other.code} 不存在，或不在您的管辖范围内"]}
    assert scope_error(clerk, other, "帮教对象", "") == "帮教对象不存在，或不在您的管辖范围内"
    # a hub director reads the member office (VIEW) but writes only in their own office (EDIT, D37)
    hub = unit_services.update_unit(unit=tree["office2"], is_hub=True)
    unit_services.update_unit(unit=tree["office"], hub=hub)
    director = factories.user("hub_director", Role.OFFICE_DIRECTOR, hub)
    assert in_scope(director, tree["office"].path, VIEW)
    assert scope_error(director, hub) is None
    assert scope_error(director, tree["office"]) == f"单位代码 {tree['office'].code} 不存在，或不在您的管辖范围内"
    # the services no longer write the check themselves
    written = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
               if re.search(SELF_WRITTEN, p.read_text(encoding="utf-8"))]
    assert written == []


@pytest.mark.django_db
def test_the_within_filter_is_written_once(tree):
    from sifasuo.core.filters import within, within_method
    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.staff.models import StaffMember
    from tests import factories

    units = OrgUnit.objects.all()
    below = set(within(units, "path", f" {tree['county'].code} ").values_list("code", flat=True))
    assert tree["office"].code in below and tree["county"].code in below and tree["other_office"].code not in below
    assert not within(units, "path", "999999").exists()
    factories.staff_member(tree["office"], full_name="所内甲")
    factories.staff_member(tree["other_office"], full_name="外县乙")
    staff = within_method("unit__path")(StaffMember.objects.all(), "within", tree["office"].code)
    assert [m.full_name for m in staff] == ["所内甲"]
    copies = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
              if re.search(r"OrgUnit\.objects\.filter\(code=\w+\.strip\(\)\)\.only\(\"path\"\)",
                           p.read_text(encoding="utf-8"))]
    assert copies == ["core/filters.py"]


def test_unit_paths_are_cut_by_one_pair_of_functions():
    from sifasuo.core.scoping import ancestor_path, path_codes

    workstation = "/370000/370100/370102/370102001/370102001001/"
    assert path_codes(workstation) == ["370000", "370100", "370102", "370102001", "370102001001"]
    assert path_codes("/") == []
    assert ancestor_path(workstation, 3) == "/370000/370100/370102/"
    assert ancestor_path(workstation, 4) == "/370000/370100/370102/370102001/"
    assert ancestor_path("/370000/370100/370102/", 4) == "/370000/370100/370102/"   # not that deep: itself
    hand_cut = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                if re.search(r'path\.strip\("/"\)\.split\("/"\)|path\.split\("/"\) if(?! code)|rstrip\("/"\)\.rfind\("/"\)|def _nth_slash'
                             r'|path\.split\("/"\)\[|path\.count\("/"\)|p\.split\("/"\) if part|path\[:len\("/',
                             p.read_text(encoding="utf-8"))]
    assert hand_cut == []


def test_a_posted_form_runs_its_service_one_way():
    """A page runs its service with a posted form through core.forms.run_form (a refusal shown under the
    fields): no page writes the try/except around apply_validation_error itself, and recruitment's steps on a
    record's page are core's PageStepMixin, not a mixin of their own."""
    callers = sorted({str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                      if "migrations" not in path.parts and "apply_validation_error(" in path.read_text("utf-8")})
    assert callers == ["core/forms.py"]
    assert _definitions(r"class \w*StepMixin\b") == ["core/actions.py"]


# A refusal of a button step turned into flashed messages by hand (`for m in exc.messages: messages.error(…)`,
# or only its first message) instead of core.forms.run_step.
FLASHED_BY_HAND = re.compile(r"except ValidationError as exc:\s*\n(\s*for [^\n]*:\s*\n)*\s*messages\.error\(")


def test_a_step_posted_without_a_form_runs_its_service_one_way():
    flashing = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                      if "migrations" not in path.parts and FLASHED_BY_HAND.search(path.read_text("utf-8")))
    assert flashing == []
    assert FLASHED_BY_HAND.search("try:\n    x()\nexcept ValidationError as exc:\n    for m in exc.messages:\n"
                                  "        messages.error(request, m)\n")
    assert FLASHED_BY_HAND.search("except ValidationError as exc:\n    messages.error(request, exc.messages[0])\n")


def test_run_form_shows_a_refusal_under_its_field_and_returns_the_result():
    from django import forms as django_forms
    from django.core.exceptions import ValidationError

    from sifasuo.core.forms import Form, run_form

    class UnitForm(Form):
        unit_code = django_forms.CharField(label="单位代码")
        name = django_forms.CharField(label="名称")

    def refuse():
        raise ValidationError({"unit": "单位代码 X 不存在", "name": "名称已被使用"})

    form = UnitForm({"unit_code": "X", "name": "甲"})
    assert run_form(form, refuse, {"unit": "unit_code"}) is None
    assert form.errors == {"unit_code": ["单位代码 X 不存在"], "name": ["名称已被使用"]}

    def refuse_without_a_field():
        raise ValidationError("只能由县级司法局办理")

    form = UnitForm({"unit_code": "X", "name": "甲"})
    assert run_form(form, refuse_without_a_field, default_field="name") is None
    assert form.errors == {"name": ["只能由县级司法局办理"]}

    ran = []
    form = UnitForm({"unit_code": ""})
    assert run_form(form, lambda: ran.append(1)) is None and ran == []   # an invalid form runs nothing

    form = UnitForm({"unit_code": "X", "name": "甲"})
    done = run_form(form, lambda: None)
    assert done and done.result is None                                 # a step returning nothing has run
    assert run_form(UnitForm({"unit_code": "X", "name": "甲"}), lambda: form.cleaned_data["name"]).result == "甲"


def test_run_step_shows_every_message_of_a_refusal_and_returns_the_result(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.middleware import MessageMiddleware
    from django.core.exceptions import ValidationError

    from sifasuo.core.forms import run_step

    request = rf.post("/")
    request.session = {}
    MessageMiddleware(lambda r: None).process_request(request)   # the page's message store

    def refuse():
        raise ValidationError({"year": "年度已定稿", "unit": ["不在管辖范围内"]})

    assert run_step(request, refuse) is None
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "年度已定稿"),
                                                                         ("error", "不在管辖范围内")]
    done = run_step(request, lambda: None)
    assert done and done.result is None
    assert run_step(request, lambda: 3).result == 3
    assert len(list(get_messages(request))) == 2   # no more: the success message is the page's own
