from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "equipage.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        # Each app adds its product tab and sheet sections in its own `product_pages.py`.
        autodiscover_modules("product_pages")
