"""REST routes of the staff module: (prefix, viewset, basename)."""

from . import views as v

ROUTES = [
    ("staff", v.StaffMemberViewSet, "staff"),
    ("staff-contracts", v.ContractViewSet, "staff-contract"),
    ("staff-levels", v.LevelRecordViewSet, "staff-level"),
    ("staff-level-proposals", v.LevelProposalViewSet, "staff-level-proposal"),
    ("staff-pay-benchmarks", v.PayBenchmarkViewSet, "staff-pay-benchmark"),
    ("staff-trainings", v.TrainingRecordViewSet, "staff-training"),
    ("staff-assessments", v.AssessmentViewSet, "staff-assessment"),
    ("staff-rewards", v.RewardDisciplineViewSet, "staff-reward"),
    ("staff-writings", v.WritingRecordViewSet, "staff-writing"),
    ("staff-transfers", v.TransferViewSet, "staff-transfer"),
]
