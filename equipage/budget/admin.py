from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetLine, BudgetYear, DailyCost


@admin.register(DailyCost)
class DailyCostAdmin(SimpleHistoryAdmin):
    """Portfolio administrators set the daily costs used to estimate staff costs."""

    list_display = ("__str__", "role", "organisation", "amount")
    list_filter = ("role", "organisation")


@admin.register(BudgetYear)
class BudgetYearAdmin(SimpleHistoryAdmin):
    list_display = ("product", "year", "is_published")
    list_filter = ("year", "is_published")
    raw_id_fields = ("product",)


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ("label", "budget_year", "nature", "category", "planned", "committed", "forecast")
    list_filter = ("nature", "category", "budget_year__year")
    raw_id_fields = ("budget_year",)
