"""REST routes of community correction, registered on the /api/ router by sifasuo/urls.py."""

from .views import (
    CheckInViewSet,
    CorrectionSubjectViewSet,
    InvestigationViewSet,
    LeaveViewSet,
    LevelChangeViewSet,
    LocationPeriodViewSet,
    MedicalCheckViewSet,
    SanctionViewSet,
)

ROUTES: list[tuple[str, type, str]] = [
    ("correction-subjects", CorrectionSubjectViewSet, "correctionsubject"),
    ("correction-investigations", InvestigationViewSet, "correctioninvestigation"),
    ("correction-level-changes", LevelChangeViewSet, "correctionlevelchange"),
    ("correction-check-ins", CheckInViewSet, "correctioncheckin"),
    ("correction-leaves", LeaveViewSet, "correctionleave"),
    ("correction-sanctions", SanctionViewSet, "correctionsanction"),
    ("correction-location-periods", LocationPeriodViewSet, "correctionlocationperiod"),
    ("correction-medical-checks", MedicalCheckViewSet, "correctionmedicalcheck"),
]
