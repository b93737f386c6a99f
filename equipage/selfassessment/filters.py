"""Filters of a product's self-assessments in the API."""

from __future__ import annotations

import django_filters

from equipage.teams.roles import Role

from .models import SelfAssessment


class SelfAssessmentFilter(django_filters.FilterSet):
    role = django_filters.CharFilter(field_name="role", help_text=f"Un rôle : {', '.join(Role.values)}")

    class Meta:
        model = SelfAssessment
        fields = ["role"]
