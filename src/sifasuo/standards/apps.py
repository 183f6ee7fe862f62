from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "sifasuo.standards"
    label = "standards"
    verbose_name = "规范化建设"
