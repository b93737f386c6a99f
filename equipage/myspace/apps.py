from django.apps import AppConfig


class MySpaceConfig(AppConfig):
    name = "equipage.myspace"
    label = "myspace"
    verbose_name = "Mon espace"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (notifications brought up to date at sign-in)
