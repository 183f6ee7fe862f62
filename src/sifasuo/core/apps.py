from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sifasuo.core"
    label = "core"
    verbose_name = "基础功能"

    def ready(self) -> None:
        from . import changelog, dataversion, fastfilters, xlsxstream

        changelog.connect()
        fastfilters.install()
        dataversion.connect()
        xlsxstream.install()
