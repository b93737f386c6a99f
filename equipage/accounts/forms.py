from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from dsfr.forms import DsfrBaseForm


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
    name = forms.CharField(
        label="Nom du jeton", max_length=100, help_text="À quoi il sert, par exemple « export nocturne »."
    )
    days = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        choices=[(30, "30 jours"), (90, "90 jours"), (180, "6 mois"), (365, "1 an")],
        initial=90,
        help_text="Un an au plus : le jeton cesse ensuite de fonctionner.",
    )
