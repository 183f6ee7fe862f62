"""REST routes of resettlement, registered on the /api/ router by sifasuo/urls.py."""

from .views import AssistanceViewSet, ReleasedPersonViewSet, RiskReviewViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("released-persons", ReleasedPersonViewSet, "releasedperson"),
    ("resettlement-assistance", AssistanceViewSet, "resettlementassistance"),
    ("resettlement-risk-reviews", RiskReviewViewSet, "resettlementriskreview"),
]
