from __future__ import annotations

from decimal import Decimal

from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.core.formats import MONTHS, parse_decimal

from .models import FIRST_YEAR, FUNDING_SUGGESTIONS, LAST_YEAR, BudgetLine, SpendingEntry

NEGATIVE = "Un montant ne peut pas être négatif."


class FrenchAmountField(forms.DecimalField):
    """An amount typed the French way: « 1 234,56 », « 1234.56 € »."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)
        self.error_messages["min_value"] = NEGATIVE
        self.error_messages["max_decimal_places"] = "Au plus deux décimales (les centimes)."
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class BudgetLineForm(DsfrBaseForm, forms.ModelForm):
    year = forms.IntegerField(
        label="Année",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "min_value": "Année impossible : entre 2000 et 2100.",
            "max_value": "Année impossible : entre 2000 et 2100.",
            "invalid": "Saisissez une année, par exemple 2026.",
        },
    )

    class Meta:
        model = BudgetLine
        fields = ["label", "nature", "category", "funding_source", "planned", "committed", "forecast"]
        field_classes = {"planned": FrenchAmountField, "committed": FrenchAmountField, "forecast": FrenchAmountField}
        widgets = {"funding_source": forms.TextInput(attrs={"list": "sources-financement"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].initial = self.instance.budget_year.year
            self.fields["year"].disabled = True
        self.order_fields(["year"])
        self.funding_suggestions = FUNDING_SUGGESTIONS
        self.fields["committed"].required = False

    def clean_committed(self):
        return self.cleaned_data.get("committed") or Decimal("0")


class SpendingForm(DsfrBaseForm):
    """The spending of a line over its year: each month, or each quarter as a whole."""

    def __init__(self, *args, line: BudgetLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        saved = {(entry.month, entry.quarter): entry.amount for entry in line.spending.all()}
        for month, name in enumerate(MONTHS, start=1):
            self.fields[f"mois_{month}"] = FrenchAmountField(
                label=name.capitalize(), required=False, initial=saved.get((month, None))
            )
        for quarter in range(1, 5):
            self.fields[f"trimestre_{quarter}"] = FrenchAmountField(
                label=f"Trimestre {quarter} (en bloc)", required=False, initial=saved.get((None, quarter))
            )

    def clean(self):
        data = super().clean()
        for quarter in range(1, 5):
            months = range(3 * quarter - 2, 3 * quarter + 1)
            if data.get(f"trimestre_{quarter}") is not None and any(data.get(f"mois_{m}") is not None for m in months):
                self.add_error(
                    f"trimestre_{quarter}",
                    f"Le trimestre {quarter} est saisi mois par mois : videz les mois, ou ce champ.",
                )
        return data

    def entries(self) -> list[SpendingEntry]:
        found = []
        for name, value in self.cleaned_data.items():
            if value is None:
                continue
            kind, number = name.split("_")
            found.append(
                SpendingEntry(
                    line=self.line,
                    month=int(number) if kind == "mois" else None,
                    quarter=int(number) if kind == "trimestre" else None,
                    amount=value,
                )
            )
        return found


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier CSV des dépenses",
        help_text="Colonnes « année ; ligne ; période ; montant » — séparateur point-virgule, UTF-8 ou Windows-1252. "
        "Période : un mois (1 à 12, « mars ») ou un trimestre (T1 à T4). Montant : « 1 234,56 € ».",
        error_messages={"required": "Choisissez un fichier CSV.", "empty": "Le fichier est vide."},
    )
