from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "sifasuo.staff"
    label = "staff"
    verbose_name = "工作人员"
