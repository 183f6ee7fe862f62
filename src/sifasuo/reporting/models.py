"""Statistical reporting up the tree (DHIS2-like): figures compiled per office and month, report templates
assigned to a level with a calendar deadline, reports submitted bottom-up and approved level by level.

`AggregateValue` holds the live figures derived from the registers (and from typed-in report fields),
kept current by reporting.live; `OfficialValue` the figures of approved reports (D53, D54). Neither is
change-logged nor edited by hand. Reports and their events are business records and are change-logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from sifasuo.core.models import ChangeLoggedModel, detail_page, page_of
from sifasuo.orgunits.choices import Level

from .choices import EventKind, PeriodType, ReportStatus


# A unit's rows are read by path prefix (`unit_path__under`, LIKE 'prefix%' on PostgreSQL): its index needs the
# pattern operator class there, as the database's collation is not plain "C" (a dashboard's read of a county
# scanned all 900,000 rows: 45 ms). SQLite ignores operator classes and reads the prefix as a range.
PATH_INDEX_OPCLASSES = ["int2_ops", "varchar_pattern_ops", "date_ops"]


class MonthlyValue(models.Model):
    """One figure (data element) of one unit for one month. Rows at the office level are the office's own;
    rows of the county, city and province are sums of their offices' rows (rollups), so that a dashboard reads
    a few rows per chart instead of every office's."""

    scope_path = "unit_path"
    derived = True   # figures computed from the registers: no alert rule watches them (alerts.signals)

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField("单位路径", max_length=120)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    period = models.DateField("月份（当月 1 日）")
    element = models.CharField("数据项", max_length=40)
    value = models.FloatField("数值")
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["unit_path", "period", "element"]

    def __str__(self) -> str:
        return f"{self.unit_path} {self.period:%Y-%m} {self.element}={self.value:g}"


class AggregateValue(MonthlyValue):
    """LIVE figures (D53): compiled from the registers as they are now. Every logged change to a register marks
    the office-months it affects (`StaleMonth`) in the writer's transaction; after the commit those office-months
    and their rollups are recomputed (reporting.live). A cache of the registers, therefore neither change-logged
    nor edited by hand; `sifasuo check_aggregates` compares it with the registers."""

    class Meta(MonthlyValue.Meta):
        verbose_name = "汇总数值（实时）"
        verbose_name_plural = "汇总数值（实时）"
        constraints = [models.UniqueConstraint(fields=["unit", "period", "element"],
                                               name="reporting_aggregate_unit_period_element")]
        indexes = [
            models.Index(fields=["level", "unit_path", "period"], name="reporting_agg_level_path", opclasses=PATH_INDEX_OPCLASSES),
            models.Index(fields=["unit", "period"], name="reporting_agg_unit_period"),
        ]


class OfficialValue(MonthlyValue):
    """OFFICIAL figures (D54): the values of the approved office monthly reports, written when a report is
    approved and replaced only when it is approved again (after a return with its reason), rolled up like the
    live figures. `computed_at` is the approval time."""

    class Meta(MonthlyValue.Meta):
        verbose_name = "汇总数值（正式）"
        verbose_name_plural = "汇总数值（正式）"
        constraints = [models.UniqueConstraint(fields=["unit", "period", "element"],
                                               name="reporting_official_unit_period_element")]
        indexes = [
            models.Index(fields=["level", "unit_path", "period"], name="reporting_off_level_path", opclasses=PATH_INDEX_OPCLASSES),
            models.Index(fields=["unit", "period"], name="reporting_off_unit_period"),
        ]


class StaleMonth(models.Model):
    """A month of a unit whose live figures no longer match the registers (D55): written in the transaction of
    the change that caused it, deleted by the recompute that brings the figures up to date. `unit_path` is an
    office's path, or a higher unit's when everything below it is stale (a unit moved, a bulk load); `source`
    the register (model label) whose elements are stale, "*" for all of them; `onward`: this month and every
    later one the table holds (a stock's change; resolved when recomputing, so a write reads nothing to mark).
    Only months of the live window are marked (reporting.live.window)."""

    scope_path = "unit_path"
    derived = True   # bookkeeping of the live figures: no alert rule watches it (alerts.signals)

    unit_path = models.CharField("单位路径", max_length=120)
    period = models.DateField("月份（当月 1 日）")
    onward = models.BooleanField("及以后各月", default=False)
    source = models.CharField("登记簿", max_length=60)
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        verbose_name = "待更新的汇总月份"
        verbose_name_plural = "待更新的汇总月份"
        ordering = ["unit_path", "period", "source"]
        constraints = [models.UniqueConstraint(fields=["unit_path", "period", "source", "onward"],
                                               name="reporting_stale_path_period_source")]

    def __str__(self) -> str:
        return f"{self.unit_path} {self.period:%Y-%m} {self.source}"


class ReportTemplate(ChangeLoggedModel):
    """A report form (报表): its period type, the level that fills it in, its deadline rule, its fields
    (compiled from data elements or typed in) and validation rules. The same for every unit: not scoped;
    edited by the province (pages and API), every change logged under the province's unit."""

    code = models.SlugField("报表代码", max_length=40, unique=True)
    name = models.CharField("报表名称", max_length=100)
    period_type = models.CharField("报送周期", max_length=20, choices=PeriodType.choices)
    unit_level = models.PositiveSmallIntegerField("填报层级", choices=Level.choices, default=Level.OFFICE)
    deadline_day = models.PositiveSmallIntegerField("报送截止日（次月几日）", default=3)
    move_to_working_day = models.BooleanField("截止日遇节假日顺延至下一工作日", default=False)
    fields = models.JSONField("报表栏目", default=list)
    rules = models.JSONField("审核规则", default=list)
    basis = models.CharField("依据", max_length=100, blank=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "报表模板"
        verbose_name_plural = "报表模板"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('reporting:template_edit')}?template={self.code}"

    def change_log_unit(self):
        """Templates are the province's: their history is read at the province (the tree's root)."""
        from sifasuo.orgunits.models import OrgUnit

        return OrgUnit.objects.filter(level=Level.PROVINCE).order_by("path").first()


class Report(ChangeLoggedModel):
    """One unit's report of one template for one period. At the template's level the values are compiled
    and typed in; above it (county, city, province) the report is the sum of the approved reports below."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("reporting:report_detail")

    template = models.ForeignKey(ReportTemplate, verbose_name="报表", on_delete=models.PROTECT,
                                 related_name="reports")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="填报单位", on_delete=models.PROTECT,
                             related_name="reports")
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")
    deadline = models.DateField("报送截止日期")
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    values = models.JSONField("填报数值", default=dict)
    warnings = models.JSONField("审核提示", default=list, blank=True)
    first_submitted_at = models.DateTimeField("首次上报时间", null=True, blank=True)
    submitted_at = models.DateTimeField("上报时间", null=True, blank=True)
    on_time = models.BooleanField("按时上报", null=True, blank=True)
    approved_at = models.DateTimeField("审核通过时间", null=True, blank=True)
    return_comment = models.CharField("退回意见", max_length=500, blank=True)
    returned_by_hub = models.BooleanField("由片区中心所退回", default=False)
    hub_reviewed_at = models.DateTimeField("片区中心所审阅时间", null=True, blank=True)
    hub_comment = models.CharField("片区中心所审阅意见", max_length=500, blank=True)
    unlocked_until = models.DateTimeField("解锁至", null=True, blank=True)

    class Meta:
        verbose_name = "统计报表"
        verbose_name_plural = "统计报表"
        ordering = ["-period_start", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["template", "unit", "period_start"],
                                               name="reporting_report_template_unit_period")]
        indexes = [models.Index(fields=["template", "period_start", "status"], name="reporting_rep_tpl_period")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.period_label} {self.template.name}"

    @classmethod
    def change_log_key_labels(cls, field_name: str) -> dict[str, str]:
        """A report's values read in the change log by the names of the data elements."""
        if field_name != "values":
            return {}
        from .elements import elements

        return {e.code: e.name for e in elements()}

    @property
    def period_label(self) -> str:
        from .periods import label

        return label(self.template.period_type, self.period_start)


class ReportEvent(ChangeLoggedModel):
    """The audit trail of a report: compiled, saved, submitted, approved, returned (with the comment),
    unlocked (the exception granted from above, with its reason)."""

    scope_path = "report__unit__path"
    get_absolute_url = page_of("report")

    report = models.ForeignKey(Report, verbose_name="报表", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("操作", max_length=20, choices=EventKind.choices)
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_unit = models.CharField("操作单位", max_length=100, blank=True)
    comment = models.CharField("意见或理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "报表操作记录"
        verbose_name_plural = "报表操作记录"
        ordering = ["report_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def change_log_unit(self):
        return self.report.unit
