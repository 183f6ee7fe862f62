from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "sifasuo.resettlement"
    label = "resettlement"
    verbose_name = "安置帮教"
