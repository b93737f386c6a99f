from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "equipage.governance"
    label = "governance"
    verbose_name = "Gouvernance : responsabilités et rituels"
