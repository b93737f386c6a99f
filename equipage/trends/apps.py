from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "equipage.trends"
    label = "trends"
    verbose_name = "Tendances"
