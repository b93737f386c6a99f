from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Answer, SelfAssessment


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question_key", "value", "comment")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("product", "role", "respondent", "answered_on", "created_at")
    list_filter = ("role", "answered_on")
    search_fields = ("product__name", "product__slug", "respondent__first_name", "respondent__last_name")
    list_select_related = ("product", "respondent")
    raw_id_fields = ("product", "respondent")
    date_hierarchy = "answered_on"
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ("assessment", "question_key", "value")
    list_filter = ("value",)
    list_select_related = ("assessment__product", "assessment__respondent")
    raw_id_fields = ("assessment",)
    search_fields = ("assessment__product__name", "question_key", "comment")
