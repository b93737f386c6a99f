from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_POST

from equipage.core.french import de
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.people.models import Person
from equipage.registry.permissions import editable_products

from . import invitations, services, tokens
from .filters import SignInJournalFilter
from .forms import (
    DigestPreferenceForm,
    DsfrPasswordChangeForm,
    DsfrSetPasswordForm,
    InviteForm,
    LoginForm,
    PersonalTokenForm,
    PersonCreateForm,
    PersonForm,
)
from .models import DigestFrequency, PersonalToken, SignInEvent, User


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion"}

    def get_initial(self) -> dict:
        # After choosing a password from an invitation, the address is already filled in.
        return {"username": self.request.GET.get("adresse", "")[:254]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_failed"] = self.request.GET.get("echec") == "proconnect"
        return context


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = DsfrPasswordChangeForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {
        "title": "Changer de mot de passe",
        "breadcrumb_data": {
            "links": [{"url": reverse_lazy("accounts:account"), "title": "Mon compte"}],
            "current": "Mot de passe",
        },
    }

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe a été changé.")
        return response


@read_only
def account(request: HttpRequest) -> HttpResponse:
    tokens = PersonalToken.objects.filter(user=request.user).order_by("-created_at")
    products = [] if request.user.is_administrator else editable_products(request.user).active().for_listing()
    return render(
        request,
        "accounts/account.html",
        {
            "title": "Mon compte",
            "breadcrumb_data": {"current": "Mon compte"},
            "tokens": tokens,
            "token_form": PersonalTokenForm(),
            "new_token": request.session.pop("new_api_token", None),
            "products": products,
            "digest_form": DigestPreferenceForm(instance=request.user),
            "digest_changes": digest_changes(request.user),
        },
    )


def digest_changes(user, limit: int = 10) -> list[dict]:
    """The account's successive choices of digest frequency, newest first, from its history (one query)."""
    records = list(
        user.history.order_by("history_date", "history_id").values(
            "history_date", "digest_frequency", "history_user__first_name", "history_user__last_name"
        )
    )
    labels = dict(DigestFrequency.choices)
    changes, previous = [], None
    for record in records:
        if record["digest_frequency"] != previous:
            if previous is not None:
                author = f"{record['history_user__first_name'] or ''} {record['history_user__last_name'] or ''}"
                changes.append(
                    {
                        "date": record["history_date"],
                        "value": labels.get(record["digest_frequency"], record["digest_frequency"]),
                        "author": author.strip() or "Système",
                    }
                )
            previous = record["digest_frequency"]
    return changes[::-1][:limit]


@require_POST
def digest_preference(request: HttpRequest) -> HttpResponse:
    """Change how often one receives the digest; an unknown value is refused in French and nothing is written."""
    form = DigestPreferenceForm(request.POST, instance=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("accounts:account")
    if "digest_frequency" in form.changed_data:
        form.save()
        messages.success(request, f"Résumé par courriel : {form.instance.get_digest_frequency_display().lower()}.")
    return redirect("accounts:account")


@require_POST
def regenerate_token(request: HttpRequest) -> HttpResponse:
    """Create a personal API token with its name and duration (a year at most); its secret is shown once."""
    form = PersonalTokenForm(request.POST or None)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("accounts:account")
    _token, secret = tokens.issue_token(request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
    request.session["new_api_token"] = secret
    messages.success(request, "Un nouveau jeton d’API a été créé. Copiez-le maintenant : il ne sera plus affiché.")
    return redirect("accounts:account")


@require_POST
def revoke_token(request: HttpRequest) -> HttpResponse:
    """Revoke one of one's own tokens (the `token` field), or all of them when none is named."""
    own = PersonalToken.objects.filter(user=request.user)
    wanted = request.POST.get("token", "")
    if wanted:
        own = own.filter(pk=int(wanted)) if wanted.isdigit() else own.none()
    if tokens.revoke(own, reason="révoqué par son titulaire", by=request.user):
        messages.success(request, "Le jeton d’API a été révoqué." if wanted else "Vos jetons d’API ont été révoqués.")
    return redirect("accounts:account")


@read_only
def signin_journal(request: HttpRequest) -> HttpResponse:
    """The sign-in journal, for administrators only."""
    if not request.user.is_administrator:
        raise PermissionDenied("Le journal des connexions est réservé aux administrateurs du portefeuille.")
    filters = SignInJournalFilter(request.GET, queryset=SignInEvent.objects.select_related("user"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/signin_journal.html",
        {
            "title": "Journal des connexions",
            "breadcrumb_data": {"current": "Journal des connexions"},
            "page_obj": paginate(request, filters.qs, 50),
            "query_string": query.urlencode(),
            "filters": filters.form,
            "delay_after": settings.SIGNIN_DELAY_AFTER,
            "lock_after": settings.AXES_FAILURE_LIMIT,
            "lock_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


# --- People and accounts, run by administrators ---

ADMINS_ONLY = "Seuls les administrateurs du portefeuille créent et modifient les personnes et leurs comptes."


def _require_administrator(user) -> None:
    if not user.is_administrator:
        raise PermissionDenied(ADMINS_ONLY)


def _people_breadcrumb(current: str, person: Person | None = None) -> dict:
    links = [{"url": reverse("teams:person_list"), "title": "Personnes"}]
    if person is not None:
        links.append({"url": reverse("teams:person_detail", args=[person.pk]), "title": str(person)})
    return {"links": links, "current": current}


def person_create(request: HttpRequest) -> HttpResponse:
    """A new person, and with the box ticked their account and its invitation e-mail."""
    _require_administrator(request.user)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        try:
            with transaction.atomic():
                services.save_person(person, by=request.user)
                if form.cleaned_data["create_account"]:
                    services.invite(person, by=request.user, is_portfolio_admin=form.cleaned_data["is_portfolio_admin"])
        except ValidationError as error:
            person.pk = None
            form.add_error(None, error)
        else:
            if person.user_id:
                messages.success(
                    request, f"La fiche {de(person)} a été créée ; une invitation a été envoyée à {person.email}."
                )
            else:
                messages.success(request, f"La fiche {de(person)} a été créée, sans compte.")
            return redirect("teams:person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {
            "title": "Ajouter une personne",
            "breadcrumb_data": _people_breadcrumb("Ajouter une personne"),
            "form": form,
            "submit_label": "Ajouter la personne",
            "cancel_url": reverse("teams:person_list"),
        },
    )


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's identity; their account's name and sign-in address follow."""
    _require_administrator(request.user)
    person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_person(form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "L’identité a été mise à jour.")
            return redirect("teams:person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {
            "title": f"Modifier l’identité {de(person)}",
            "breadcrumb_data": _people_breadcrumb("Identité", person),
            "form": form,
            "person": person,
            "submit_label": "Enregistrer",
            "cancel_url": reverse("teams:person_detail", args=[person.pk]),
        },
    )


ACCOUNT_ACTIONS = ("inviter", "renvoyer", "desactiver", "reactiver", "droits")


def person_account(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's account: create it and invite, resend the invitation, deactivate, reactivate, rights."""
    _require_administrator(request.user)
    person = get_object_or_404(Person.objects.select_related("user", "organisation"), pk=pk)
    account = person.user
    form = InviteForm(request.POST or None, initial={"is_portfolio_admin": account and account.is_portfolio_admin})
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action not in ACCOUNT_ACTIONS or (account is None) != (action == "inviter"):
                raise ValidationError("Action inconnue pour ce compte : rien n’a été enregistré.")
            form.is_valid()
            admin = bool(form.cleaned_data.get("is_portfolio_admin"))
            if action == "inviter":
                services.invite(person, by=request.user, is_portfolio_admin=admin)
                done = f"Le compte a été créé ; une invitation a été envoyée à {person.email}."
            elif action == "renvoyer":
                services.resend_invitation(account, by=request.user)
                done = f"Une nouvelle invitation a été envoyée à {account.email} ; le lien précédent ne vaut plus."
            elif action == "desactiver":
                services.deactivate(account, by=request.user)
                done = "Le compte a été désactivé : il ne peut plus se connecter et ses jetons d’API sont révoqués."
            elif action == "reactiver":
                services.reactivate(account, by=request.user)
                done = "Le compte a été réactivé."
            else:
                services.set_administrator(account, admin, by=request.user)
                done = "Les droits du compte ont été mis à jour."
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, done)
            return redirect("accounts:person_account", pk=person.pk)
    return render(
        request,
        "accounts/person_account.html",
        {
            "title": f"Compte {de(person)}",
            "breadcrumb_data": _people_breadcrumb("Compte", person),
            "person": person,
            "account": account,
            "pending": account is not None and invitations.is_pending(account),
            "invitation_days": invitations.INVITATION_DAYS,
            "form": form,
            "errors": errors,
            "history": list(account.history.select_related("history_user").order_by("-history_date")[:20])
            if account
            else [],
        },
        status=400 if errors else 200,
    )


@login_not_required
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The invitee chooses a password, under the project's password rules, then signs in."""
    try:
        account = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        account = None
    if account is None or not account.is_active or not invitations.invitation_tokens.check_token(account, token):
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"title": "Lien d’invitation expiré ou déjà utilisé", "days": invitations.INVITATION_DAYS},
            status=410,
        )
    form = DsfrSetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account._history_user = account
        form.save()
        messages.success(
            request, "Votre mot de passe est enregistré : connectez-vous avec votre adresse et ce mot de passe."
        )
        return redirect(f"{reverse('accounts:login')}?{urlencode({'adresse': account.email})}")
    return render(
        request,
        "accounts/invitation.html",
        {"title": "Choisir votre mot de passe", "form": form, "account": account},
    )
