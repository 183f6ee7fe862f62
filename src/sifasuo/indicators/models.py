"""Office assessment and performance funds (HZ-7: business work assessed monthly, year-end performance funds
by composite score; HZ-9: annual assessment by the county bureau). Indicators and targets themselves are not
stored: they are computed (catalog.py) and read from the policy files (targets.py)."""

from __future__ import annotations

from django.db import models

from sifasuo.core.models import ChangeLoggedModel, detail_page, page_of

from .choices import AssessmentStatus, CriterionSource, FundFormula, Method, NoDataRule


class ScoringScheme(ChangeLoggedModel):
    """A county's scoring scheme for a year: items with weights (summing to 100), the fund and its formula."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("indicators:scheme_detail")

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


class ScoringItem(ChangeLoggedModel):
    scope_path = "scheme__unit__path"
    get_absolute_url = page_of("scheme")

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


class ManualScore(ChangeLoggedModel):
    """A department's mark for an office on a manual item in a month, as a percentage of the item's points."""

    scope_path = "unit__path"
    get_absolute_url = page_of("item.scheme")

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


class OfficeScore(ChangeLoggedModel):
    """An office's computed result under a scheme: monthly totals, the composite, the rank and the fund."""

    scope_path = "unit__path"
    get_absolute_url = page_of("scheme")

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


class AnnualAssessment(ChangeLoggedModel):
    """The county bureau's year-end on-site assessment of its offices (HZ-9; WH-13): a score per criterion
    and office, a total, a rank, and the commendation list drawn from it."""

    scope_path = "unit__path"
    get_absolute_url = detail_page("indicators:annual_detail")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="县级司法局", on_delete=models.PROTECT,
                             related_name="annual_assessments")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("考核名称", max_length=100)
    scheme = models.ForeignKey(ScoringScheme, verbose_name="月度考核方案（年度目标完成情况）", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="annual_assessments")
    commend_count = models.PositiveSmallIntegerField("表彰名额", default=3)
    commend_min_score = models.DecimalField("表彰最低得分", max_digits=6, decimal_places=2, default=85)
    status = models.CharField("状态", max_length=20, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    finalized_at = models.DateTimeField("定稿时间", null=True, blank=True)
    reopen_reason = models.CharField("撤回定稿理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "司法所年度考核"
        verbose_name_plural = "司法所年度考核"
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="indicators_annual_unit_year")]

    def __str__(self) -> str:
        return self.name


class AssessmentCriterion(ChangeLoggedModel):
    """One item of the annual assessment (年度目标完成情况、主要负责人工作情况、落实“规定”情况、党风廉政建设 …)."""

    scope_path = "assessment__unit__path"
    get_absolute_url = page_of("assessment")

    assessment = models.ForeignKey(AnnualAssessment, verbose_name="年度考核", on_delete=models.CASCADE,
                                   related_name="criteria")
    order = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("考核内容", max_length=100)
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    source = models.CharField("评分来源", max_length=20, choices=CriterionSource.choices,
                              default=CriterionSource.ONSITE)
    basis = models.CharField("依据", max_length=100, blank=True)

    class Meta:
        verbose_name = "年度考核内容"
        verbose_name_plural = "年度考核内容"
        ordering = ["assessment_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points:g} 分）"


class AssessmentMark(ChangeLoggedModel):
    """The assessment group's points for one office on one criterion (实地考核)."""

    scope_path = "unit__path"
    get_absolute_url = page_of("criterion.assessment")

    criterion = models.ForeignKey(AssessmentCriterion, verbose_name="考核内容", on_delete=models.CASCADE,
                                  related_name="marks")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="annual_marks")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    note = models.CharField("扣分或加分说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "年度考核评分"
        verbose_name_plural = "年度考核评分"
        ordering = ["criterion_id", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["criterion", "unit"], name="indicators_annual_mark")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.criterion.name} {self.points:g} 分"


class AssessmentResult(ChangeLoggedModel):
    """An office's total, rank and whether it is on the commendation list (HZ-9: 作为当年表彰奖励的基本依据)."""

    scope_path = "unit__path"
    get_absolute_url = page_of("assessment")

    assessment = models.ForeignKey(AnnualAssessment, verbose_name="年度考核", on_delete=models.CASCADE,
                                   related_name="results")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="司法所", on_delete=models.PROTECT,
                             related_name="annual_results")
    total = models.DecimalField("总分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    commended = models.BooleanField("拟表彰", default=False)
    detail = models.JSONField("各项得分", default=dict)

    class Meta:
        verbose_name = "年度考核结果"
        verbose_name_plural = "年度考核结果"
        ordering = ["assessment_id", "rank", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="indicators_annual_result")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.total} 分 第{self.rank}名"
