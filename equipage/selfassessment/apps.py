from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "equipage.selfassessment"
    label = "selfassessment"
    verbose_name = "Autodiagnostics"
