"""Chinese resident identity numbers (身份证号码, GB 11643-1999, 18 characters).

Layout: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit sequence code whose last digit is
odd for men and even for women, and a check character (0-9 or X, ISO 7064 MOD 11-2).

Plain Python, no Django: used by forms, imports and the demo data generator alike. Every error carries a
Simplified Chinese message meant to be shown to the user as is.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass

from stdnum.cn import ric

__all__ = [
    "IdInfo",
    "IdNumberError",
    "check_consistency",
    "generate",
    "is_valid",
    "mask",
    "normalize",
    "parse",
]

LENGTH = 18
MIN_BIRTH_DATE = datetime.date(1900, 1, 1)
_DIGITS = frozenset("0123456789")
_SEX_DISPLAY = {"M": "男", "F": "女"}
_SEX_ALIASES = {"M": "M", "F": "F", "男": "M", "女": "F"}


class IdNumberError(ValueError):
    """An invalid identity number. `str(error)` is a Chinese message for the user.

    `reason` is a short machine-readable tag: "empty", "length", "characters", "birth_date", "checksum".
    """

    def __init__(self, message: str, *, reason: str, number: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.number = number

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class IdInfo:
    number: str
    region_code: str
    birth_date: datetime.date
    sex: str  # "M" or "F"

    @property
    def sex_display(self) -> str:
        return _SEX_DISPLAY[self.sex]

    def age_on(self, day: datetime.date) -> int:
        """Age in full years on `day` (the age goes up on the birthday; 29 February birthdays go up
        on 1 March in common years)."""
        if day < self.birth_date:
            raise ValueError(
                f"计算年龄的日期 {day.isoformat()} 早于身份证号码中的出生日期 {self.birth_date.isoformat()}"
            )
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


def normalize(number: str | None) -> str:
    """Remove all whitespace, turn full-width digits/letters into ASCII and upper-case a final x."""
    if number is None:
        return ""
    text = unicodedata.normalize("NFKC", str(number))
    text = "".join(text.split())
    if text.endswith("x"):
        text = text[:-1] + "X"
    return text


def parse(number: str, *, today: datetime.date | None = None) -> IdInfo:
    """Validate an 18-character identity number and return what it says.

    Raises IdNumberError (a ValueError) with a Chinese message naming the faulty part.
    """
    text = normalize(number)
    if not text:
        raise IdNumberError("身份证号码不能为空", reason="empty")
    if len(text) != LENGTH:
        raise IdNumberError(
            f"身份证号码应为18位，当前为{len(text)}位", reason="length", number=text
        )
    for position, char in enumerate(text[:17], start=1):
        if char not in _DIGITS:
            raise IdNumberError(
                f"身份证号码含有非法字符：第{position}位为“{char}”，前17位只能是数字",
                reason="characters",
                number=text,
            )
    if text[17] not in _DIGITS and text[17] != "X":
        raise IdNumberError(
            f"身份证号码含有非法字符：第18位（校验位）为“{text[17]}”，只能是数字或 X",
            reason="characters",
            number=text,
        )

    raw_date = text[6:14]
    try:
        birth_date = datetime.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:8]))
    except ValueError:
        raise IdNumberError(
            f"身份证号码第7–14位的出生日期 {raw_date} 不是有效日期", reason="birth_date", number=text
        ) from None
    if birth_date < MIN_BIRTH_DATE:
        raise IdNumberError(
            f"身份证号码第7–14位的出生日期 {raw_date} 早于1900年1月1日，不是有效的出生日期",
            reason="birth_date",
            number=text,
        )
    today = today or datetime.date.today()
    if birth_date > today:
        raise IdNumberError(
            f"身份证号码第7–14位的出生日期晚于今天：{raw_date}（今天是 {today.isoformat()}）",
            reason="birth_date",
            number=text,
        )

    expected = ric.calc_check_digit(text)
    if text[17] != expected:
        raise IdNumberError(
            f"身份证号码校验位错误：应为 {expected}，实际为 {text[17]}", reason="checksum", number=text
        )

    sex = "M" if int(text[16]) % 2 == 1 else "F"
    return IdInfo(number=text, region_code=text[:6], birth_date=birth_date, sex=sex)


def is_valid(number: str | None, *, today: datetime.date | None = None) -> bool:
    try:
        parse(number, today=today)  # type: ignore[arg-type]
    except IdNumberError:
        return False
    return True


def _normalize_sex(sex: str) -> str:
    try:
        return _SEX_ALIASES[str(sex).strip().upper()]
    except KeyError:
        raise ValueError(f"性别“{sex}”无法识别，应为 M（男）或 F（女）") from None


def generate(
    rng: random.Random, *, region_code: str, birth_date: datetime.date, sex: str
) -> str:
    """A valid synthetic identity number: random sequence code of the right parity, correct check digit."""
    if len(region_code) != 6 or any(c not in _DIGITS for c in region_code):
        raise ValueError(f"地区代码“{region_code}”应为6位数字")
    if birth_date < MIN_BIRTH_DATE:
        raise ValueError(f"出生日期 {birth_date.isoformat()} 早于1900年1月1日，无法生成身份证号码")
    male = _normalize_sex(sex) == "M"
    # Sequence 001-999: odd for men, even (never 000) for women.
    sequence = rng.randrange(0, 500) * 2 + 1 if male else rng.randrange(1, 500) * 2
    body = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def mask(number: str | None) -> str:
    """Keep the first 6 and last 4 characters, replace the middle by '*'.

    "23060219900101123X" -> "230602********123X"; input shorter than 10 characters is starred whole,
    so a malformed value never shows in the clear either.
    """
    if not number:
        return ""
    text = str(number)
    if len(text) < 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def check_consistency(
    info: IdInfo, *, birth_date: datetime.date | None = None, sex: str | None = None
) -> list[str]:
    """Chinese messages for each typed value (birth date, sex) that disagrees with the number."""
    problems: list[str] = []
    if birth_date is not None and birth_date != info.birth_date:
        problems.append(
            f"填写的出生日期 {birth_date.isoformat()} 与身份证号码中的 {info.birth_date.isoformat()} 不一致"
        )
    if sex is not None and str(sex).strip():
        try:
            typed = _normalize_sex(sex)
        except ValueError:
            problems.append(f"填写的性别“{sex}”无法识别，应为“男”或“女”")
        else:
            if typed != info.sex:
                problems.append(
                    f"填写的性别 {_SEX_DISPLAY[typed]} 与身份证号码中的 {info.sex_display} 不一致"
                )
    return problems
