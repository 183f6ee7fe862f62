from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sifasuo.core"
    label = "core"
    verbose_name = "基础功能"

    def ready(self) -> None:
        from . import changelog  # noqa: F401  (connects the change-log signal handlers)
        from . import dataversion, fastfilters, xlsxstream

        fastfilters.install()
        dataversion.connect()
        xlsxstream.install()
