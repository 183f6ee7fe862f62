"""Unit tests for sifasuo.core.names (no database, no Django)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from sifasuo.core import names

SURNAME_SET = {s for s, _ in names.SURNAMES}
TWO_CHAR_SURNAMES = {s for s in SURNAME_SET if len(s) == 2}


def _split(name: str) -> tuple[str, str]:
    if name[:2] in TWO_CHAR_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def test_surname_table():
    assert 100 <= len(names.SURNAMES) <= 130
    assert len(SURNAME_SET) == len(names.SURNAMES)  # no duplicates
    top = [s for s, _ in sorted(names.SURNAMES, key=lambda sw: -sw[1])[:10]]
    assert set(top) == set("王李张刘陈杨赵黄周吴")
    assert {"欧阳", "司马"} <= TWO_CHAR_SURNAMES
    assert all(w > 0 for _, w in names.SURNAMES)


def test_character_lists_are_separate():
    assert len(names.MALE_CHARS) >= 40
    assert len(names.FEMALE_CHARS) >= 40
    assert len(set(names.MALE_CHARS)) == len(names.MALE_CHARS)
    assert len(set(names.FEMALE_CHARS)) == len(names.FEMALE_CHARS)
    assert not set(names.MALE_CHARS) & set(names.FEMALE_CHARS)


def test_deterministic_for_seeded_rng():
    a = [names.random_name(random.Random(42), "M") for _ in range(5)]
    assert len(set(a)) == 1
    rng1, rng2 = random.Random(2024), random.Random(2024)
    seq1 = [names.random_name(rng1, sex) for sex in "MF" * 50]
    seq2 = [names.random_name(rng2, sex) for sex in "MF" * 50]
    assert seq1 == seq2
    assert len(set(seq1)) > 80


@pytest.mark.parametrize(("sex", "chars"), [("M", names.MALE_CHARS), ("F", names.FEMALE_CHARS)])
def test_structure_and_distribution(sex, chars):
    rng = random.Random(1)
    draws = [names.random_name(rng, sex) for _ in range(20000)]
    surnames = Counter()
    lengths = Counter()
    for name in draws:
        surname, given = _split(name)
        assert surname in SURNAME_SET, name
        assert 1 <= len(given) <= 2, name
        assert all(c in chars for c in given), name
        surnames[surname] += 1
        lengths[len(given)] += 1
    share_two = lengths[2] / len(draws)
    assert 0.67 < share_two < 0.73
    # Weighted like the table (王 about 9% of draws, 牛 about 0.2%); two-character surnames stay rare.
    total_weight = sum(w for _, w in names.SURNAMES)
    for surname in ("王", "李", "张", "牛"):
        expected = dict(names.SURNAMES)[surname] / total_weight
        assert abs(surnames[surname] / len(draws) - expected) < 0.15 * expected + 0.002, surname
    assert surnames["王"] > 10 * surnames["牛"]
    assert sum(surnames[s] for s in TWO_CHAR_SURNAMES) < 0.002 * len(draws)
    assert len(surnames) > 90


def test_chinese_sex_accepted():
    name = names.random_name(random.Random(3), "女")
    assert all(c in names.FEMALE_CHARS for c in _split(name)[1])
    assert names.random_name(random.Random(3), "女") == names.random_name(random.Random(3), "F")


def test_unknown_sex_rejected():
    with pytest.raises(ValueError, match="性别“X”无法识别"):
        names.random_name(random.Random(1), "X")
