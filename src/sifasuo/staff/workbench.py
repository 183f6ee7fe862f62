"""Staff on the workbench: level proposals waiting for the county's decision (DQ-9, YQ-8)."""

from django.urls import reverse

from sifasuo.core.scoping import restrict
from sifasuo.core.workbench import DECIDE, Queue, unit_level
from sifasuo.orgunits.choices import Level

from .choices import ProposalStatus
from .models import LevelProposal

QUEUES = [
    Queue("待审批的层级评定", "staff.edit", DECIDE,
          lambda user: restrict(LevelProposal.objects.filter(status=ProposalStatus.PENDING), user)
          .select_related("staff", "staff__unit").order_by("year", "staff__full_name"),
          list_url=lambda user: reverse("staff:level_review"), applies=lambda u: unit_level(u) == Level.COUNTY),
]
