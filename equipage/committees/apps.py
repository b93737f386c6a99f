from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "equipage.committees"
    label = "committees"
    verbose_name = "Comités, décisions et actions"
