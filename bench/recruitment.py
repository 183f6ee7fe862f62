"""Synthetic applicants and candidates for the recruitment benchmarks (bench.worker `recruitment`).

`applicants_workbook` writes the sheet an HR bureau would bring to `sifasuo screen`: the columns of the
policy and track, shared strings as Excel writes them, a realistic mix (ages 16–60, every education
level, most applicants local, about 1% declaring some disqualification, some priority conditions, and for
a policy with exceptions some exception conditions). `named_list_workbook` writes a named list (名单) of ID
numbers, half of them the applicants'. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random

from sifasuo import policy as engine
from sifasuo.core import idnumbers
from sifasuo.core.names import random_name
from sifasuo.core.spreadsheets.writer import Book, Style
from sifasuo.recruitment import screening_files as files

DATE = datetime.date(2024, 8, 10)


def applicant_rows(policy: engine.Policy, track: str, count: int, *, county: str, seed: int = 1
                   ) -> tuple[list[str], list[list]]:
    layout = files.layout(policy, track)
    rng = random.Random(seed)
    vocabulary = policy.vocabulary
    education = [vocabulary.name("education", c) for c in vocabulary.entries["education"]]
    weights = [1, 4, 30, 50, 12, 3][: len(education)]
    regions = [county, county, county, county[:4] + "03", county[:4] + "22", "110105", "371002", ""]
    conditions = list(layout.condition_names)
    exceptions = [vocabulary.name("condition", c) for c in sorted(layout.exception_codes)]
    majors = ["法学", "汉语言文学", "行政管理", "计算机科学与技术", "会计学", "", "侦查学", "社会工作", "法律事务",
              "法学（涉外法律方向）", "刑事执行", "智慧社区治理"]
    header = [c.header for c in layout.columns]
    rows = []
    used: set[str] = set()
    for i in range(count):
        sex = rng.choice("MF")
        birth = DATE - datetime.timedelta(days=rng.randrange(16 * 365, 60 * 365))
        number = idnumbers.generate(rng, region_code=county, birth_date=birth, sex=sex)
        while number in used:
            number = idnumbers.generate(rng, region_code=county, birth_date=birth, sex=sex)
        used.add(number)
        row = []
        for column in layout.columns:
            kind = column.kind
            if kind == "name":
                row.append(random_name(rng, sex))
            elif kind == "id":
                row.append(number)
            elif kind == "sex":
                row.append("男" if sex == "M" else "女")
            elif column.key == "birth_date":
                row.append(birth if i % 3 else None)
            elif kind == "education":
                row.append(rng.choices(education, weights)[0])
            elif column.key == "major":
                row.append(rng.choice(majors))
            elif kind == "nationality":
                row.append("中国" if rng.random() < 0.999 else "KR")
            elif kind == "finding":
                row.append(files.NO if rng.random() < 0.5 else None)
            elif kind == "region":
                row.append(rng.choice(regions))
            elif kind == "date":
                row.append(DATE - datetime.timedelta(days=rng.randrange(30, 9000)))
            elif kind == "yesno":
                row.append(files.YES if rng.random() < 0.1 else files.NO)
            elif kind == "declaration":
                row.append(files.YES if rng.random() < 0.0015 else files.NO)
            elif column.key == "exception_conditions":
                row.append(rng.choice(exceptions) if exceptions and rng.random() < 0.08 else None)
            elif kind == "conditions":
                row.append("、".join(rng.sample(conditions, 1)) if conditions and rng.random() < 0.15 else None)
            else:
                row.append(None)
        rows.append(row)
    return header, rows


def applicants_workbook(policy: engine.Policy, track: str, count: int, *, county: str, seed: int = 1) -> bytes:
    header, rows = applicant_rows(policy, track, count, county=county, seed=seed)
    book = Book()
    sheet = book.add_sheet("报名人员")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return book.to_bytes()


def named_list_workbook(applicant_ids: list[str], size: int, *, county: str, seed: int = 3) -> bytes:
    """A named list of `size` people: every other applicant, and others of the county to make up the size."""
    rng = random.Random(seed)
    chosen = applicant_ids[::2][:size]
    seen = set(applicant_ids)
    while len(chosen) < size:
        sex = rng.choice("MF")
        birth = DATE - datetime.timedelta(days=rng.randrange(18 * 365, 60 * 365))
        number = idnumbers.generate(rng, region_code=county, birth_date=birth, sex=sex)
        if number not in seen:
            seen.add(number)
            chosen.append(number)
    book = Book()
    sheet = book.add_sheet("名单", column_styles=[Style.DEFAULT, Style.DEFAULT, Style.TEXT])
    sheet.append(["序号", "姓名", "身份证号码"])
    for index, number in enumerate(chosen, start=1):
        sheet.append([index, random_name(rng, "MF"[int(number[16]) % 2 == 0]), number])
    return book.to_bytes()


def candidates(count: int, *, posts: int = 100, seed: int = 7) -> list[engine.Candidate]:
    """Candidates with written and interview scores spread over `posts` posts of the public track; scores
    in half points, so equal composite scores (and the tie-breaks) are common."""
    rng = random.Random(seed)
    start = datetime.date(1989, 1, 1)
    return [
        engine.Candidate(key=str(i), post=f"P{i % posts:03d}", track="public",
                         written=rng.randrange(80, 200) / 2, interview=rng.randrange(100, 200) / 2,
                         conditions=frozenset({"law_bachelor"}) if rng.random() < 0.2 else frozenset(),
                         education=rng.choice(["junior_college", "bachelor", "master"]),
                         birth_date=start + datetime.timedelta(days=rng.randrange(6000)))
        for i in range(count)
    ]
