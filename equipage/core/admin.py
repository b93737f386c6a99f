from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """The daily job's journal, read-only: written by `manage.py daily` alone."""

    list_display = ("day", "key", "status", "started_at", "finished_at", "attempts", "instance")
    list_filter = ("status", "key")
    date_hierarchy = "day"
    search_fields = ("key", "report")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
