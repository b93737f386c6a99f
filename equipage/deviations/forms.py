from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput, MultilineTextField


class RequestForm(DsfrBaseForm):
    """Ask to accept one of the product's findings: the rule, why, until when (at most 12 months)."""

    code = forms.ChoiceField(
        label="Point de vigilance à accepter",
        error_messages={
            "required": "Choisissez le point de vigilance à accepter.",
            "invalid_choice": "Choisissez un point de vigilance du produit dans la liste.",
        },
    )
    justification = MultilineTextField(
        label="Justification",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pourquoi ce point est accepté, et ce qui sera fait d’ici là.",
        error_messages={"required": "Indiquez pourquoi ce point est accepté : la justification est obligatoire."},
    )
    end_date = forms.DateField(
        label="Date de fin",
        widget=DateInput(),
        help_text="Au plus 12 mois après aujourd’hui ; le point compte de nouveau après cette date.",
        error_messages={
            "required": "Indiquez la date de fin de la dérogation.",
            "invalid": "Saisissez une date valide, par exemple 30/06/2027.",
        },
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choisir un point de vigilance"), *choices]


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accepter", "Accepter la dérogation"), ("refuser", "Refuser la dérogation")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez d’accepter ou de refuser.",
            "invalid_choice": "Choisissez d’accepter ou de refuser.",
        },
    )
    comment = MultilineTextField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Obligatoire pour un refus.",
    )


class RevokeForm(DsfrBaseForm):
    reason = MultilineTextField(
        label="Motif de la révocation",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Le point de vigilance comptera de nouveau dès la révocation.",
    )


class PortfolioFilterForm(forms.Form):
    statut = forms.ChoiceField(label="État", required=False)
    direction = forms.TypedChoiceField(label="Direction", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, statuses=(), directorates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statut"].choices = [("", "Tous"), *statuses]
        self.fields["direction"].choices = [("", "Toutes"), *directorates]
