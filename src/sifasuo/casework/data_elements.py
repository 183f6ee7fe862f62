"""The data elements compiled from the casework registers (reporting.elements: one registry, D82)."""

from __future__ import annotations

from django.db.models import Q, Sum

from sifasuo.reporting.elements import Element, Flow

ELEMENTS = [
    Element("mediation_accepted", "调解案件受理数", "件", "flow",
            Flow("casework.MediationCase", "registered_on"), ("casework:cases_list", {}), basis="WH-8"),
    Element("mediation_closed", "调解案件结案数", "件", "flow",
            Flow("casework.MediationCase", "closed_on", filters=Q(closed_on__isnull=False)),
            ("casework:cases_list", {"status": "closed"}), ("closed_since", "closed_until"), basis="WH-8"),
    Element("mediation_succeeded", "调解成功数", "件", "flow",
            Flow("casework.MediationCase", "closed_on", filters=Q(outcome="success")),
            ("casework:cases_list", {"outcome": "success"}), ("closed_since", "closed_until"), basis="WH-8"),
    Element("typical_cases", "典型案例报送数", "件", "flow",
            Flow("casework.TypicalCase", "recorded_on"), ("casework:typical_list", {}), basis="HZ-3、HZ-6"),
    Element("info_items", "工作信息报送数", "条", "flow",
            Flow("casework.InfoItem", "reported_on", filters=Q(kind="information")),
            ("casework:info_list", {"kind": "information"}), basis="HZ-6"),
    Element("news_items", "一句话新闻报送数", "条", "flow",
            Flow("casework.InfoItem", "reported_on", filters=Q(kind="news")),
            ("casework:info_list", {"kind": "news"}), basis="HZ-3"),
    Element("petitions", "来信来访登记数", "件", "flow",
            Flow("casework.Petition", "received_on"), ("casework:petitions_list", {})),
    Element("publicity_events", "法治宣传活动场次", "场", "flow",
            Flow("casework.PublicityEvent", "held_on"), ("casework:publicity_list", {})),
    Element("publicity_audience", "法治宣传受众人数", "人次", "flow",
            Flow("casework.PublicityEvent", "held_on", value=Sum("audience")), ("casework:publicity_list", {})),
    Element("legal_aid", "法律援助申请数", "件", "flow",
            Flow("casework.LegalAidApplication", "applied_on"), ("casework:legalaid_list", {})),
]
