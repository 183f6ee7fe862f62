"""REST routes of this module, registered on the /api/ router by sifasuo/urls.py: (prefix, viewset, basename)."""

from .views import AggregateValueViewSet, ReportEventViewSet, ReportTemplateViewSet, ReportViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("reporting-templates", ReportTemplateViewSet, "reporting-template"),
    ("reporting-reports", ReportViewSet, "reporting-report"),
    ("reporting-events", ReportEventViewSet, "reporting-event"),
    ("reporting-values", AggregateValueViewSet, "reporting-value"),
]
