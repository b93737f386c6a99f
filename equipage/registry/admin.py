from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Product


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    """Products are archived from their sheet, never deleted."""

    list_display = ("name", "sponsor", "phase", "governance", "is_public_service", "archived_at")
    list_filter = ("phase", "governance", "is_public_service", "sponsor")
    search_fields = ("name", "slug", "pitch")
    list_select_related = ("sponsor",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("archived_at",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
