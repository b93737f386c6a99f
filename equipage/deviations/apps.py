from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "equipage.deviations"
    label = "deviations"
    verbose_name = "Dérogations"
