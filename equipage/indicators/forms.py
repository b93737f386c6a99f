from __future__ import annotations

from django import forms
from django.utils.text import slugify
from dsfr.forms import DsfrBaseForm

from equipage.core.formats import long_date
from equipage.core.forms import SingleLineField, UploadInput
from equipage.governance.forms import DateInput

from .importer import MAX_BYTES
from .models import Indicator, Measurement, Objective
from .validation import MeasurementChecker, measurement_value


class DecimalTextField(forms.CharField):
    """A number typed the French way (12,5 ; 1 234,5) or the English way (12.5)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return measurement_value(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")


class ObjectiveForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "beneficiaries", "due_date", "description", "position"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"position": "Les objectifs s’affichent du plus petit au plus grand numéro."}


class IndicatorForm(DsfrBaseForm, forms.ModelForm):
    baseline = DecimalTextField(label="Valeur de référence", required=False, help_text="Par exemple : 12,5.")
    target = DecimalTextField(label="Cible", required=False, help_text="La valeur visée à la date cible.")

    class Meta:
        model = Indicator
        fields = [
            "objective",
            "name",
            "code",
            "definition",
            "unit",
            "unit_label",
            "direction",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "frequency",
            "source",
            "is_published",
            "is_active",
        ]
        widgets = {
            "baseline_date": DateInput(),
            "target_date": DateInput(),
            "definition": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"code": "Laissez vide pour le déduire du nom. Utilisé dans les imports et l’API."}
        error_messages = {"code": {"invalid": "Utilisez seulement des lettres minuscules, des chiffres et des tirets."}}

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["objective"].queryset = Objective.objects.filter(product=product)
        self.fields["objective"].empty_label = "Choisir un objectif"
        self.fields["code"].required = False
        if self.instance.pk is None:
            del self.fields["is_active"]

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code") or slugify(self.data.get(self.add_prefix("name"), ""))[:60]
        if not code:
            return code
        taken = Indicator.objects.filter(product=self.product, code=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Un autre indicateur de ce produit a déjà le code « {code} ».")
        return code

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and "code" not in self.errors:
            self.add_error("code", "Indiquez un code.")
        baseline_date, target_date = cleaned.get("baseline_date"), cleaned.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            self.add_error("target_date", "La date cible doit suivre la date de la valeur de référence.")
        return cleaned

    def save(self, commit=True):
        self.instance.product = self.product
        return super().save(commit)


class MeasurementForm(DsfrBaseForm):
    date = forms.DateField(
        label="Date ou début de période",
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="Pour une valeur mensuelle, le premier jour du mois.",
    )
    value = DecimalTextField(label="Valeur", help_text="Par exemple : 1 234,5.")
    comment = SingleLineField(
        label="Commentaire", required=False, max_length=Measurement._meta.get_field("comment").max_length
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.moved_from = None
        if indicator.period_start_hint:
            self.fields["date"].help_text = (
                f"Mesure {indicator.get_frequency_display().lower()} : datez-la {indicator.period_start_hint} "
                "(une autre date y est ramenée)."
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        row, errors = MeasurementChecker([self.indicator], default_indicator=self.indicator).check(
            None, date=cleaned.get("date"), value=cleaned.get("value"), comment=cleaned.get("comment")
        )
        for error in errors:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message[:1].upper() + error.message[1:])
        if row is not None:
            if row.date_moved:
                self.moved_from = row.given_date
            cleaned["date"] = row.date
        return cleaned

    @property
    def moved_message(self) -> str:
        if self.moved_from is None:
            return ""
        return (
            f" Datée du {long_date(self.cleaned_data['date'])}, début de sa période "
            f"(vous aviez saisi le {long_date(self.moved_from)})."
        )


class CorrectionForm(DsfrBaseForm):
    value = DecimalTextField(label="Valeur corrigée")
    comment = SingleLineField(
        label="Commentaire", required=False, max_length=Measurement._meta.get_field("comment").max_length
    )
    withdrawn = forms.BooleanField(
        label="Retirer cette mesure",
        required=False,
        help_text="Elle ne sera plus affichée ni comptée, mais reste dans l’historique.",
    )
    reason = SingleLineField(
        label="Motif de la correction",
        max_length=100,
        help_text="Conservé dans l’historique, par exemple : « erreur de saisie », « données Matomo consolidées ».",
    )


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier de mesures",
        help_text=f"CSV, XLSX ou ODS, {MAX_BYTES // (1024 * 1024)} Mo au plus.",
        widget=UploadInput(attrs={"accept": ".csv,.txt,.xlsx,.ods"}),
    )
    indicator = forms.ModelChoiceField(
        label="Indicateur, si le fichier n’a pas de colonne « indicateur »",
        queryset=Indicator.objects.none(),
        required=False,
        empty_label="Indiqué dans le fichier",
    )

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(product=product)


class TokenForm(DsfrBaseForm):
    name = SingleLineField(
        label="Nom du jeton",
        max_length=100,
        help_text="À quoi il sert, par exemple : « export Matomo nocturne ».",
    )
