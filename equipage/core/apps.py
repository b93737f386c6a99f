from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "equipage.core"
    label = "core"
    verbose_name = "Socle"
