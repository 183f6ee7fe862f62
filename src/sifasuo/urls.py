"""URL configuration: pages per module, and the REST API under /api/."""

from django.urls import include, path
from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from sifasuo.accounts.api.views import ApiTokenViewSet, ObtainTokenView, UserViewSet
from sifasuo.national.api.views import SubmissionView as NationalSubmissionView
from sifasuo.core.api_views import ChangeLogViewSet
from sifasuo.orgunits.api.views import OrgUnitViewSet
from sifasuo.recruitment.api.applications import AnnouncementViewSet, ApplicationViewSet
from sifasuo.recruitment.api.plans import RecruitmentPlanViewSet, RecruitmentQuotaViewSet
from sifasuo.core.registry import app_modules

router = DefaultRouter()
router.register("org-units", OrgUnitViewSet, basename="orgunit")
router.register("users", UserViewSet, basename="user")
router.register("tokens", ApiTokenViewSet, basename="apitoken")
router.register("changelog", ChangeLogViewSet, basename="changelog")
router.register("recruitment-plans", RecruitmentPlanViewSet, basename="recruitmentplan")
router.register("recruitment-quotas", RecruitmentQuotaViewSet, basename="recruitmentquota")
router.register("recruitment-announcements", AnnouncementViewSet, basename="announcement")
router.register("recruitment-applications", ApplicationViewSet, basename="application")
# A module lists its own routes in `<app>/api/routes.py` (ROUTES = [(prefix, viewset, basename)]).
for routes in app_modules("api.routes"):
    for prefix, viewset, basename in routes.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("", include("sifasuo.core.urls")),
    path("org/", include("sifasuo.orgunits.urls")),
    path("accounts/", include("sifasuo.accounts.urls")),
    path("staff/", include("sifasuo.staff.urls")),
    path("recruitment/plans/", include("sifasuo.recruitment.urls_plans")),
    path("recruitment/", include("sifasuo.recruitment.urls")),
    path("alerts/", include("sifasuo.alerts.urls")),
    path("casework/", include("sifasuo.casework.urls")),
    path("correction/", include("sifasuo.correction.urls")),
    path("resettlement/", include("sifasuo.resettlement.urls")),
    path("standards/", include("sifasuo.standards.urls")),
    path("reporting/", include("sifasuo.reporting.urls")),
    path("indicators/", include("sifasuo.indicators.urls")),
    path("officeadmin/", include("sifasuo.officeadmin.urls")),
    path("national/", include("sifasuo.national.urls")),
    path("api/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/national/submissions/", NationalSubmissionView.as_view(), name="api-national-submissions"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its start-up script as a separate file (no inline script), for signed-in users.
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api/swagger_ui.html")), name="api-docs"),
    path("api/", include(router.urls)),
]

handler403 = "sifasuo.core.views.permission_denied"
handler404 = "sifasuo.core.views.page_not_found"
