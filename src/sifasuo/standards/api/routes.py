"""REST routes of this module, registered on the /api/ router by sifasuo/urls.py: (prefix, viewset, basename)."""

from . import views

ROUTES: list[tuple[str, type, str]] = [
    ("standards-office-profiles", views.OfficeProfileViewSet, "standards-officeprofile"),
    ("standards-equipment", views.EquipmentViewSet, "standards-equipment"),
    ("standards-workstations", views.WorkstationProfileViewSet, "standards-workstation"),
    ("standards-plans", views.PlanViewSet, "standards-plan"),
    ("standards-phases", views.PhaseViewSet, "standards-phase"),
    ("standards-milestones", views.MilestoneViewSet, "standards-milestone"),
    ("standards-task-force", views.TaskForceMemberViewSet, "standards-taskforce"),
    ("standards-progress", views.ProgressViewSet, "standards-progress"),
    ("standards-inspections", views.InspectionViewSet, "standards-inspection"),
    ("standards-findings", views.FindingViewSet, "standards-finding"),
    ("standards-photos", views.PhotoViewSet, "standards-photo"),
    ("standards-follow-ups", views.FollowUpViewSet, "standards-followup"),
]
