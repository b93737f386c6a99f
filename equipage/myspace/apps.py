from django.apps import AppConfig


class MySpaceConfig(AppConfig):
    name = "equipage.myspace"
    label = "myspace"
    verbose_name = "Mon espace"

    def ready(self) -> None:
        from equipage.checks.store import on_new_blocking

        from . import signals  # noqa: F401  (notifications brought up to date at sign-in)
        from .notifications import notify_new_blocking

        on_new_blocking(notify_new_blocking)  # a blocking finding raised by a write shows in the header at once
