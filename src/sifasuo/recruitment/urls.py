"""Pages of announcements and applications (county side), and the applicants' self-service, under /recruitment/."""

from django.urls import path

from .views import announcements, applications, public

app_name = "recruitment"

urlpatterns = [
    # county: announcements and the steps on all their applications
    path("announcements/", announcements.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/new/", announcements.AnnouncementCreateView.as_view(), name="announcement_create"),
    path("announcements/<int:pk>/", announcements.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("announcements/<int:pk>/screen/", announcements.ScreenView.as_view(), name="announcement_screen"),
    path("announcements/<int:pk>/shortlist/", announcements.ShortlistView.as_view(), name="announcement_shortlist"),
    path("announcements/<int:pk>/rank/", announcements.RankView.as_view(), name="announcement_rank"),
    path("announcements/<int:pk>/ranking/", announcements.RankingView.as_view(), name="announcement_ranking"),
    path("announcements/<int:pk>/notice/", announcements.NoticeView.as_view(), name="announcement_notice"),
    path("announcements/<int:pk>/applications/", applications.AnnouncementApplicationListView.as_view(),
         name="announcement_applications"),
    path("announcements/<int:pk>/applications/new/", applications.ApplicationCreateView.as_view(),
         name="application_create"),
    path("announcements/<int:pk>/applications/import/", applications.ApplicationImportView.as_view(),
         name="application_import"),
    path("announcements/<int:pk>/scores/import/", applications.ScoreImportView.as_view(), name="score_import"),
    # county: applications and the steps on one of them
    path("applications/", applications.ApplicationListView.as_view(), name="application_list"),
    path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/review/", applications.ReviewView.as_view(), name="application_review"),
    path("applications/<int:pk>/scores/", applications.ScoresView.as_view(), name="application_scores"),
    path("applications/<int:pk>/checks/", applications.ChecksView.as_view(), name="application_checks"),
    path("applications/<int:pk>/objection/", applications.ObjectionView.as_view(), name="application_objection"),
    path("applications/<int:pk>/hire/", applications.HireView.as_view(), name="application_hire"),
    path("documents/<int:pk>/", applications.DocumentDownloadView.as_view(), name="document_download"),
    # applicants
    path("open/", public.OpenAnnouncementListView.as_view(), name="open_list"),
    path("open/<int:pk>/", public.OpenAnnouncementDetailView.as_view(), name="open_detail"),
    path("posts/<int:pk>/apply/", public.ApplyView.as_view(), name="apply"),
    path("mine/", public.MyApplicationListView.as_view(), name="my_applications"),
    path("mine/<int:pk>/", public.MyApplicationDetailView.as_view(), name="my_application"),
]
