from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "sifasuo.casework"
    label = "casework"
    verbose_name = "登记簿与人民调解"
