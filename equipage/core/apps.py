from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "equipage.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django.apps import apps

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .validators import install_text_validators

        # Each app adds its product tab and sheet sections in its own `product_pages.py`.
        autodiscover_modules("product_pages")
        # Each app registers its daily tasks in its own `jobs.py` (run by `manage.py daily`).
        autodiscover_modules("jobs")
        # Each app lists what falls due on its products in its own `deadlines.py` (see deadlines.py).
        autodiscover_modules("deadlines")
        # Each app adds what is a person's to do (`/mon-espace/`, the digest) in its own `todo.py`.
        autodiscover_modules("todo")
        # One-line text fields refuse control characters, multi-line ones what the database cannot store.
        install_text_validators(config for config in apps.get_app_configs() if config.name.startswith("equipage."))
