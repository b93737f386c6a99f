"""The year asked for by the budget pages (`?annee=`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.core.filters import FilterForm, YearFilter

from .models import BudgetYear


class BudgetYearFilter(django_filters.FilterSet):
    annee = YearFilter(label="Année", field_name="year")

    class Meta:
        model = BudgetYear
        form = FilterForm
        fields = ["annee"]

    def year(self, default: int) -> int:
        """The year asked for, or `default` when none was (or it was not a year: the form says why)."""
        self.form.is_valid()
        return self.form.cleaned_data.get("annee") or default
