"""REST routes of this module, registered on the /api/ router by sifasuo/urls.py: (prefix, viewset, basename)."""

from .views import (AnnualAssessmentViewSet, AssessmentResultViewSet, IndicatorValueViewSet,
                    ManualScoreViewSet, OfficeScoreViewSet, ScoringItemViewSet, ScoringSchemeViewSet,
                    TargetViewSet)

ROUTES: list[tuple[str, type, str]] = [
    ("indicator-values", IndicatorValueViewSet, "indicator-value"),
    ("indicator-targets", TargetViewSet, "indicator-target"),
    ("assessment-schemes", ScoringSchemeViewSet, "assessment-scheme"),
    ("assessment-items", ScoringItemViewSet, "assessment-item"),
    ("assessment-manual-scores", ManualScoreViewSet, "assessment-manual-score"),
    ("assessment-scores", OfficeScoreViewSet, "assessment-score"),
    ("annual-assessments", AnnualAssessmentViewSet, "annual-assessment"),
    ("annual-assessment-results", AssessmentResultViewSet, "annual-assessment-result"),
]
