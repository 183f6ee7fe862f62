"""Indicators: numerator / denominator × factor over data elements, computed, never typed (DHIS2). The
targets they are judged against are data, per jurisdiction (policies/indicators/*.yaml, see targets.py).

Elements are summed over the period's months, except those an indicator reads `last` (a state such as the
subjects out of supervision, or the staff serving, read at the period's last month). A denominator read
`sum` over a stock counts unit-months (offices × months), which gives "per office per month" figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    element: str
    mode: str = "sum"  # sum over months | last month


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...] = ()
    factor: float = 1.0
    unit: str = ""
    basis: str = ""
    annual_target: bool = False        # the target is per year: scaled to the period's months
    description: str = ""
    elements: tuple[str, ...] = field(default=(), compare=False)

    def compute(self, totals: dict[str, float], last: dict[str, float]) -> float | None:
        def value(terms):
            return sum((last if t.mode == "last" else totals).get(t.element, 0.0) for t in terms)

        num = value(self.numerator)
        if not self.denominator:
            return round(num * self.factor, 2)
        den = value(self.denominator)
        if not den:
            return None
        return round(num / den * self.factor, 2)

    def all_elements(self) -> list[str]:
        return [t.element for t in (*self.numerator, *self.denominator)]


def _t(*codes, mode="sum"):
    return tuple(Term(c, mode) for c in codes)


INDICATORS: list[Indicator] = [
    Indicator("mediation_success_rate", "人民调解成功率", _t("mediation_succeeded"), _t("mediation_closed"), 100,
              "%", "WH-8", description="调解成功数 ÷ 结案数 × 100%"),
    Indicator("out_of_contact", "社区矫正脱管人数", _t("correction_out_of_contact", mode="last"), (), 1, "人",
              "WH-8", description="期末脱管人数"),
    Indicator("missed", "社区矫正漏管人数", _t("correction_missed", mode="last"), (), 1, "人", "WH-8",
              description="期末漏管人数"),
    Indicator("key_handover_rate", "重点帮教对象衔接率", _t("key_handed_over"), _t("key_released"), 100, "%",
              "WH-8", description="已衔接的重点帮教对象 ÷ 释放的重点帮教对象 × 100%（必接必送）"),
    Indicator("verification_rate", "刑满释放人员信息核查率", _t("released_verified"), _t("released_to_verify"),
              100, "%", "WH-8", description="已核查 ÷ 应核查 × 100%"),
    Indicator("confirmation_rate", "刑满释放人员信息核实率", _t("released_confirmed"), _t("released_to_verify"),
              100, "%", "WH-8", description="已核实 ÷ 应核查 × 100%（按收到预释放通知的月份）"),
    Indicator("reoffence_rate", "重新犯罪率", _t("reoffended_recent", mode="last"), _t("released_recent", mode="last"),
              100, "%", "WH-8",
              description="近五年刑满释放人员中重新犯罪的人数 ÷ 近五年刑满释放人数 × 100%（期末，目标为全国平均水平）"),
    Indicator("typical_per_hub", "片区月均报送典型案例", _t("typical_cases_hub"), _t("hub_offices"), 1,
              "件/片区·月", "HZ-3", description="片区（中心所及成员所）典型案例数 ÷ 片区中心所·月数"),
    Indicator("typical_per_office", "每所月均典型案例", _t("typical_cases"), _t("offices"), 1, "件/所·月", "HZ-6",
              description="典型案例数 ÷ 司法所·月数"),
    Indicator("news_per_office", "每所月均一句话新闻", _t("news_items"), _t("offices"), 1, "条/所·月", "HZ-3",
              description="一句话新闻数 ÷ 司法所·月数"),
    Indicator("info_per_office", "每所月均工作信息", _t("info_items"), _t("offices"), 1, "条/所·月", "HZ-6",
              description="工作信息数 ÷ 司法所·月数"),
    Indicator("training_days_per_staff", "人均培训天数", _t("training_days"), _t("staff_serving", mode="last"), 1,
              "天/人", "WH-4", annual_target=True,
              description="培训天数 ÷ 期末在岗人数，所长在内（年度目标按月折算）"),
    Indicator("director_training_days", "所长人均市级培训天数", _t("director_training_days"),
              _t("directors_serving", mode="last"), 1, "天/人", "WH-4", annual_target=True,
              description="所长参加市级以上培训天数 ÷ 期末在岗所长数（年度目标按月折算）"),
    Indicator("director_rate", "专职副科级所长配备率", _t("offices_deputy_director", mode="last"),
              _t("offices", mode="last"), 100, "%", "WH-2",
              description="配备专职副科级所长的司法所 ÷ 期末司法所数 × 100%（县、市的比率，不是每个所的达标条件）"),
    Indicator("hub_staff_per_hub", "片区中心所承担片区工作人数", _t("hub_cluster_staff", mode="last"),
              _t("hub_offices", mode="last"), 1, "人/所", "HZ-1",
              description="承担片区工作的人员 ÷ 期末片区中心所数（每个中心所应配 2–4 人，见规范化建设页）"),
    Indicator("staff_per_office", "所均在岗工作人员", _t("staff_serving", mode="last"), _t("offices", mode="last"),
              1, "人/所", "DQ-6、YQ-2", description="期末在岗人数 ÷ 期末司法所数"),
    Indicator("workstation_coverage", "规范化工作室覆盖率", _t("workstations_compliant", mode="last"),
              _t("workstations", mode="last"), 100, "%", "SD-8",
              description="达到建设规范的工作室 ÷ 工作室总数 × 100%（与规范化建设页同一口径）"),
]

BY_CODE = {i.code: i for i in INDICATORS}

ELEMENTS = sorted({e for i in INDICATORS for e in i.all_elements()})


def compute_all(totals: dict[str, float], last: dict[str, float]) -> dict[str, float | None]:
    return {i.code: i.compute(totals, last) for i in INDICATORS}
