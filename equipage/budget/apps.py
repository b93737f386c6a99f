from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "equipage.budget"
    label = "budget"
    verbose_name = "Budget"
