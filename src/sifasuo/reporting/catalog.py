"""The report templates the platform starts with (written to ReportTemplate by `ensure_templates()`; a
province may change deadlines and rules afterwards through the API, which validates them)."""

from __future__ import annotations

from sifasuo.orgunits.choices import Level

from .choices import FieldSource, PeriodType, Severity

C, M = FieldSource.COMPILED, FieldSource.MANUAL


def _f(code: str, label: str, source: str = C, element: str | None = None) -> dict:
    return {"code": code, "label": label, "source": source, "element": element or code}


MONTHLY_FIELDS = [
    _f("mediation_accepted", "调解案件受理数（件）"),
    _f("mediation_closed", "调解案件结案数（件）"),
    _f("mediation_succeeded", "调解成功数（件）"),
    _f("difficult_succeeded", "其中：疑难复杂纠纷调解成功（件）", M),
    _f("risk_prevented", "防止民转刑案件（件）", M),
    _f("typical_cases", "报送典型案例（件）"),
    _f("info_items", "报送工作信息（条）"),
    _f("news_items", "报送一句话新闻（条）"),
    _f("petitions", "来信来访（件）"),
    _f("publicity_events", "法治宣传活动（场）"),
    _f("publicity_audience", "法治宣传受众（人次）"),
    _f("legal_aid", "法律援助申请（件）"),
    _f("correction_supervised", "在册社区矫正对象（人）"),
    _f("correction_out_of_contact", "脱管（人）"),
    _f("correction_missed", "漏管（人）"),
    _f("released_to_verify", "应核查刑满释放人员（人）"),
    _f("released_verified", "已核查刑满释放人员（人）"),
    _f("key_released", "重点帮教对象释放（人）"),
    _f("key_handed_over", "重点帮教对象已衔接（人）"),
    _f("training_days", "工作人员培训（天）"),
    _f("staff_serving", "在岗工作人员（人）"),
]

MEDIATION_RULES = [
    {"left": "mediation_closed", "op": "<=", "right": "mediation_accepted", "severity": Severity.WARNING,
     "message": "结案数多于本期受理数（含以前受理的案件时属正常，请核对）"},
    {"left": "mediation_succeeded", "op": "<=", "right": "mediation_closed", "severity": Severity.BLOCKING,
     "message": "调解成功数不能大于结案数"},
]

TEMPLATES = [
    {"code": "office_monthly", "name": "司法所工作月报表", "period_type": PeriodType.MONTH,
     "unit_level": Level.OFFICE, "deadline_day": 3, "move_to_working_day": False, "basis": "HZ-3、HZ-6",
     "order": 1, "fields": MONTHLY_FIELDS,
     "rules": MEDIATION_RULES + [
         {"left": "difficult_succeeded", "op": "<=", "right": "mediation_succeeded",
          "severity": Severity.BLOCKING, "message": "疑难复杂纠纷调解成功数不能大于调解成功总数"},
         {"left": "correction_out_of_contact", "op": "<=", "right": "correction_supervised",
          "severity": Severity.BLOCKING, "message": "脱管人数不能大于在册社区矫正对象人数"},
     ]},
    {"code": "mediation_quarterly", "name": "人民调解工作统计表", "period_type": PeriodType.QUARTER,
     "unit_level": Level.OFFICE, "deadline_day": 5, "move_to_working_day": True, "basis": "WH-8", "order": 2,
     "fields": [_f("mediation_accepted", "受理（件）"), _f("mediation_closed", "调结（件）"),
                _f("mediation_succeeded", "调解成功（件）"), _f("typical_cases", "典型案例（件）")],
     "rules": MEDIATION_RULES},
    {"code": "resettlement_half_year", "name": "安置帮教工作半年报表", "period_type": PeriodType.HALF_YEAR,
     "unit_level": Level.OFFICE, "deadline_day": 10, "move_to_working_day": True, "basis": "WH-8", "order": 3,
     "fields": [_f("released_to_verify", "应核查（人）"), _f("released_verified", "已核查（人）"),
                _f("key_released", "重点对象释放（人）"), _f("key_handed_over", "重点对象已衔接（人）")],
     "rules": [{"left": "released_verified", "op": "<=", "right": "released_to_verify",
                "severity": Severity.BLOCKING, "message": "已核查人数不能大于应核查人数"},
               {"left": "key_handed_over", "op": "<=", "right": "key_released",
                "severity": Severity.BLOCKING, "message": "已衔接人数不能大于重点对象释放人数"}]},
    {"code": "resettlement_annual", "name": "安置帮教工作年报表", "period_type": PeriodType.YEAR,
     "unit_level": Level.OFFICE, "deadline_day": 15, "move_to_working_day": True, "basis": "WH-8", "order": 4,
     "fields": [_f("released_to_verify", "应核查（人）"), _f("released_verified", "已核查（人）"),
                _f("key_released", "重点对象释放（人）"), _f("key_handed_over", "重点对象已衔接（人）")],
     "rules": [{"left": "released_verified", "op": "<=", "right": "released_to_verify",
                "severity": Severity.BLOCKING, "message": "已核查人数不能大于应核查人数"}]},
    {"code": "staffing_annual", "name": "司法所人员配备情况表", "period_type": PeriodType.YEAR,
     "unit_level": Level.OFFICE, "deadline_day": 15, "move_to_working_day": True, "basis": "DQ-6、YQ-2",
     "order": 5, "fields": [_f("staff_serving", "在岗工作人员（人）"), _f("training_days", "培训（天）")],
     "rules": []},
]
