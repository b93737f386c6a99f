from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput
from equipage.teams.roles import Role

from .matrix import ACTIVITY_LABEL_MAX_LENGTH, role_label
from .models import Ritual


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
    label = forms.CharField(
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
