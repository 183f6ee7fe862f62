"""Excel import of units: real spreadsheets written and read by openpyxl; all or nothing."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.orgunits.models import OrgUnit
from tests.conftest import client_for
from tests.spreadsheets import xlsx_upload

pytestmark = pytest.mark.django_db

HEADER = ["单位代码", "单位名称", "层级", "类型", "上级单位代码", "服务人口", "设立日期"]


def sheet(rows, header=HEADER) -> SimpleUploadedFile:
    return xlsx_upload(rows, header, name="units.xlsx")


def post(client, upload):
    return client.post("/org/import/", {"file": upload})


def test_template_download_has_the_columns(accounts):
    response = client_for(accounts["county_admin"]).get("/org/import/?template=1")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]][:5] == HEADER[:5]
    assert wb.sheetnames == ["单位", "填写说明"]


def test_good_sheet_lands_whole(tree, accounts):
    client = client_for(accounts["county_admin"])
    response = post(client, sheet([
        ["370102001002", "历山社区司法行政工作室", "司法行政工作室", "社区", "370102001", 3200, datetime.date(2017, 6, 30)],
        ["370102003", "新建街道司法所", 4, "街道", "370102", "56,000", "2019/05/01"],
        ["370102003001", "新建社区司法行政工作室", "司法行政工作室", "社区", "370102003", None, None],
    ]))
    assert response.status_code == 302, response.content.decode()
    ws = OrgUnit.objects.get(code="370102003001")
    assert ws.path == "/370000/370100/370102/370102003/370102003001/"
    assert OrgUnit.objects.get(code="370102003").population == 56000
    assert OrgUnit.objects.get(code="370102003").opened_on == datetime.date(2019, 5, 1)


def test_bad_sheet_lands_nothing_and_says_where(tree, accounts):
    client = client_for(accounts["county_admin"])
    before = OrgUnit.objects.count()
    response = post(client, sheet([
        ["370102001003", "好行", "司法行政工作室", "社区", "370102001", 100, None],
        ["37010200100X", "坏代码", "司法行政工作室", "社区", "370102001", 100, None],
        ["370102001004", "坏日期", "司法行政工作室", "社区", "370102001", 100, "2021-02-30"],
        ["370102001001", "重复", "司法行政工作室", "社区", "370102001", 100, None],
        ["370102001005", "坏层级", "村委会", "社区", "370102001", 100, None],
        ["370102001006", "负人口", "司法行政工作室", "社区", "370102001", -3, None],
    ]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "第4行「设立日期」：「2021-02-30」不是存在的日期（2021年没有2月30日）" in body
    assert "第6行「层级」：「村委会」不是有效的层级" in body
    assert "第7行「服务人口」：不能为负数" in body
    assert OrgUnit.objects.count() == before
    # once the shape is right, the tree's rules speak, with the sheet's row numbers
    response = post(client, sheet([
        ["370102001003", "好行", "司法行政工作室", "社区", "370102001", 100, None],
        ["37010200100X", "坏代码", "司法行政工作室", "社区", "370102001", 100, None],
        ["370102001001", "重复", "司法行政工作室", "社区", "370102001", 100, None],
    ]))
    body = response.content.decode()
    assert "第3行（37010200100X 坏代码）：司法行政工作室的单位代码应为12位数字" in body
    assert "第4行：单位代码 370102001001 重复" in body
    assert OrgUnit.objects.count() == before


def test_parent_outside_scope_refused(tree, accounts):
    response = post(client_for(accounts["county_admin"]), sheet([
        ["370103001009", "越权", "司法行政工作室", "社区", "370103001", 100, None]]))
    assert "第2行「上级单位代码」：单位代码 370103001 不存在，或不在您的管辖范围内" in response.content.decode()
    assert "不在您的管辖范围内" in response.content.decode()
    assert not OrgUnit.objects.filter(code="370103001009").exists()


def test_broken_file_and_missing_columns(tree, accounts):
    client = client_for(accounts["county_admin"])
    broken = post(client, SimpleUploadedFile("units.xlsx", b"PK\x03\x04 this is not really a zip"))
    assert "无法读取该文件" in broken.content.decode()
    missing = post(client, sheet([["370102009", "x"]], header=["单位代码", "单位名称"]))
    assert "缺少必填列「层级」" in missing.content.decode()
    empty = post(client, sheet([]))
    assert "没有数据行" in empty.content.decode()


def test_clerk_cannot_import(accounts):
    assert client_for(accounts["county_clerk"]).get("/org/import/").status_code == 403
