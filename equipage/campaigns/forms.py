from __future__ import annotations

import datetime

from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput, MultilineTextField, SingleLineField
from equipage.people.models import Organisation
from equipage.registry.models import Phase

from .models import Campaign
from .validation import NON_FIELD, CampaignData, rule_choices, validate


class CampaignForm(DsfrBaseForm):
    """The campaign's fields; the rules of `validation.validate` (shared with the API) decide what is refused."""

    title = SingleLineField(
        label="Intitulé", max_length=160, error_messages={"required": "Donnez un intitulé à la campagne."}
    )
    description = MultilineTextField(
        label="Objet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pourquoi cette campagne, ce qui est attendu des équipes.",
    )
    rule_codes = forms.MultipleChoiceField(
        label="Règles à respecter",
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        error_messages={
            "required": "Choisissez au moins une règle : une campagne demande au portefeuille de la respecter."
        },
    )
    directorates = forms.ModelMultipleChoiceField(
        label="Directions",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune cochée : toutes les directions.",
    )
    phases = forms.MultipleChoiceField(
        label="Phases",
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune cochée : toutes les phases.",
    )
    public_services_only = forms.BooleanField(label="Services publics numériques seulement", required=False)
    target = forms.IntegerField(
        label="Cible (%)",
        min_value=1,
        max_value=100,
        help_text="Part des produits du périmètre qui doivent respecter les règles à l’échéance, de 1 à 100.",
        error_messages={
            "invalid": "La cible est un nombre entier de 1 à 100.",
            "required": "Indiquez la cible : la part des produits du périmètre qui doivent respecter les règles.",
            "min_value": "La cible est une part des produits du périmètre, entre 1 et 100 %%.",
            "max_value": "La cible est une part des produits du périmètre, entre 1 et 100 %%.",
        },
    )
    deadline = forms.DateField(
        label="Échéance",
        widget=DateInput(),
        help_text="Format : JJ/MM/AAAA.",
        error_messages={
            "invalid": "Échéance invalide : indiquez une date, par exemple 30/06/2027.",
            "required": "Indiquez l’échéance de la campagne.",
        },
    )

    def __init__(self, *args, today: datetime.date, instance: Campaign | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": instance.title,
                "description": instance.description,
                "rule_codes": instance.rule_codes,
                "directorates": list(instance.directorates.all()),
                "phases": instance.phases,
                "public_services_only": instance.public_services_only,
                "target": instance.target,
                "deadline": instance.deadline,
            }
        super().__init__(*args, **kwargs)
        self.today = today
        self.instance = instance
        self.fields["rule_codes"].choices = rule_choices()
        self.fields["deadline"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def campaign_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            title=data.get("title") or "",
            description=data.get("description") or "",
            rule_codes=list(data.get("rule_codes") or []),
            directorate_ids=[organisation.pk for organisation in data.get("directorates") or []],
            phases=list(data.get("phases") or []),
            public_services_only=bool(data.get("public_services_only")),
            target=data.get("target"),
            deadline=data.get("deadline"),
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for name, messages in validate(self.campaign_data(), self.today, self.instance).items():
            for message in messages:
                self.add_error(None if name == NON_FIELD else name, message)
        return cleaned
