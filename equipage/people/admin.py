from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "email", "organisation", "job_title", "user")
    list_filter = ("organisation",)
    search_fields = ("last_name", "first_name", "email")
    list_select_related = ("organisation", "user")
    autocomplete_fields = ("user",)
