from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, Ritual, RitualMeeting


class MatrixActivityInline(admin.TabularInline):
    model = MatrixActivity
    fields = ("position", "code", "label")
    extra = 0
    show_change_link = True


class MatrixLevelInline(admin.TabularInline):
    model = MatrixLevel
    fields = ("role", "level")
    extra = 0


@admin.register(ResponsibilityMatrix)
class ResponsibilityMatrixAdmin(SimpleHistoryAdmin):
    """Saved matrices. Editors change them from the product's page, where every change is checked."""

    list_display = ("product", "governance_basis")
    list_filter = ("governance_basis",)
    search_fields = ("product__name", "product__slug")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
    inlines = [MatrixActivityInline]


@admin.register(MatrixActivity)
class MatrixActivityAdmin(SimpleHistoryAdmin):
    list_display = ("label", "matrix", "code", "position")
    search_fields = ("label", "matrix__product__name")
    list_select_related = ("matrix__product",)
    raw_id_fields = ("matrix",)
    inlines = [MatrixLevelInline]


@admin.register(Ritual)
class RitualAdmin(SimpleHistoryAdmin):
    """Rituals are deactivated, never deleted."""

    list_display = ("name", "product", "kind", "cadence", "is_active", "start_date")
    list_filter = ("kind", "cadence", "is_active")
    search_fields = ("name", "product__name")
    list_select_related = ("product",)
    raw_id_fields = ("product",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RitualMeeting)
class RitualMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("ritual", "date")
    list_filter = ("ritual__kind",)
    search_fields = ("ritual__name", "ritual__product__name")
    list_select_related = ("ritual__product",)
    raw_id_fields = ("ritual",)
    filter_horizontal = ("attendees",)
