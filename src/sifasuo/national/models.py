"""The national roll-up (D63): what a province installation sends, and what a national installation keeps.

Province side: `RollupSubmission`, one per month sent to the national installation, with its retry state.
National side: `ProvinceKey` (who may send, by a per-province key kept only as a hash), `NationalUnit` (code
and name of the province, its cities and counties), `NationalFigure` (the aggregate figures of those units
per month: the indicator base figures), `NationalReport` (the approved monthly reports' values) and
`NationalReceipt` (what was accepted per province and month, with the digest that makes a resend a no-op).
Nothing here names a person: units, months, data elements and numbers only.

These rows are aggregates received or sent, not business records edited by users: like
reporting.AggregateValue they are not change-logged; the receipts and submissions are their own audit trail.
"""

from __future__ import annotations

from django.db import models

from sifasuo.orgunits.choices import Level


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    ACKNOWLEDGED = "acknowledged", "已确认"
    REFUSED = "refused", "被拒收"


class RollupSubmission(models.Model):
    """Province side: one month to send to the national installation, retried until acknowledged."""

    period = models.DateField("月份（当月 1 日）", unique=True)
    status = models.CharField("状态", max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.PENDING)
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    last_error = models.TextField("最近一次失败原因", blank=True)
    answer = models.JSONField("全国平台答复", null=True, blank=True)
    queued_at = models.DateTimeField("排队时间", auto_now_add=True)
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "全国汇总报送"
        verbose_name_plural = "全国汇总报送"
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.get_status_display()}"


class ProvinceKey(models.Model):
    """National side: a province allowed to send, with the SHA-256 of its key (the key itself is not kept)."""

    code = models.CharField("省级单位代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=100)
    key_hash = models.CharField("密钥摘要", max_length=64, unique=True)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "省级报送密钥"
        verbose_name_plural = "省级报送密钥"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class NationalUnit(models.Model):
    code = models.CharField("单位代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    province_code = models.CharField("所属省", max_length=6)
    parent_code = models.CharField("上级单位代码", max_length=6, blank=True)

    class Meta:
        verbose_name = "全国汇总单位"
        verbose_name_plural = "全国汇总单位"
        ordering = ["code"]
        indexes = [models.Index(fields=["province_code", "level"], name="national_unit_prov_level")]

    def __str__(self) -> str:
        return self.name


class NationalFigure(models.Model):
    province_code = models.CharField("所属省", max_length=6)
    unit_code = models.CharField("单位代码", max_length=6)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    period = models.DateField("月份（当月 1 日）")
    element = models.CharField("数据项", max_length=40)
    value = models.FloatField("数值")

    class Meta:
        verbose_name = "全国汇总数值"
        verbose_name_plural = "全国汇总数值"
        constraints = [models.UniqueConstraint(fields=["unit_code", "period", "element"],
                                               name="national_figure_unit_period_element")]
        indexes = [
            models.Index(fields=["level", "period"], name="national_fig_level_period"),
            models.Index(fields=["province_code", "level", "period"], name="national_fig_prov_level"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.period:%Y-%m} {self.element}={self.value:g}"


class NationalReport(models.Model):
    province_code = models.CharField("所属省", max_length=6)
    unit_code = models.CharField("单位代码", max_length=6)
    template = models.CharField("报表代码", max_length=40)
    period = models.DateField("月份（当月 1 日）")
    values = models.JSONField("填报数值", default=dict)

    class Meta:
        verbose_name = "全国汇总报表"
        verbose_name_plural = "全国汇总报表"
        constraints = [models.UniqueConstraint(fields=["unit_code", "template", "period"],
                                               name="national_report_unit_template_period")]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.period:%Y-%m} {self.template}"


class NationalReceipt(models.Model):
    province_code = models.CharField("所属省", max_length=6)
    period = models.DateField("月份（当月 1 日）")
    digest = models.CharField("内容摘要", max_length=64)
    figures = models.PositiveIntegerField("数值条数")
    reports = models.PositiveIntegerField("报表份数")
    received_at = models.DateTimeField("接收时间")
    times_received = models.PositiveIntegerField("接收次数", default=1)

    class Meta:
        verbose_name = "全国汇总接收记录"
        verbose_name_plural = "全国汇总接收记录"
        constraints = [models.UniqueConstraint(fields=["province_code", "period"],
                                               name="national_receipt_province_period")]

    def __str__(self) -> str:
        return f"{self.province_code} {self.period:%Y-%m}"
