from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sifasuo.core"
    label = "core"
    verbose_name = "基础功能"

    def ready(self) -> None:
        from . import changelog, dataversion

        changelog.connect()
        dataversion.connect()
        self._connect_calendar()

    @staticmethod
    def _connect_calendar() -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from . import workdays
        from .models import CalendarDay, CalendarYear

        # The cached calendar is checked against its data version once per request, and dropped at once
        # when this process writes it (core.workdays).
        request_started.connect(workdays.recheck, dispatch_uid="workdays.recheck")
        for model in (CalendarYear, CalendarDay):
            for signal in (post_save, post_delete):
                signal.connect(workdays.forget, sender=model, dispatch_uid=f"workdays.forget.{model.__name__}.{id(signal)}")
