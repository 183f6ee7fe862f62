from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sifasuo.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from . import schema  # noqa: F401 (registers the token scheme with drf-spectacular)
        from .roles import merge_module_capabilities

        merge_module_capabilities()
