"""REST routes of this module, registered on the /api/ router by sifasuo/urls.py: (prefix, viewset, basename)."""

from .views import (
    REGISTER_VIEWSETS,
    CasePartyViewSet,
    FollowUpVisitViewSet,
    MediationCaseViewSet,
    MediationSessionViewSet,
)

ROUTES: list[tuple[str, type, str]] = [
    ("casework-cases", MediationCaseViewSet, "casework-case"),
    ("casework-parties", CasePartyViewSet, "casework-party"),
    ("casework-sessions", MediationSessionViewSet, "casework-session"),
    ("casework-visits", FollowUpVisitViewSet, "casework-visit"),
    *[(f"casework-{key}", viewset, f"casework-{key}") for key, viewset in REGISTER_VIEWSETS.items()],
]
