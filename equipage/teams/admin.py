from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """Memberships end; they are not deleted, so the team's history stays whole."""

    list_display = ("person", "product", "role", "time_share", "start_date", "end_date")
    list_filter = ("role",)
    search_fields = ("person__last_name", "person__email", "product__name")
    list_select_related = ("person", "product")
    autocomplete_fields = ("person", "product")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
