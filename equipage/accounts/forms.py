from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import SingleLineField
from equipage.people.models import Person

from . import services
from .invitations import INVITATION_DAYS
from .models import User


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : prenom.nom@example.gouv.fr",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie et réessayez.",
        "inactive": "Ce compte est désactivé. Contactez un administrateur du portefeuille.",
    }

    def clean(self):
        """A wrong password is reported on the password field, so it is tied to it and announced."""
        try:
            return super().clean()
        except forms.ValidationError as error:
            wait = getattr(self.request, "signin_wait", 0)
            if wait:
                from .signin import wait_message

                raise forms.ValidationError(wait_message(wait), code="delayed") from None
            if error.code != "invalid_login":
                raise
            self.add_error("password", error)
            return self.cleaned_data


class DsfrPasswordChangeForm(DsfrBaseForm, PasswordChangeForm):
    pass


class PersonalTokenForm(DsfrBaseForm):
    name = SingleLineField(
        label="Nom du jeton", max_length=100, help_text="À quoi il sert, par exemple « export nocturne »."
    )
    days = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        choices=[(30, "30 jours"), (90, "90 jours"), (180, "6 mois"), (365, "1 an")],
        initial=90,
        help_text="Un an au plus : le jeton cesse ensuite de fonctionner.",
    )


class PersonForm(DsfrBaseForm, forms.ModelForm):
    """A person's identity, kept by administrators; on creation, optionally their account and invitation."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "organisation", "job_title"]
        help_texts = {"email": "Format attendu : prenom.nom@example.gouv.fr. C’est aussi l’adresse de connexion."}
        error_messages = {
            "email": {"invalid": "Saisissez une adresse électronique valide, par exemple prenom.nom@example.gouv.fr."},
            "organisation": {"invalid_choice": "Organisation inconnue : choisissez une organisation de la liste."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = "Choisir une organisation"
        self.fields["first_name"].error_messages["required"] = "Indiquez le prénom de la personne."
        self.fields["last_name"].error_messages["required"] = "Indiquez le nom de la personne."
        self.fields["email"].error_messages["required"] = "Indiquez l’adresse électronique de la personne."
        self.fields["organisation"].error_messages["required"] = "Choisissez l’organisation de la personne."

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        try:
            services.check_email_free(email, person=self.instance)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["email"]) from None
        return email

    def validate_unique(self) -> None:
        """Uniqueness is checked case-insensitively in `clean_email`, against accounts too."""


class PersonCreateForm(PersonForm):
    create_account = forms.BooleanField(
        label="Créer son compte et lui envoyer une invitation",
        required=False,
        initial=True,
        help_text=f"Un courriel lui donne un lien, valable {INVITATION_DAYS} jours, pour choisir son mot de passe.",
    )
    is_portfolio_admin = forms.BooleanField(
        label="Administrateur du portefeuille",
        required=False,
        help_text="Peut tout faire : créer des produits, des personnes et des comptes, modifier tout produit.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_portfolio_admin") and not cleaned.get("create_account"):
            self.add_error(
                "is_portfolio_admin", "Un administrateur a besoin d’un compte : cochez aussi la case du compte."
            )
        return cleaned


class InviteForm(DsfrBaseForm):
    is_portfolio_admin = forms.BooleanField(
        label="Administrateur du portefeuille",
        required=False,
        help_text="Peut tout faire : créer des produits, des personnes et des comptes, modifier tout produit.",
    )


class DsfrSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class DigestPreferenceForm(DsfrBaseForm, forms.ModelForm):
    """How often the account's holder receives the summary of what is theirs to do."""

    class Meta:
        model = User
        fields = ["digest_frequency"]
        widgets = {"digest_frequency": forms.RadioSelect}
        labels = {"digest_frequency": "Recevoir le résumé de ce que j’ai à faire"}
        error_messages = {
            "digest_frequency": {
                "invalid_choice": "Choisissez une fréquence proposée : chaque semaine, chaque jour ou jamais.",
                "required": "Choisissez une fréquence : chaque semaine, chaque jour ou jamais.",
            }
        }
