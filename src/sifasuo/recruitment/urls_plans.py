"""Pages of quotas and recruitment plans, under /recruitment/plans/."""

from django.urls import path

from .choices import PlanAction
from .views import plans

app_name = "recruitment_plans"

urlpatterns = [
    path("", plans.PlanListView.as_view(), name="list"),
    path("quota/", plans.QuotaView.as_view(), name="quota"),
    path("new/", plans.PlanCreateView.as_view(), name="create"),
    path("<int:pk>/", plans.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", plans.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/print/", plans.PlanPrintView.as_view(), name="print"),
    *(path(f"<int:pk>/{action}/", plans.PlanStepView.as_view(action=action), name=action)
      for action in (PlanAction.SUBMIT.value, PlanAction.APPROVE.value, PlanAction.RETURN.value,
                     PlanAction.FILE.value)),
]
