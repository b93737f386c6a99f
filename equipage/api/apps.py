from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "equipage.api"
    label = "api"
    verbose_name = "API"
