"""Reporting's own data elements: those the engine derives from the unit tree and from other elements
(reporting.elements.compile_offices), and those typed into the monthly report. The registers' elements are
declared by their apps (`<app>/data_elements.py`, D82)."""

from __future__ import annotations

from .elements import Element

ELEMENTS = [
    Element("workstations", "司法行政工作室数", "个", "derived", drill=("orgunits:list", {"level": "5"}),
            drill_dates=None, basis="SD-8", capability="standards.view"),
    Element("offices", "司法所数", "个", "derived", drill=("orgunits:list", {"level": "4"}), drill_dates=None,
            capability="org.view"),
    Element("hub_offices", "片区中心司法所数", "个", "derived", drill_dates=None, basis="HZ-3", capability="org.view"),
    # HZ-3: what a hub reports each month for its cluster's townships: the typical cases of the hub's own
    # office and of every member office (not the hub's own alone)
    Element("typical_cases_hub", "片区典型案例数（片区中心所报送）", "件", "derived", drill_dates=None,
            basis="HZ-3", depends_on=("casework.TypicalCase",)),
    Element("difficult_succeeded", "其中：疑难复杂纠纷调解成功", "件", "report"),
    Element("risk_prevented", "防止民转刑案件", "件", "report"),
]
