from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "sifasuo.national"
    label = "national"
    verbose_name = "全国汇总"
