from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ChecksConfig(AppConfig):
    name = "equipage.checks"
    label = "checks"
    verbose_name = "Points de vigilance"

    def ready(self) -> None:
        # Each app registers its facts and vigilance rules in its own `rules.py`.
        autodiscover_modules("rules")
        from .store import connect_signals

        connect_signals()
