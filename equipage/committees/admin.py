from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, AgendaItem, Attendee, CommitteeKind, Decision, Session


@admin.register(CommitteeKind)
class CommitteeKindAdmin(SimpleHistoryAdmin):
    """Portfolio administrators manage the kinds of committee; a kind in use is deactivated, not deleted."""

    list_display = ("name", "code", "scope", "is_steering", "is_active", "position")
    list_editable = ("position",)
    prepopulated_fields = {"code": ("name",)}

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ("product",)


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "date", "is_held")
    list_filter = ("kind", "is_held")
    date_hierarchy = "date"
    filter_horizontal = ("products",)
    inlines = [AgendaItemInline, AttendeeInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    raw_id_fields = ("owner",)


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "product", "date", "session")
    search_fields = ("title", "product__name")
    list_select_related = ("product", "session__kind")
    raw_id_fields = ("product", "session", "ritual_meeting", "supersedes")
    inlines = [ActionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
