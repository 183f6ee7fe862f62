from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "sifasuo.resettlement"
    label = "resettlement"
    verbose_name = "安置帮教"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the hand-over from community correction)
