"""Pages of announcements and applications (county side) and the applicants' self-service, under
/recruitment/."""

from django.urls import path

from .views import announcements as ann
from .views import applications as apps
from .views import lists, public

app_name = "recruitment"

urlpatterns = [
    # county: announcements and the steps on all their applications
    path("announcements/", ann.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/new/", ann.AnnouncementCreateView.as_view(), name="announcement_create"),
    path("announcements/<int:pk>/", ann.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("announcements/<int:pk>/documents/<str:kind>.<str:fmt>", ann.AnnouncementDocumentView.as_view(),
         name="announcement_document"),
    path("announcements/<int:pk>/documents/all/", ann.AnnouncementDocumentsZipView.as_view(),
         name="announcement_documents_zip"),
    path("announcements/<int:pk>/close/", ann.CloseRegistrationView.as_view(), name="announcement_close"),
    path("announcements/<int:pk>/screen/", ann.ScreenView.as_view(), name="announcement_screen"),
    path("announcements/<int:pk>/shortlist/", ann.ShortlistView.as_view(), name="announcement_shortlist"),
    path("announcements/<int:pk>/rank/", ann.RankView.as_view(), name="announcement_rank"),
    path("announcements/<int:pk>/ranking/", ann.RankingView.as_view(), name="announcement_ranking"),
    path("announcements/<int:pk>/notice/", ann.NoticeView.as_view(), name="announcement_notice"),
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
    path("applications/<int:pk>/review/", apps.ReviewView.as_view(), name="application_review"),
    path("applications/<int:pk>/scores/", apps.ScoresView.as_view(), name="application_scores"),
    path("applications/<int:pk>/checks/", apps.ChecksView.as_view(), name="application_checks"),
    path("applications/<int:pk>/assessment/", apps.AssessmentView.as_view(), name="application_assessment"),
    path("applications/<int:pk>/objection/", apps.ObjectionView.as_view(), name="application_objection"),
    path("applications/<int:pk>/objection/resolve/", apps.ObjectionResolveView.as_view(),
         name="application_objection_resolve"),
    path("applications/<int:pk>/hire/", apps.HireView.as_view(), name="application_hire"),
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
