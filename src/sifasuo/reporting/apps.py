from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "sifasuo.reporting"
    label = "reporting"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from sifasuo.core.changelog import batch_finished, changes_logged

        from . import live

        # a logged change to a register marks the office-months it affects (D55)
        changes_logged.connect(live.on_changes, dispatch_uid="reporting.live.on_changes")
        batch_finished.connect(live.on_batch_finished, dispatch_uid="reporting.live.on_batch_finished")
