"""Office assessment and performance funds (HZ-7: business work assessed monthly, year-end performance funds
by composite score; HZ-9: annual assessment by the county bureau). Indicators and targets themselves are not
stored: they are computed (catalog.py) and read from the policy files (targets.py)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sifasuo.core.models import ChangeLoggedModel

from .choices import FundFormula, Method, NoDataRule


class ScoringScheme(ChangeLoggedModel):
    """A county's scoring scheme for a year: items with weights (summing to 100), the fund and its formula."""

    scope_path = "unit__path"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="县级司法局", on_delete=models.PROTECT,
                             related_name="scoring_schemes")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("方案名称", max_length=100)
    fund_total = models.DecimalField("绩效经费总额（元）", max_digits=12, decimal_places=2, default=0)
    formula = models.CharField("分配办法", max_length=20, choices=FundFormula.choices,
                               default=FundFormula.PROPORTIONAL)
    pass_score = models.DecimalField("合格分", max_digits=5, decimal_places=2, default=60)
    base_share = models.DecimalField("基础部分占比", max_digits=4, decimal_places=2, default=0.3)
    no_data_rule = models.CharField("无数据月份计分办法", max_length=20, choices=NoDataRule.choices,
                                    default=NoDataRule.ZERO)
    bonus_cap = models.DecimalField("迎检加分每月上限", max_digits=4, decimal_places=1, default=5,
                                    help_text="HZ-7：迎检业绩明显的适当加分，计入当月得分")
    computed_at = models.DateTimeField("最近计算时间", null=True, blank=True)
    computed_through = models.DateField("已计算至月份", null=True, blank=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="indicators_scheme_unit_year")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:scheme_detail", args=[self.pk])


class ScoringItem(ChangeLoggedModel):
    scope_path = "scheme__unit__path"

    scheme = models.ForeignKey(ScoringScheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="items")
    order = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("考核项目", max_length=100)
    weight = models.DecimalField("分值", max_digits=5, decimal_places=2)
    method = models.CharField("计分方式", max_length=20, choices=Method.choices)
    indicator = models.CharField("指标", max_length=40, blank=True)
    zero_line = models.DecimalField("零分线", max_digits=8, decimal_places=2, null=True, blank=True,
                                    help_text="指标达到零分线即不得分，在零分线与目标之间按比例计分（D38）")
    department = models.CharField("录入科室", max_length=50, blank=True)

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核项目"
        ordering = ["scheme_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight:g} 分）"

    @property
    def indicator_name(self) -> str:
        from .catalog import BY_CODE

        indicator = BY_CODE.get(self.indicator)
        return indicator.name if indicator else self.indicator

    def change_log_unit(self):
        return self.scheme.unit

    def get_absolute_url(self) -> str:
        return self.scheme.get_absolute_url()


class ManualScore(ChangeLoggedModel):
    """A department's mark for an office on a manual item in a month, as a percentage of the item's points."""

    scope_path = "unit__path"

    item = models.ForeignKey(ScoringItem, verbose_name="考核项目", on_delete=models.CASCADE,
                             related_name="manual_scores")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="manual_scores")
    month = models.DateField("月份")
    percent = models.DecimalField("得分率（%）", max_digits=5, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "科室评分"
        verbose_name_plural = "科室评分"
        ordering = ["item_id", "unit__path", "month"]
        constraints = [models.UniqueConstraint(fields=["item", "unit", "month"],
                                               name="indicators_manual_item_unit_month")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.month:%Y-%m} {self.item.name} {self.percent:g}%"

    def get_absolute_url(self) -> str:
        return self.item.scheme.get_absolute_url()


class OfficeScore(ChangeLoggedModel):
    """An office's computed result under a scheme: monthly totals, the composite, the rank and the fund."""

    scope_path = "unit__path"

    scheme = models.ForeignKey(ScoringScheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="scores")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="office_scores")
    monthly = models.JSONField("月度得分", default=dict)
    composite = models.DecimalField("年度综合得分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("排名")
    fund = models.DecimalField("绩效经费（元）", max_digits=12, decimal_places=2)
    explanation = models.TextField("得分与经费说明", blank=True)

    class Meta:
        verbose_name = "司法所考核结果"
        verbose_name_plural = "司法所考核结果"
        ordering = ["scheme_id", "rank", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="indicators_score_scheme_unit")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.composite} 分"

    def get_absolute_url(self) -> str:
        return self.scheme.get_absolute_url()
