from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, Measurement, Objective, ProductToken


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Nothing is lost: objectives, indicators and measurements are corrected or withdrawn, never deleted."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Objective)
class ObjectiveAdmin(NoDeleteAdmin):
    list_display = ("title", "product", "due_date", "position")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
    search_fields = ("title", "product__name", "product__slug")


@admin.register(Indicator)
class IndicatorAdmin(NoDeleteAdmin):
    list_display = ("name", "code", "product", "unit", "frequency", "is_published", "is_active")
    list_filter = ("unit", "frequency", "is_published", "is_active")
    list_select_related = ("product",)
    raw_id_fields = ("product", "objective")
    search_fields = ("name", "code", "product__name", "product__slug")


@admin.register(Measurement)
class MeasurementAdmin(NoDeleteAdmin):
    list_display = ("indicator", "date", "value", "withdrawn", "origin")
    list_filter = ("withdrawn", "origin")
    list_select_related = ("indicator",)
    raw_id_fields = ("indicator",)
    date_hierarchy = "date"


@admin.register(ProductToken)
class ProductTokenAdmin(NoDeleteAdmin):
    list_display = ("name", "product", "prefix", "created_by", "created_at", "revoked_at", "last_used_at")
    list_select_related = ("product", "created_by")
    readonly_fields = ("prefix", "created_at", "revoked_at", "last_used_at")
    raw_id_fields = ("product", "created_by")
