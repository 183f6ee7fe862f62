"""Pages of announcements and applications (county side) and the applicants' self-service, under
/recruitment/."""

from django.urls import path

from .views import announcements as ann
from .views import applications as apps
from .views import lists, public

app_name = "recruitment"


def steps(record: str, views: dict) -> list:
    """The steps posted from a record's page: `<record>s/<pk>/<step>/`, named `<record>_<step>` (a `/` in the
    step becomes `_`: `application_objection_resolve`)."""
    return [path(f"{record}s/<int:pk>/{step}/", view.as_view(), name=f"{record}_{step.replace('/', '_')}")
            for step, view in views.items()]


urlpatterns = [
    # county: announcements and the steps on all their applications
    path("announcements/", ann.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/new/", ann.AnnouncementCreateView.as_view(), name="announcement_create"),
    path("announcements/<int:pk>/", ann.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("announcements/<int:pk>/documents/<str:kind>.<str:fmt>", ann.AnnouncementDocumentView.as_view(),
         name="announcement_document"),
    path("announcements/<int:pk>/documents/all/", ann.AnnouncementDocumentsZipView.as_view(),
         name="announcement_documents_zip"),
    *steps("announcement", {"close": ann.CloseRegistrationView, "screen": ann.ScreenView,
                            "shortlist": ann.ShortlistView, "rank": ann.RankView, "ranking": ann.RankingView,
                            "notice": ann.NoticeView}),
    path("announcements/<int:pk>/applications/", apps.AnnouncementApplicationListView.as_view(),
         name="announcement_applications"),
    path("announcements/<int:pk>/applications/new/", apps.ApplicationCreateView.as_view(),
         name="application_create"),
    path("announcements/<int:pk>/applications/import/", apps.ApplicationImportView.as_view(),
         name="application_import"),
    path("announcements/<int:pk>/scores/import/", apps.ScoreImportView.as_view(), name="score_import"),
    # county: applications and the steps on one of them
    path("applications/", apps.ApplicationListView.as_view(), name="application_list"),
    path("applications/<int:pk>/", apps.ApplicationDetailView.as_view(), name="application_detail"),
    *steps("application", {"review": apps.ReviewView, "scores": apps.ScoresView, "checks": apps.ChecksView,
                           "assessment": apps.AssessmentView, "objection": apps.ObjectionView,
                           "objection/resolve": apps.ObjectionResolveView, "hire": apps.HireView}),
    path("documents/<int:pk>/", apps.DocumentDownloadView.as_view(), name="document_download"),
    # named lists that policies require applicants to be on (list_membership)
    path("lists/", lists.NamedListListView.as_view(), name="list_list"),
    path("lists/import/", lists.NamedListImportView.as_view(), name="list_import"),
    path("lists/<int:pk>/", lists.NamedListDetailView.as_view(), name="list_detail"),
    # applicants
    path("open/", public.OpenAnnouncementListView.as_view(), name="open_list"),
    path("open/<int:pk>/", public.OpenAnnouncementDetailView.as_view(), name="open_detail"),
    path("posts/<int:pk>/apply/", public.ApplyView.as_view(), name="apply"),
    path("mine/", public.MyApplicationListView.as_view(), name="my_applications"),
    path("mine/<int:pk>/", public.MyApplicationDetailView.as_view(), name="my_application"),
]
