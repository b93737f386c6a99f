from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "equipage.web"
    label = "web"
    verbose_name = "Pages composées : tableau de bord, produits, fiche produit"
