from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "sifasuo.reporting"
    label = "reporting"
    verbose_name = "统计报表"
