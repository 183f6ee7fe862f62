"""Unit tests for sifasuo.core.idnumbers (no database, no Django)."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest

from sifasuo.core import idnumbers
from sifasuo.core.idnumbers import IdInfo, IdNumberError

VALID = "11010519491231002X"  # GB 11643 example: 北京市朝阳区, 1949-12-31, female
TODAY = datetime.date(2025, 6, 1)


def _error(number: str, today: datetime.date = TODAY) -> IdNumberError:
    with pytest.raises(IdNumberError) as excinfo:
        idnumbers.parse(number, today=today)
    return excinfo.value


def _with_check_digit(first17: str) -> str:
    """Independent MOD 11-2 implementation, so the tests do not only trust stdnum."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


# --- parse ------------------------------------------------------------------------------------------


def test_parse_known_valid_number():
    info = idnumbers.parse(VALID, today=TODAY)
    assert info == IdInfo(
        number=VALID, region_code="110105", birth_date=datetime.date(1949, 12, 31), sex="F"
    )
    assert info.sex_display == "女"


def test_parse_male_number():
    number = _with_check_digit("37010219800101001")  # sequence 001: odd -> male
    info = idnumbers.parse(number, today=TODAY)
    assert info.sex == "M"
    assert info.sex_display == "男"
    assert info.region_code == "370102"
    assert info.birth_date == datetime.date(1980, 1, 1)


def test_independent_check_digit_agrees_with_known_number():
    assert _with_check_digit(VALID[:17]) == VALID


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "110105\t19491231002x\n",
        "１１０１０５１９４９１２３１００２ｘ",  # full-width, as typed with a Chinese input method
    ],
)
def test_parse_normalises_spaces_lowercase_x_and_full_width(raw):
    assert idnumbers.parse(raw, today=TODAY).number == VALID


@pytest.mark.parametrize("last", list("0123456789"))
def test_every_wrong_check_digit_is_rejected_with_checksum_message(last):
    number = VALID[:17] + last
    error = _error(number)
    assert error.reason == "checksum"
    assert str(error) == f"身份证号码校验位错误：应为 X，实际为 {last}"
    assert isinstance(error, ValueError)


def test_checksum_message_when_x_is_wrong():
    number = _with_check_digit("37010219800101001")
    assert number[-1] != "X"
    error = _error(number[:17] + "X")
    assert str(error) == f"身份证号码校验位错误：应为 {number[-1]}，实际为 X"


@pytest.mark.parametrize(
    ("number", "length"),
    [(VALID[:17], 17), (VALID + "1", 19), ("1", 1), (VALID[:15], 15)],
)
def test_wrong_length(number, length):
    error = _error(number)
    assert error.reason == "length"
    assert str(error) == f"身份证号码应为18位，当前为{length}位"


@pytest.mark.parametrize("number", ["", "   ", None])
def test_empty(number):
    error = _error(number)
    assert error.reason == "empty"
    assert str(error) == "身份证号码不能为空"


def test_illegal_character_in_body_names_position():
    error = _error("1101051949123A002X")
    assert error.reason == "characters"
    assert str(error).startswith("身份证号码含有非法字符")
    assert "第14位" in str(error)
    assert "“A”" in str(error)


def test_illegal_check_character():
    error = _error(VALID[:17] + "Y")
    assert error.reason == "characters"
    assert str(error).startswith("身份证号码含有非法字符")
    assert "第18位" in str(error)


def test_unicode_digits_other_than_full_width_are_rejected():
    # Arabic-Indic digit five: str.isdigit() is True, but it is not allowed in an ID number.
    error = _error(VALID[:4] + "\u0665" + VALID[5:])
    assert error.reason == "characters"
    assert "第5位" in str(error)


@pytest.mark.parametrize("date_part", ["19900230", "20230231", "19901301", "19900000", "19900132"])
def test_impossible_birth_date_rejected(date_part):
    number = _with_check_digit("110105" + date_part + "002")
    error = _error(number)
    assert error.reason == "birth_date"
    assert str(error) == f"身份证号码第7–14位的出生日期 {date_part} 不是有效日期"


def test_leap_day_accepted_only_in_leap_years():
    assert idnumbers.parse(_with_check_digit("11010520000229002"), today=TODAY).birth_date == datetime.date(
        2000, 2, 29
    )
    assert _error(_with_check_digit("11010519000229002")).reason == "birth_date"  # 1900 is not leap


def test_birth_date_before_1900_rejected():
    error = _error(_with_check_digit("11010518991231002"))
    assert error.reason == "birth_date"
    assert "18991231" in str(error)
    assert "1900" in str(error)
    assert idnumbers.parse(_with_check_digit("11010519000101002"), today=TODAY).birth_date == datetime.date(
        1900, 1, 1
    )


def test_birth_date_after_today_rejected():
    number = _with_check_digit("11010520250602002")
    error = _error(number, today=datetime.date(2025, 6, 1))
    assert error.reason == "birth_date"
    assert "出生日期晚于今天" in str(error)
    assert "20250602" in str(error)
    # Born today is fine.
    assert idnumbers.parse(number, today=datetime.date(2025, 6, 2)).birth_date == datetime.date(2025, 6, 2)


def test_parse_defaults_to_real_today():
    future = datetime.date.today() + datetime.timedelta(days=400)
    number = _with_check_digit(f"110105{future:%Y%m%d}002")
    with pytest.raises(IdNumberError, match="晚于今天"):
        idnumbers.parse(number)


def test_info_is_frozen():
    info = idnumbers.parse(VALID, today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.sex = "M"  # type: ignore[misc]


# --- is_valid ---------------------------------------------------------------------------------------


def test_is_valid():
    assert idnumbers.is_valid(VALID)
    assert idnumbers.is_valid(VALID.lower())
    assert not idnumbers.is_valid(VALID[:17] + "5")
    assert not idnumbers.is_valid(_with_check_digit("11010519900230002"))
    assert not idnumbers.is_valid("")
    assert not idnumbers.is_valid(None)  # type: ignore[arg-type]
    assert not idnumbers.is_valid("abc")


# --- age ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (datetime.date(1990, 6, 15), 0),
        (datetime.date(2008, 6, 14), 17),
        (datetime.date(2008, 6, 15), 18),
        (datetime.date(2008, 6, 16), 18),
        (datetime.date(2025, 1, 1), 34),
    ],
)
def test_age_on(day, age):
    info = IdInfo(number="x", region_code="110105", birth_date=datetime.date(1990, 6, 15), sex="M")
    assert info.age_on(day) == age


def test_age_on_leap_day_birthday():
    info = IdInfo(number="x", region_code="110105", birth_date=datetime.date(2000, 2, 29), sex="F")
    assert info.age_on(datetime.date(2001, 2, 28)) == 0
    assert info.age_on(datetime.date(2001, 3, 1)) == 1
    assert info.age_on(datetime.date(2004, 2, 29)) == 4


def test_age_on_before_birth_is_an_error():
    info = IdInfo(number="x", region_code="110105", birth_date=datetime.date(2000, 2, 29), sex="F")
    with pytest.raises(ValueError, match="早于身份证号码中的出生日期 2000-02-29"):
        info.age_on(datetime.date(2000, 2, 28))


# --- generate -----------------------------------------------------------------------------------------


def test_generated_numbers_parse_back():
    rng = random.Random(20240601)
    regions = ["370102", "230602", "140302", "340202", "110105", "500229"]
    start = datetime.date(1900, 1, 1).toordinal()
    end = datetime.date(2024, 12, 31).toordinal()
    seen = set()
    for _ in range(1000):
        region = rng.choice(regions)
        birth = datetime.date.fromordinal(rng.randint(start, end))
        sex = rng.choice("MF")
        number = idnumbers.generate(rng, region_code=region, birth_date=birth, sex=sex)
        assert len(number) == 18
        assert _with_check_digit(number[:17]) == number
        info = idnumbers.parse(number, today=TODAY)
        assert (info.region_code, info.birth_date, info.sex) == (region, birth, sex)
        assert number[14:17] != "000"
        seen.add(number)
    assert len(seen) > 990  # sequence digits really are random


def test_generate_is_deterministic_and_parity_follows_sex():
    args = {"region_code": "370102", "birth_date": datetime.date(1985, 3, 9)}
    a = [idnumbers.generate(random.Random(7), sex="M", **args) for _ in range(3)]
    assert len(set(a)) == 1
    males = [idnumbers.generate(random.Random(i), sex="M", **args) for i in range(200)]
    females = [idnumbers.generate(random.Random(i), sex="F", **args) for i in range(200)]
    assert all(int(n[16]) % 2 == 1 for n in males)
    assert all(int(n[16]) % 2 == 0 for n in females)
    assert {n[-1] for n in males + females} >= {"X", "0", "5"}  # check digit X does occur


def test_generate_accepts_chinese_sex():
    number = idnumbers.generate(
        random.Random(1), region_code="370102", birth_date=datetime.date(1985, 3, 9), sex="女"
    )
    assert idnumbers.parse(number, today=TODAY).sex == "F"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"region_code": "37010", "birth_date": datetime.date(1985, 3, 9), "sex": "M"}, "地区代码"),
        ({"region_code": "37010a", "birth_date": datetime.date(1985, 3, 9), "sex": "M"}, "地区代码"),
        ({"region_code": "370102", "birth_date": datetime.date(1899, 3, 9), "sex": "M"}, "1900"),
        ({"region_code": "370102", "birth_date": datetime.date(1985, 3, 9), "sex": "X"}, "性别"),
    ],
)
def test_generate_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        idnumbers.generate(random.Random(1), **kwargs)


# --- mask ---------------------------------------------------------------------------------------------


def test_mask():
    assert idnumbers.mask("23060219900101123X") == "230602********123X"
    assert idnumbers.mask(VALID) == "110105********002X"
    assert idnumbers.mask("1234567890") == "1234567890"
    assert idnumbers.mask("12345678901") == "123456*8901"
    assert idnumbers.mask("123456789") == "*********"
    assert idnumbers.mask("") == ""
    assert idnumbers.mask(None) == ""


# --- check_consistency --------------------------------------------------------------------------------


def test_check_consistency_agreeing_values():
    info = idnumbers.parse(VALID, today=TODAY)
    assert idnumbers.check_consistency(info) == []
    assert idnumbers.check_consistency(info, birth_date=datetime.date(1949, 12, 31), sex="F") == []
    assert idnumbers.check_consistency(info, sex="女") == []


def test_check_consistency_reports_each_mismatch():
    number = _with_check_digit("11010519900101001")
    info = idnumbers.parse(number, today=TODAY)
    assert idnumbers.check_consistency(info, birth_date=datetime.date(1990, 1, 2), sex="F") == [
        "填写的出生日期 1990-01-02 与身份证号码中的 1990-01-01 不一致",
        "填写的性别 女 与身份证号码中的 男 不一致",
    ]
    assert idnumbers.check_consistency(info, sex="女") == ["填写的性别 女 与身份证号码中的 男 不一致"]


def test_check_consistency_unknown_sex():
    info = idnumbers.parse(VALID, today=TODAY)
    problems = idnumbers.check_consistency(info, sex="未知")
    assert len(problems) == 1
    assert "无法识别" in problems[0]
