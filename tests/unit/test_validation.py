"""core.validation: the error dict a service fills and the not-after-today check correction and resettlement
share (issue 17: written once instead of in each services module)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sifasuo.core import validation
from tests.unit.test_one_way import _definitions


def test_a_date_after_today_is_named_with_its_label_and_value():
    errors: validation.Errors = {}
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    validation.not_future(errors, "on", "报告日期", tomorrow)
    validation.not_future(errors, "other", "复查日期", datetime.date.today())
    validation.not_future(errors, "blank", "日期", None)
    assert errors == {"on": [f"报告日期 {tomorrow.isoformat()} 晚于今天，不能登记将来的事"]}


def test_errors_are_raised_together_or_not_at_all():
    validation.raise_if_any({})
    errors: validation.Errors = {}
    validation.add(errors, "on", "第一条")
    validation.add(errors, "on", "第二条")
    with pytest.raises(ValidationError) as raised:
        validation.raise_if_any(errors)
    assert raised.value.message_dict == {"on": ["第一条", "第二条"]}


def test_the_future_date_check_is_written_once_for_correction_and_resettlement():
    assert "correction/services.py" not in _definitions(r"def _not_future\(")
    assert "resettlement/services.py" not in _definitions(r"def _not_future\(")
    assert _definitions(r"def not_future\(") == ["core/validation.py"]


def test_an_id_number_is_normalised_or_its_fault_named_under_the_field():
    errors: validation.Errors = {}
    number, info = validation.parse_id_number(errors, "11010519491231002x")
    assert (number, info.birth_date, errors) == ("11010519491231002X", datetime.date(1949, 12, 31), {})
    number, info = validation.parse_id_number(errors, "110105194912310021", field="applicant_id_number")
    assert number == "110105194912310021" and info is None and "校验位" in errors["applicant_id_number"][0]


def test_resettlement_takes_the_id_number_check_from_core_not_from_correction():
    source = (Path(__file__).resolve().parents[2] / "src" / "sifasuo" / "resettlement" / "services.py").read_text()
    assert "from sifasuo.correction.services import check_unit\n" in source


def test_a_decimal_is_read_within_its_range_and_decimals():
    from decimal import Decimal

    cent = Decimal("0.01")
    assert validation.decimal_within(" 12.50 ", 0, 100, quantum=cent) == Decimal("12.50")
    assert validation.decimal_within(0, 0) == 0 and validation.decimal_within(Decimal(20), 0, 20) == 20
    for value in ("abc", None, "", "NaN", "Infinity", "-0.01", "100.01", "1.005"):
        assert validation.decimal_within(value, 0, 100, quantum=cent) is None, value
    assert validation.decimal_within("0", 0, above_low=True) is None
    assert validation.decimal_within("1e3", 0) == 1000


def test_a_value_outside_its_list_is_refused_naming_the_list():
    from sifasuo.resettlement.choices import Placement

    errors: validation.Errors = {}
    validation.one_of(errors, "placement", "安置情况", "employed", Placement)
    assert errors == {}
    validation.one_of(errors, "placement", "安置情况", "abroad", Placement)
    assert errors == {"placement": ["安置情况“abroad”无效，应为：就业、自主创业、务农、就学、纳入社会救助、未安置"]}


def test_a_steps_date_is_neither_before_the_step_it_follows_nor_after_today():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    errors: validation.Errors = {}
    validation.step_date(errors, "on", "帮教日期", datetime.date(2024, 5, 2), "衔接日期", datetime.date(2024, 5, 3))
    validation.step_date(errors, "late", "结算日期", tomorrow, wording=validation.AFTER_TODAY)
    validation.step_date(errors, "fine", "报告日期", datetime.date(2024, 5, 3), "报到日期", None)
    assert errors == {"on": ["帮教日期 2024-05-02 早于衔接日期 2024-05-03"],
                      "late": [f"结算日期 {tomorrow.isoformat()} 在今天之后"]}
