from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "equipage.teams"
    label = "teams"
    verbose_name = "Équipes et rôles"
