"""Audit logs are kept at least 180 days: the purge refuses a shorter window and deletes only older rows;
the change log exports to Excel for an auditor, within scope, with what each change changed."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from axes.models import AccessLog
from django.core.management import CommandError, call_command
from django.utils import timezone

from sifasuo.core.models import ChangeLogEntry, SensitiveAccess
from sifasuo.core.sensitive import reveal
from tests.conftest import client_for
from tests.factories import FOREIGN_MARKER, staff_member

pytestmark = pytest.mark.django_db


def _age(model, field, pks, days):
    model.objects.filter(pk__in=pks).update(**{field: timezone.now() - datetime.timedelta(days=days)})


def test_purge_refuses_less_than_180_days_and_keeps_younger_rows(tree, accounts, capsys):
    member = staff_member(tree["office"], full_name="李四")
    reveal(member, "id_number", accounts["county_admin"])
    reveal(member, "id_number", accounts["county_admin"])
    entries = list(ChangeLogEntry.objects.values_list("pk", flat=True))
    reads = list(SensitiveAccess.objects.values_list("pk", flat=True))
    login = AccessLog.objects.create(username="x_clerk", ip_address="10.1.2.3", user_agent="", http_accept="",
                                     path_info="/accounts/login/")
    _age(ChangeLogEntry, "time", entries[:1], 181)
    _age(ChangeLogEntry, "time", entries[1:], 179)
    _age(SensitiveAccess, "time", reads[:1], 200)
    _age(AccessLog, "attempt_time", [login.pk], 400)
    before = (ChangeLogEntry.objects.count(), SensitiveAccess.objects.count(), AccessLog.objects.count())

    with pytest.raises(CommandError, match="审计日志至少保留 180 天，不能清理 179 天以内的记录"):
        call_command("purge_audit_logs", days=179)
    assert (ChangeLogEntry.objects.count(), SensitiveAccess.objects.count(), AccessLog.objects.count()) == before

    call_command("purge_audit_logs", dry_run=True)
    assert "变更日志：将删除 1 条（180 天以前）" in capsys.readouterr().out
    assert ChangeLogEntry.objects.count() == before[0]

    call_command("purge_audit_logs")   # the configured window, 180 days
    assert "敏感信息查看记录：已删除 1 条" in capsys.readouterr().out
    assert not ChangeLogEntry.objects.filter(pk=entries[0]).exists()
    assert ChangeLogEntry.objects.filter(pk__in=entries[1:]).count() == len(entries) - 1
    assert list(SensitiveAccess.objects.values_list("pk", flat=True)) == reads[1:]
    assert not AccessLog.objects.exists()


def test_change_log_exports_for_an_auditor_within_scope(tree, accounts):
    staff_member(tree["office"], full_name="李四")
    staff_member(tree["other_office"], full_name=f"{FOREIGN_MARKER}张三")
    response = client_for(accounts["county_admin"]).get("/changelog/", {"export": "xlsx"})
    assert "spreadsheetml" in response["Content-Type"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][-3:] == ("来源地址", "来源", "变更内容")     # row 1 is the title row
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in rows)
    # worded as the change-log page words it: field labels, choice labels, units by name, never raw names
    assert "李四" in text and "姓名：— → 李四" in text
    assert "所在单位：— → 解放路街道司法所" in text and "性别：— → 女" in text
    assert "full_name" not in text and "None" not in text and "'unit'" not in text
    assert rows[2][-2] in ("系统", "网页", "命令行", "接口")            # where it came from, in Chinese
    assert FOREIGN_MARKER not in text
