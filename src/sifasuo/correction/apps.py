from django.apps import AppConfig


class CorrectionConfig(AppConfig):
    name = "sifasuo.correction"
    label = "correction"
    verbose_name = "社区矫正"
