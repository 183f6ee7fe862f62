"""Long work of reporting, run as jobs (core/jobs.py): a city's or the province's statistical table as Excel or
PDF, the compilation of a period's reports for a city or the province, and the refresh of the aggregate
table for a year."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sifasuo.core import jobs
from sifasuo.core.scoping import in_scope
from sifasuo.orgunits.models import OrgUnit

from . import aggregates, periods, services, tables
from .models import ReportTemplate


@jobs.job("生成统计汇总表", atomic=False)
def stat_table(job, progress) -> str:
    """The statistical table the page was asked for (?unit=&template=&period=&export=xlsx|pdf)."""
    from sifasuo.core.views import view_for_job

    from .views import _requested_table

    view = view_for_job(job, "GET")
    progress.start(total=None, phase="汇总下级单位数据")
    table, template, start, unit = _requested_table(view.request)
    fmt = view.request.GET.get("export")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    progress.update(phase="写入 Excel" if fmt == "xlsx" else "生成 PDF")
    if fmt == "pdf":
        progress.save_result(f"{table.title}.pdf", tables.pdf(table))
    else:
        progress.save_result(f"{table.title}-{stamp}.xlsx", tables.xlsx(table))
    return f"已生成{table.title}（{len(table.rows)} 个单位）"


def _target(job) -> tuple[ReportTemplate, datetime.date, OrgUnit]:
    template = ReportTemplate.objects.filter(code=job.params.get("template")).first()
    unit = OrgUnit.objects.filter(code=job.params.get("unit")).first()
    if template is None or unit is None or not in_scope(job.user, unit.path):
        raise jobs.JobFailed("报表或单位不存在，或不在您的管辖范围内，任务未执行。")
    if not job.user.can("reporting.approve"):
        raise jobs.JobFailed("您的角色不能汇总报表，任务未执行。")
    return template, datetime.date.fromisoformat(job.params["start"]), unit


@jobs.job("汇总生成本期报表")
def compile_period(job, progress) -> str:
    """Refresh the aggregate table for the period's months under the unit (month by month), then compile the
    reports of every expected unit below it (created where missing; typed-in values kept)."""
    template, start, unit = _target(job)
    start, end = periods.period_start(template.period_type, start), None
    end = periods.period_end(template.period_type, start)
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = periods.add_months(month, 1)
    progress.start(total=len(months), phase="汇总数据项（按月）")
    for month in months:
        aggregates.refresh(unit.path, month, month)
        progress.advance()
    progress.start(total=None, phase="生成报表")
    written = services.compile_reports(template=template, start=start, path=unit.path, refresh=False)
    label = periods.label(template.period_type, start)
    return f"已汇总{unit.name}{label}《{template.name}》：生成或更新 {written} 份报表"


@jobs.job("重新汇总数据项")
def refresh_year(job, progress) -> str:
    """The aggregate table of every office under the unit, month by month for the year (up to this month)."""
    template, _start, unit = _target(job)
    year = int(job.params["year"])
    today = timezone.localdate()
    last = 12 if year < today.year else today.month
    progress.start(total=last, phase=f"{year}年逐月汇总")
    written = 0
    for month in range(1, last + 1):
        written += aggregates.refresh_year(unit.path, year, month)
        progress.advance()
    return f"已重新汇总{unit.name}{year}年 1–{last} 月：写入司法所数值 {written} 条"
