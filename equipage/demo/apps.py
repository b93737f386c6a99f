from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "equipage.demo"
    label = "demo"
    verbose_name = "Portefeuille de démonstration"
