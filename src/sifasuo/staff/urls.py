from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.StaffListView.as_view(), name="list"),
    path("import/", views.RosterImportView.as_view(), name="import"),
    path("new/", views.StaffCreateView.as_view(), name="create"),
    path("<int:pk>/", views.StaffDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.StaffEditView.as_view(), name="edit"),
    path("<int:pk>/record/<str:action>/", views.StaffRecordView.as_view(), name="record"),
    path("contracts/", views.ContractListView.as_view(), name="contracts"),
    path("contracts/ending/", views.ContractsEndingView.as_view(), name="contracts_ending"),
    path("contracts/<int:pk>/", views.ContractDetailView.as_view(), name="contract"),
    path("contracts/<int:pk>/renew/", views.ContractRenewView.as_view(), name="contract_renew"),
    path("contracts/<int:pk>/document.<str:fmt>", views.ContractDocumentView.as_view(), name="contract_document"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path("assessments/<int:pk>/document.<str:fmt>", views.AssessmentDocumentView.as_view(),
         name="assessment_document"),
    path("levels/", views.LevelRecordListView.as_view(), name="levels"),
    path("level-review/", views.LevelReviewView.as_view(), name="level_review"),
    path("level-review/<int:pk>/decide/", views.ProposalDecideView.as_view(), name="proposal_decide"),
    path("training/", views.TrainingListView.as_view(), name="trainings"),
    path("training/compliance/", views.TrainingComplianceView.as_view(), name="training_compliance"),
    path("rewards/", views.RewardListView.as_view(), name="rewards"),
    path("writings/", views.WritingListView.as_view(), name="writings"),
    path("writings/status/", views.WritingStatusView.as_view(), name="writing_status"),
    path("transfers/", views.TransferListView.as_view(), name="transfers"),
    path("pay/benchmarks/", views.BenchmarkListView.as_view(), name="benchmarks"),
    path("pay/", views.PaySheetView.as_view(), name="paysheet"),
]
