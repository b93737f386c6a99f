from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput, SingleLineField
from equipage.people.models import Person
from equipage.teams.roles import Role

from .matrix import ACTIVITY_LABEL_MAX_LENGTH, role_label
from .models import Ritual, RitualMeeting


class RitualForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Ritual
        fields = ["name", "kind", "cadence", "start_date", "is_active"]
        widgets = {"start_date": DateInput()}
        help_texts = {
            "name": "Par exemple : Point d’alignement métier–DNUM, Démo de fin d’itération.",
            "is_active": "Décochez pour désactiver le rituel : il reste dans la liste et dans l’historique.",
        }
        error_messages = {
            "kind": {"invalid_choice": "Type inconnu : choisissez un type de la liste."},
            "cadence": {"invalid_choice": "Cadence inconnue : choisissez une cadence de la liste."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new ritual is active; deactivating happens later, from the list.
            del self.fields["is_active"]


class AddActivityForm(DsfrBaseForm):
    label = SingleLineField(
        label="Nom de l’activité",
        max_length=ACTIVITY_LABEL_MAX_LENGTH,
        help_text="Par exemple : Animer la recherche utilisateur.",
    )
    responsible_role = forms.ChoiceField(
        label="Rôle responsable",
        help_text="Parmi les rôles tenus dans l’équipe actuelle ; les autres niveaux se règlent dans la matrice.",
        error_messages={"invalid_choice": "Choisissez un rôle tenu dans l’équipe actuelle."},
    )

    def __init__(self, *args, held_roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(role, role_label(role)) for role in Role.values if role in set(held_roles)]
        self.fields["responsible_role"].choices = [("", "Choisir un rôle"), *choices]


class RitualMeetingForm(DsfrBaseForm, forms.ModelForm):
    """A meeting held: its date, who came (the product's current team), short notes."""

    class Meta:
        model = RitualMeeting
        fields = ["date", "attendees", "notes"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"attendees": "Les membres actuels de l’équipe présents à la réunion."}
        error_messages = {"date": {"invalid": "Date impossible : saisissez une date réelle, par exemple 15/01/2026."}}

    def __init__(self, *args, ritual: Ritual, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.ritual = ritual
        team = Person.objects.filter(memberships__in=ritual.product.memberships.current()).distinct()
        self.fields["attendees"].queryset = team.order_by("last_name", "first_name")
        self.fields["attendees"].error_messages["invalid_choice"] = (
            "Choisissez les participants parmi les membres actuels de l’équipe."
        )
