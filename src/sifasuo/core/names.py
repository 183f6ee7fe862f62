"""Plausible synthetic Chinese personal names for demo and test data.

Surnames are drawn with weights roughly following their share of the population (per 10,000 people,
rounded from published census rankings); a few two-character surnames appear rarely. Given names have
one or two characters (about 70% two) from lists typical for men's and women's names.

Plain Python, no Django. Deterministic for a seeded `random.Random`.
"""

from __future__ import annotations

import itertools
import random

__all__ = ["FEMALE_CHARS", "MALE_CHARS", "SURNAMES", "random_name"]

TWO_CHAR_GIVEN_NAME_SHARE = 0.7

# (surname, weight per 10,000 people)
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 710), ("李", 700), ("张", 640), ("刘", 540), ("陈", 460), ("杨", 310), ("黄", 250),
    ("赵", 230), ("吴", 200), ("周", 190), ("徐", 150), ("孙", 150), ("马", 140), ("朱", 130),
    ("胡", 120), ("郭", 110), ("何", 110), ("高", 100), ("林", 100), ("罗", 90), ("郑", 90),
    ("梁", 80), ("谢", 70), ("宋", 70), ("唐", 70), ("许", 60), ("韩", 60), ("冯", 60),
    ("邓", 60), ("曹", 60), ("彭", 50), ("曾", 50), ("肖", 50), ("田", 50), ("董", 50),
    ("袁", 50), ("潘", 40), ("于", 40), ("蒋", 40), ("蔡", 40), ("余", 40), ("杜", 40),
    ("叶", 40), ("程", 40), ("苏", 40), ("魏", 40), ("吕", 40), ("丁", 40), ("任", 30),
    ("沈", 30), ("姚", 30), ("卢", 30), ("姜", 30), ("崔", 30), ("钟", 30), ("谭", 30),
    ("陆", 30), ("汪", 30), ("范", 30), ("金", 30), ("石", 30), ("廖", 30), ("贾", 30),
    ("夏", 25), ("韦", 25), ("付", 25), ("方", 25), ("白", 25), ("邹", 25), ("孟", 25),
    ("熊", 25), ("秦", 25), ("邱", 25), ("江", 25), ("尹", 25), ("薛", 20), ("闫", 20),
    ("段", 20), ("雷", 20), ("侯", 20), ("龙", 20), ("史", 20), ("陶", 20), ("黎", 20),
    ("贺", 20), ("顾", 20), ("毛", 20), ("郝", 20), ("龚", 20), ("邵", 20), ("万", 20),
    ("钱", 20), ("严", 15), ("覃", 15), ("武", 15), ("戴", 15), ("莫", 15), ("孔", 15),
    ("向", 15), ("汤", 15), ("常", 15), ("温", 15), ("康", 15), ("施", 15), ("牛", 15),
    # Two-character surnames: rare.
    ("欧阳", 0.6), ("司马", 0.2), ("诸葛", 0.2), ("上官", 0.2), ("慕容", 0.1), ("皇甫", 0.1),
)

MALE_CHARS: tuple[str, ...] = tuple(
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林国建志文海东峰成亮晨博"
    "天轩然泽阳振兵春新庆德永立彬毅恒昊哲瑞锋坤松岩鸿翔睿航"
)
FEMALE_CHARS: tuple[str, ...] = tuple(
    "芳娜敏静丽艳娟霞秀英燕玲桂兰萍红梅琳雪婷慧颖倩洁琴云莉欣怡佳晶丹蕾薇悦璐月凤彤瑶"
    "琪雯妍嘉思晓雨萱婉如娇岚菲露美淑珍"
)

_SURNAME_VALUES = tuple(s for s, _ in SURNAMES)
_SURNAME_CUM_WEIGHTS = tuple(itertools.accumulate(w for _, w in SURNAMES))
_CHARS_BY_SEX = {"M": MALE_CHARS, "F": FEMALE_CHARS}
_SEX_ALIASES = {"M": "M", "F": "F", "男": "M", "女": "F"}


def random_name(rng: random.Random, sex: str) -> str:
    """A surname plus a one- or two-character given name typical for `sex` ("M"/"F", or "男"/"女")."""
    key = _SEX_ALIASES.get(str(sex).strip().upper())
    if key is None:
        raise ValueError(f"生成姓名时性别“{sex}”无法识别，应为 M（男）或 F（女）")
    chars = _CHARS_BY_SEX[key]
    surname = rng.choices(_SURNAME_VALUES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]
    length = 2 if rng.random() < TWO_CHAR_GIVEN_NAME_SHARE else 1
    given = "".join(rng.choice(chars) for _ in range(length))
    return surname + given
