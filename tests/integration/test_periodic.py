"""`sifasuo periodic`: the nightly jobs (aggregates, the report lock after the deadline, the full alert refresh,
the digest, the clean-up), each recorded, one failing not stopping the others."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sifasuo.alerts.models import AlertItem, Status
from sifasuo.core.models import Job
from sifasuo.reporting.models import Report, ReportTemplate
from sifasuo.reporting.services import deadline_for, ensure_templates
from sifasuo.staff.models import Contract
from tests.factories import staff_member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def periodic(*args) -> str:
    out = io.StringIO()
    call_command("periodic", *args, stdout=out)
    return out.getvalue()


def test_list_and_unknown_names():
    listed = periodic("--list")
    assert [line.split()[0] for line in listed.splitlines()] == ["partitions", "aggregates", "report_lock", "alerts",
                                                                "digest", "national", "prune"]
    with pytest.raises(CommandError, match="没有这些定时任务：nightly"):
        periodic("--only", "nightly")
    # the --date option is read as alerts_digest reads it (core.management.options)
    with pytest.raises(CommandError, match="日期“2025-02-30”无效，应为 2025-03-01 这样的格式"):
        periodic("--only", "prune", "--date", "2025-02-30")


def test_the_nightly_alert_refresh_finds_what_dates_bring_and_is_recorded(tree):
    tree["county"].managed_from = TODAY - 365 * DAY
    tree["county"].save()
    member = staff_member(tree["office"], full_name="秦到期")
    Contract.objects.create(staff=member, start=TODAY - 1000 * DAY, end=TODAY + 70 * DAY)
    # 70 days away: not yet within the 60-day window.
    periodic("--only", "alerts")
    assert not AlertItem.objects.filter(rule="staff.contract_ending").exists()
    # Ten days later the nightly run finds it, without any write having happened.
    out = periodic("--only", "alerts", "--date", (TODAY + 10 * DAY).isoformat())
    assert "✓ 提醒事项全量刷新（alerts" in out and "新增" in out
    assert AlertItem.objects.get(rule="staff.contract_ending").status == Status.OPEN
    runs = Job.objects.filter(kind="periodic:alerts").order_by("created_at")
    assert runs.count() == 2 and all(r.status == Job.Status.DONE for r in runs)


def test_reports_are_locked_once_after_their_deadline(tree):
    ensure_templates()
    template = ReportTemplate.objects.get(code="office_monthly")
    start = (TODAY.replace(day=1) - DAY).replace(day=1)       # last month
    after = deadline_for(template, start) + DAY
    out = periodic("--only", "report_lock", "--date", after.isoformat())
    offices = Report.objects.filter(template=template, period_start=start, unit__level=4)
    assert offices.count() == 3                     # every office of the tree had its report created
    assert "司法所工作月报表" in out
    again = periodic("--only", "report_lock", "--date", after.isoformat())
    assert "司法所工作月报表" not in again and offices.count() == 3


def test_prune_removes_old_jobs_and_their_files(tree, accounts):
    old = Job.objects.create(kind="x", title="旧导出", user=accounts["county_clerk"], status=Job.Status.DONE,
                             finished_at=timezone.now() - 8 * DAY)
    old.result_file.save("old.xlsx", ContentFile(b"x"), save=True)
    path = old.result_file.path
    recent = Job.objects.create(kind="x", title="新导出", user=accounts["county_clerk"], status=Job.Status.DONE,
                                finished_at=timezone.now() - DAY)
    out = periodic("--only", "prune")
    assert "删除 1 个" in out
    assert not Job.objects.filter(pk=old.pk).exists() and Job.objects.filter(pk=recent.pk).exists()
    import os

    assert not os.path.exists(path)


def test_a_failing_job_does_not_stop_the_others(tree, accounts, settings):
    # The mail server is unreachable: the digest fails; the refresh before it has run all the same.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_SSL, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, False, 2
    tree["county"].managed_from = TODAY - 365 * DAY
    tree["county"].save()
    clerk = accounts["county_clerk"]
    clerk.email = "clerk@example.cn"
    clerk.save()
    member = staff_member(tree["office"], full_name="秦到期")
    Contract.objects.create(staff=member, start=TODAY - 1000 * DAY, end=TODAY + 3 * DAY)
    with pytest.raises(CommandError, match="以下定时任务出错：每日待办邮件"):
        periodic("--only", "alerts,digest,prune")
    assert Job.objects.get(kind="periodic:alerts").status == Job.Status.DONE
    assert AlertItem.objects.filter(rule="staff.contract_ending").exists()
    failed = Job.objects.get(kind="periodic:digest")
    assert failed.status == Job.Status.FAILED and failed.message.startswith("出错（ConnectionRefusedError")
    assert Job.objects.get(kind="periodic:prune").status == Job.Status.DONE


def test_partitions_and_the_national_roll_up_run_with_the_others(tree, settings):
    """D64 and D63 asked for the task scheduler: the coming years' partitions (PostgreSQL) and the national
    roll-up's sending are periodic jobs; an installation without a national platform skips the sending."""
    from django.db import connection

    from sifasuo.core import partitions

    settings.SIFASUO_NATIONAL_URL = settings.SIFASUO_NATIONAL_KEY = ""
    out = periodic("--only", "partitions,national")
    assert "✓ 报送全国汇总（national" in out and "未配置全国汇总平台" in out
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE alerts_alertitem_y{TODAY.year + partitions.AHEAD}")
        out = periodic("--only", "partitions")
        assert f"新建分区：alerts_alertitem_y{TODAY.year + partitions.AHEAD}" in out
    else:
        assert "✓ 建立下一年度的分区（partitions" in out and "SQLite 数据库：不分区" in out
    assert set(Job.objects.filter(kind__startswith="periodic:").values_list("status", flat=True)) == {Job.Status.DONE}
