from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "equipage.indicators"
    label = "indicators"
    verbose_name = "Objectifs et indicateurs"
