"""Excel imports of an announcement: applications entered by the county and exam scores. Real spreadsheets
written and read by openpyxl; a sheet lands whole or not at all, and each problem names its row and column."""

from __future__ import annotations

import datetime
import io
import random

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core import idnumbers
from sifasuo.recruitment import services
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.models import Application
from sifasuo.recruitment.policies import load
from tests.conftest import client_for
from tests.spreadsheets import xlsx_upload

pytestmark = pytest.mark.django_db

BASE = ["姓名", "身份证号码", "性别", "出生日期", "学历", "专业", "岗位代码", "户籍所在地代码", "居住地代码",
        "现为专职辅助人员"]




def declaration_headers() -> list[str]:
    items = services.declaration_items(load("daqing-2024"), "public")
    return [situation for _code, _rule, situation, _by in items]


def number(seed: int, birth=datetime.date(1995, 5, 5), sex="M") -> str:
    return idnumbers.generate(random.Random(seed), region_code="230602", birth_date=birth, sex=sex)


def row(seed, *, name=None, birth=datetime.date(1995, 5, 5), sex="男", post="001", auxiliary="否",
        typed_birth=None, answers=None):
    id_sex = "M" if sex == "男" else "F"
    return [name or f"导入{seed}", number(seed, birth, id_sex), sex, typed_birth or birth, "大学本科", "法学", post,
            "230602", "230602", auxiliary, *(answers or ["否"] * len(declaration_headers()))]


def sheet(rows, header=None) -> SimpleUploadedFile:
    return xlsx_upload(rows, header or BASE + declaration_headers(), name="sheet.xlsx")


def import_errors(response) -> list[str]:
    return [str(e) for e in response.context["errors"]]


def test_application_template_has_a_column_per_declaration(clerk, announcement):
    response = clerk.get(f"/recruitment/announcements/{announcement.pk}/applications/import/?template=1")
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0][1]]
    assert header == BASE + declaration_headers()
    assert "受过刑事处罚" in header and "被列为失信被执行人" in header
    assert "不适宜从事司法协理员工作的其他情形" not in header  # assessed by the reviewer, not declared


def test_good_application_sheet_lands_whole(daqing, clerk, announcement):
    url = f"/recruitment/announcements/{announcement.pk}/applications/import/"
    response = clerk.post(url, {"file": sheet([row(1), row(2, sex="女", post="002", auxiliary="是"),
                                               row(3, birth=datetime.date(1980, 2, 2))])})
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert response["Location"] == f"/recruitment/announcements/{announcement.pk}/applications/"
    imported = {a.full_name: a for a in Application.objects.all()}
    assert set(imported) == {"导入1", "导入2", "导入3"}
    second = imported["导入2"]
    assert (second.sex, second.track, second.is_existing_auxiliary) == ("F", "internal", True)
    assert imported["导入1"].declarations["criminal_punishment"] is False
    assert all(a.applicant is None for a in imported.values())
    follow = clerk.get(response["Location"]).content.decode()
    assert "导入1" in follow


def test_wrong_header_imports_nothing(clerk, announcement):
    url = f"/recruitment/announcements/{announcement.pk}/applications/import/"
    header = ["姓名", "身份证号", *BASE[2:], *declaration_headers()]
    response = clerk.post(url, {"file": sheet([row(1)], header=header)})
    assert response.status_code == 400
    assert import_errors(response) == ["第1行：缺少必填列「身份证号码」"]
    header = BASE + declaration_headers()[:-1]
    response = clerk.post(url, {"file": sheet([row(1)[:-1]], header=header)})
    assert import_errors(response) == ["第1行：缺少必填列「被列为失信被执行人」"]
    assert not Application.objects.exists()


def post_sheet(clerk, announcement, rows):
    return clerk.post(f"/recruitment/announcements/{announcement.pk}/applications/import/",
                      {"file": sheet(rows)})


def test_unreadable_cells_are_named_and_nothing_is_imported(clerk, announcement):
    response = post_sheet(clerk, announcement, [
        row(1),                                                                   # row 2: good
        row(5, typed_birth="1995-02-30"),                                         # row 3: impossible date
        row(7, answers=["否"] * (len(declaration_headers()) - 1) + ["不清楚"]),    # row 4: not 是/否
        [None, *row(9)[1:]],                                                      # row 5: no name
        [*row(10)[:2], "未知", *row(10)[3:]],                                      # row 6: no such sex
    ])
    assert response.status_code == 400
    assert import_errors(response) == [
        "第3行「出生日期」：「1995-02-30」不是存在的日期（1995年没有2月30日）",
        "第4行「被列为失信被执行人」：「不清楚」应为“是”或“否”",
        "第5行「姓名」：不能为空",
        "第6行「性别」：「未知」不是有效的性别，可选：男、女",
    ]
    assert not Application.objects.exists()
    assert "整个文件都不会导入" in response.content.decode()


def test_rows_the_services_refuse_are_named_and_nothing_is_imported(clerk, announcement):
    bad_number = row(3)
    bad_number[1] = bad_number[1][:-1] + ("0" if bad_number[1][-1] != "0" else "1")
    response = post_sheet(clerk, announcement, [
        row(1),                                                        # row 2: good
        bad_number,                                                    # row 3: checksum
        row(4, typed_birth=datetime.date(1995, 5, 6)),                 # row 4: birth date disagrees
        row(6, post="009"),                                            # row 5: no such post
        row(1, name="重复的人"),                                         # row 6: same person as row 2
        [*row(8)[:2], "女", *row(8)[3:]],                               # row 7: the number says male
    ])
    assert response.status_code == 400
    errors = import_errors(response)
    assert errors[0].startswith("第3行「身份证号码」：身份证号码校验位错误"), errors
    assert errors[1:] == [
        "第4行「身份证号码」：填写的出生日期 1995-05-06 与身份证号码中的 1995-05-05 不一致",
        "第5行「岗位代码」：本公告没有岗位 009（现有：001、002）",
        f"第6行「身份证号码」：身份证号码 {idnumbers.mask(number(1))} 已报名本次招聘，不能重复报名",
        "第7行「身份证号码」：填写的性别 女 与身份证号码中的 男 不一致",
    ]
    assert not Application.objects.exists()


def test_only_county_managers_import(daqing, announcement):
    hr = client_for(daqing["people"]["hr"])
    assert hr.get(f"/recruitment/announcements/{announcement.pk}/applications/import/").status_code == 403
    other = client_for(daqing["people"]["other_clerk"])
    assert other.get(f"/recruitment/announcements/{announcement.pk}/scores/import/").status_code == 404


# --- scores ----------------------------------------------------------------------------------------------


@pytest.fixture
def screened(clerk, announcement):
    clerk.post(f"/recruitment/announcements/{announcement.pk}/applications/import/",
               {"file": sheet([row(1), row(2), row(3, birth=datetime.date(1980, 2, 2))])})
    services.screen_announcement(announcement=announcement)
    return {a.full_name: a for a in Application.objects.all()}


def score_sheet(rows, header=("身份证号码", "笔试成绩", *[f"面试评分{n}" for n in range(1, 6)])):
    return sheet(rows, header=list(header))


def test_score_template_and_good_sheet(clerk, announcement, screened):
    url = f"/recruitment/announcements/{announcement.pk}/scores/import/"
    template = clerk.get(url + "?template=1")
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
    assert header == ["身份证号码", "笔试成绩", "面试评分1", "面试评分2", "面试评分3", "面试评分4", "面试评分5"]
    response = clerk.post(url, {"file": score_sheet([[screened["导入1"].id_number, 85],
                                                     [screened["导入2"].id_number, "79.5"]])})
    assert response.status_code == 302, response.context and response.context.get("errors")
    services.shortlist_for_interview(announcement=announcement)
    response = clerk.post(url, {"file": score_sheet([[screened["导入1"].id_number, None, 90, 91, 89, 95, 60]])})
    assert response.status_code == 302
    one, two = Application.objects.get(full_name="导入1"), Application.objects.get(full_name="导入2")
    assert (one.written_score, one.interview_score, two.written_score) == (85, 90, 79.5)
    assert one.status == ApplicationStatus.SHORTLISTED


def test_score_outside_range_imports_nothing(clerk, announcement, screened):
    url = f"/recruitment/announcements/{announcement.pk}/scores/import/"
    response = clerk.post(url, {"file": score_sheet([
        [screened["导入1"].id_number, 85],                 # row 2: good
        [screened["导入2"].id_number, 101],                # row 3: out of range
        [screened["导入3"].id_number, 70],                 # row 4: not eligible (45 on the deadline)
        [idnumbers.generate(random.Random(99), region_code="230602", birth_date=datetime.date(1990, 1, 1),
                            sex="F"), 70],               # row 5: did not apply
        [screened["导入1"].id_number, 86],                 # row 6: twice
    ])})
    assert response.status_code == 400
    errors = import_errors(response)
    assert "第3行「笔试成绩」：分数 101 超出范围（0至100）" in errors
    assert "第4行「身份证号码」：导入3 未通过资格审查，不能登记成绩" in errors
    assert any(e.startswith("第5行「身份证号码」：") and "未报名本次招聘" in e for e in errors), errors
    assert "第6行「身份证号码」：与第2行重复" in errors
    assert list(Application.objects.exclude(written_score=None)) == []


def test_bad_examiner_marks_import_nothing(clerk, announcement, screened):
    url = f"/recruitment/announcements/{announcement.pk}/scores/import/"
    response = clerk.post(url, {"file": score_sheet([
        [screened["导入1"].id_number, 85, 90, "九十", 90, 90, 90],   # row 2: a mark that is not a number
        [screened["导入2"].id_number, 80, 90, 91],                   # row 3: too few examiners
    ])})
    errors = import_errors(response)
    assert errors[0] == "第2行「面试评分2」：分数「九十」不是数字"
    assert errors[1].startswith("第3行「面试评分」：") and "至少需要5名考官评分" in errors[1], errors
    assert list(Application.objects.exclude(written_score=None)) == []


def test_score_sheet_without_id_column(clerk, announcement, screened):
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/scores/import/",
                          {"file": score_sheet([["导入1", 85]], header=("姓名", "笔试成绩"))})
    assert import_errors(response) == ["第1行：缺少必填列「身份证号码」"]
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/scores/import/",
                          {"file": SimpleUploadedFile("scores.xlsx", b"not a workbook")})
    assert "无法读取该文件" in import_errors(response)[0]
