"""The data elements compiled from the register of released persons (reporting.elements: one registry,
D82)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from sifasuo.reporting.elements import Element, Flow, Stock

# WH-8: the reoffending rate is read over the five years of assistance: of the persons released in the five
# years up to the month's last day, those who had offended again by then (重新犯罪率 = 再犯罪人数 ÷ 刑满释放人数).
REOFFENCE_WINDOW_DAYS = 5 * 365 + 1


RELEASE_DATES = ("released_on", "reoffended_on")


def _released_in_window(last):
    return Q(released_on__isnull=False, released_on__lte=last,
             released_on__gt=last - datetime.timedelta(days=REOFFENCE_WINDOW_DAYS))


ELEMENTS = [
    Element("released_to_verify", "应核查刑满释放人员", "人", "flow",
            Flow("resettlement.ReleasedPerson", "notice_received_on"), ("resettlement:list", {}),
            ("notice_from", "notice_to"), basis="WH-8", capability="resettlement.view"),
    Element("released_verified", "已核查刑满释放人员", "人", "flow",
            Flow("resettlement.ReleasedPerson", "notice_received_on",
                 filters=Q(verified_on__isnull=False)), ("resettlement:list", {}), ("notice_from", "notice_to"),
            basis="WH-8", capability="resettlement.view"),
    Element("released_confirmed", "已核实刑满释放人员", "人", "flow",
            Flow("resettlement.ReleasedPerson", "notice_received_on",
                 filters=Q(confirmed_on__isnull=False)), ("resettlement:list", {}), ("notice_from", "notice_to"),
            basis="WH-8", capability="resettlement.view"),
    Element("released_recent", "近五年刑满释放人员", "人", "stock",
            Stock("resettlement.ReleasedPerson", _released_in_window, dates=RELEASE_DATES), ("resettlement:list", {}),
            None, basis="WH-8", capability="resettlement.view"),
    Element("reoffended_recent", "其中：重新犯罪", "人", "stock",
            Stock("resettlement.ReleasedPerson",
                  lambda last: _released_in_window(last) & Q(reoffended_on__isnull=False, reoffended_on__lte=last),
                  dates=RELEASE_DATES),
            ("resettlement:list", {"status": "reoffended"}), None, basis="WH-8", capability="resettlement.view"),
    Element("key_released", "重点帮教对象释放数", "人", "flow",
            Flow("resettlement.ReleasedPerson", "released_on", filters=Q(is_key=True)),
            ("resettlement:list", {"is_key": "true"}), ("released_from_date", "released_to_date"), basis="WH-8",
            capability="resettlement.view"),
    Element("key_handed_over", "重点帮教对象已衔接", "人", "flow",
            Flow("resettlement.ReleasedPerson", "released_on",
                 filters=Q(is_key=True, handed_over_on__isnull=False)),
            ("resettlement:list", {"is_key": "true"}), ("released_from_date", "released_to_date"), basis="WH-8",
            capability="resettlement.view"),
]
