from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "equipage.compliance"
    label = "compliance"
    verbose_name = "Conformité"
