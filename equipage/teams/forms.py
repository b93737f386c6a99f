import datetime

from django import forms
from django.db.models import Case, When
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput, QuickSelect
from equipage.people.models import Organisation, Person

from .models import Membership


class PersonChoiceIterator(forms.models.ModelChoiceIterator):
    """A person's option as « Prénom Nom — organisation », read as plain values: a portfolio holds
    thousands of people, and a model instance per option cost more than the page itself."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "first_name", "last_name", "organisation__acronym", "organisation__name")
        for pk, first_name, last_name, acronym, organisation in rows:
            yield (pk, f"{first_name} {last_name} — {acronym or organisation}")


class PersonChoiceField(forms.ModelChoiceField):
    iterator = PersonChoiceIterator


class MembershipForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "time_share", "start_date", "end_date"]
        field_classes = {"person": PersonChoiceField}
        widgets = {
            # A portfolio holds thousands of people: their options are written in Python, not a template each.
            "person": QuickSelect(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "time_share": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        error_messages = {
            "person": {"invalid_choice": "Personne inconnue : choisissez une personne de la liste."},
            "role": {"invalid_choice": "Rôle inconnu : choisissez un rôle de la liste."},
            "time_share": {
                "min_value": "La part du temps doit être comprise entre 0 et 100 %%.",
                "max_value": "La part du temps doit être comprise entre 0 et 100 %%.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.select_related("organisation").order_by(
            "last_name", "first_name"
        )
        self.fields["person"].empty_label = "Choisir une personne"
        self.fields["role"].choices = [("", "Choisir un rôle"), *Membership._meta.get_field("role").choices]
        if self.instance.pk:
            self.fields["person"].disabled = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La date de fin ne peut pas précéder la date de début.")
        return cleaned


class CoachForm(DsfrBaseForm):
    """Name a product's coach in one step: the person and their time share, from today."""

    person = PersonChoiceField(
        label="Coach produit",
        queryset=Person.objects.none(),
        widget=QuickSelect(),
        empty_label="Choisir une personne",
        help_text="Le coach produit est normalement un membre de la DNUM.",
        error_messages={
            "required": "Choisissez la personne à nommer coach produit.",
            "invalid_choice": "Personne inconnue : choisissez une personne de la liste.",
        },
    )
    time_share = forms.IntegerField(
        label="Part de son temps sur ce produit (%)",
        min_value=0,
        max_value=100,
        initial=10,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        error_messages={
            "required": "Indiquez la part de son temps, entre 0 et 100 %.",
            "min_value": "La part du temps doit être comprise entre 0 et 100 %%.",
            "max_value": "La part du temps doit être comprise entre 0 et 100 %%.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People of the DNUM first: the guide puts a coach of the DNUM beside the team.
        people = Person.objects.select_related("organisation").order_by(
            Case(When(organisation__kind=Organisation.Kind.DIGITAL_DIRECTORATE, then=0), default=1),
            "last_name",
            "first_name",
        )
        self.fields["person"].queryset = people


class EndMembershipForm(DsfrBaseForm):
    end_date = forms.DateField(label="Date de fin", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_end_date(self) -> datetime.date:
        end_date = self.cleaned_data["end_date"]
        if end_date < self.membership.start_date:
            raise forms.ValidationError("La date de fin ne peut pas précéder la date de début.")
        return end_date


class PersonTrainingForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["job_title", "trained_in_product_methods", "product_training_date"]
        widgets = {"product_training_date": DateInput()}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("product_training_date") and not cleaned.get("trained_in_product_methods"):
            self.add_error("trained_in_product_methods", "Cochez cette case si une date de formation est indiquée.")
        if cleaned.get("product_training_date") and cleaned["product_training_date"] > timezone.localdate():
            self.add_error("product_training_date", "La date de formation ne peut pas être dans le futur.")
        return cleaned
