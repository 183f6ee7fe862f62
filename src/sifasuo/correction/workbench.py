"""Community correction on the workbench: leave requests waiting for a decision (《社区矫正法实施办法》第二十六条:
short leave by the office, long leave and moves by the county)."""

from sifasuo.core.scoping import restrict
from sifasuo.core.workbench import DECIDE, Queue

from .choices import LeaveStatus
from .models import Leave

QUEUES = [
    Queue("待审批的请假外出", "correction.decide", DECIDE,
          lambda user: restrict(Leave.objects.filter(status=LeaveStatus.PENDING), user)
          .select_related("subject").order_by("applied_on"),
          describe=lambda leave: f"{leave.subject.full_name} · {leave.get_kind_display()} {leave.destination}"
                                 f"（{leave.applied_on:%m-%d} 申请）"),
]
