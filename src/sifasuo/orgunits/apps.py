from django.apps import AppConfig


class OrgUnitsConfig(AppConfig):
    name = "sifasuo.orgunits"
    label = "orgunits"
    verbose_name = "组织机构"
