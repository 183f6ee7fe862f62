from django.apps import AppConfig


class OfficeAdminConfig(AppConfig):
    name = "sifasuo.officeadmin"
    label = "officeadmin"
    verbose_name = "所务管理"
