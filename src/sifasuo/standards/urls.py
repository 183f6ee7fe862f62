from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("offices/", views.OfficeListView.as_view(), name="office_list"),
    path("offices/<int:pk>/", views.OfficeDetailView.as_view(), name="office_detail"),
    path("offices/<int:pk>/print/", views.OfficePrintView.as_view(), name="office_print"),
    path("offices/<int:pk>/premises/", views.OfficeEditView.as_view(), name="office_edit"),
    path("offices/<int:pk>/equipment/new/", views.EquipmentCreateView.as_view(), name="equipment_create"),
    path("offices/<int:pk>/equipment/import/", views.EquipmentImportView.as_view(), name="equipment_import"),
    path("equipment/<int:pk>/", views.EquipmentEditView.as_view(), name="equipment_detail"),
    path("workstations/", views.WorkstationListView.as_view(), name="workstation_list"),
    path("workstations/<int:pk>/", views.WorkstationDetailView.as_view(), name="workstation_detail"),
    path("workstations/<int:pk>/edit/", views.WorkstationEditView.as_view(), name="workstation_edit"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("progress/", views.ProgressListView.as_view(), name="progress_list"),
    path("progress/<int:pk>/", views.ProgressEditView.as_view(), name="progress_edit"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", views.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("photos/<int:pk>/", views.PhotoFileView.as_view(), name="photo_file"),
]
