from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "sifasuo.alerts"
    label = "alerts"
    verbose_name = "期限提醒"

    def ready(self) -> None:
        from . import signals

        signals.connect()
