"""The data elements compiled from the community-correction register (reporting.elements: one registry,
D82)."""

from __future__ import annotations

from django.db.models import Q

from sifasuo.reporting.elements import Element, Stock

SUPERVISION_DATES = ("start_on", "ended_on", "out_of_contact_since")


def _supervised(last):
    return Q(start_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gt=last))


ELEMENTS = [
    Element("correction_supervised", "在册社区矫正对象", "人", "stock",
            Stock("correction.CorrectionSubject", _supervised, dates=SUPERVISION_DATES),
            ("correction:list", {"status": "supervised"}), None, basis="WH-8", capability="correction.view_figures"),
    Element("correction_out_of_contact", "脱管人数", "人", "stock",
            Stock("correction.CorrectionSubject",
                  lambda last: _supervised(last) & Q(out_of_contact_since__isnull=False,
                                                     out_of_contact_since__lte=last), dates=SUPERVISION_DATES),
            ("correction:list", {"flag": "out_of_contact"}), None, basis="WH-8", capability="correction.view_figures"),
    Element("correction_missed", "漏管人数", "人", "stock",
            Stock("correction.CorrectionSubject", lambda last: _supervised(last) & Q(missed_registration=True),
                  dates=SUPERVISION_DATES),
            ("correction:list", {"flag": "missed"}), None, basis="WH-8", capability="correction.view_figures"),
]
