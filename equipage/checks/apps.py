from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "equipage.checks"
    label = "checks"
    verbose_name = "Points de vigilance"

    def ready(self) -> None:
        from . import rules  # noqa: F401 - registers the rules
