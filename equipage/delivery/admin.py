from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoadmapItem, Story


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Nothing is lost: roadmap items and stories end by their status, never by deletion."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoadmapItem)
class RoadmapItemAdmin(NoDeleteAdmin):
    list_display = ("title", "product", "horizon", "status", "is_published")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
    search_fields = ("title", "product__name")


@admin.register(Story)
class StoryAdmin(NoDeleteAdmin):
    list_display = ("number", "title", "product", "status", "rice")
    list_select_related = ("product",)
    raw_id_fields = ("product", "roadmap_item")
    search_fields = ("title", "product__name", "external_key")
