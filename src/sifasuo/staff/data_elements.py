"""The data elements compiled from the staff register (reporting.elements: one registry, D82)."""

from __future__ import annotations

from django.db.models import Q, Sum

from sifasuo.orgunits.choices import Level
from sifasuo.reporting.elements import Element, Flow, Stock

STAFF_DATES = ("joined_on", "left_on")


def _staff(last):
    return Q(joined_on__lte=last, unit__level=Level.OFFICE) & (Q(left_on__isnull=True) | Q(left_on__gt=last))


ELEMENTS = [
    Element("training_days", "工作人员培训天数", "天", "flow",
            Flow("staff.TrainingRecord", "start_on", value=Sum("days"), unit_lookup="staff__unit"),
            ("staff:trainings", {}), ("start_from", "start_to"), basis="WH-4", capability="staff.view",
            drill_within="unit"),
    Element("staff_serving", "司法所在岗工作人员", "人", "stock",
            Stock("staff.StaffMember", _staff, dates=STAFF_DATES), ("staff:list", {"serving": "true"}), None,
            basis="DQ-6、YQ-2", capability="staff.view", drill_within="unit"),
    Element("director_training_days", "所长参加市级以上培训天数", "天", "flow",
            Flow("staff.TrainingRecord", "start_on", value=Sum("days"), unit_lookup="staff__unit",
                 filters=Q(staff__position="director", organizer__in=("city", "province"))),
            None, basis="WH-4", capability="staff.view"),
    Element("directors_serving", "在岗所长", "人", "stock",
            Stock("staff.StaffMember", lambda last: _staff(last) & Q(position="director"), dates=STAFF_DATES),
            ("staff:list", {"position": "director", "serving": "true"}), None, basis="WH-4", capability="staff.view",
            drill_within="unit"),
    Element("hub_cluster_staff", "片区中心所承担片区工作人员", "人", "stock",
            Stock("staff.StaffMember", lambda last: _staff(last) & Q(cluster_duty=True, unit__is_hub=True),
                  dates=STAFF_DATES),
            None, None, basis="HZ-1", capability="staff.view"),
]
