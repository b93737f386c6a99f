from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "equipage.registry"
    label = "registry"
    verbose_name = "Registre des produits"
