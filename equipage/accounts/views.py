from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.registry.permissions import editable_products

from . import tokens
from .forms import DsfrPasswordChangeForm, LoginForm, PersonalTokenForm
from .models import PersonalToken, SignInEvent


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion"}

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
        },
    )


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
    events = SignInEvent.objects.select_related("user")
    kind = request.GET.get("evenement", "")
    if kind in SignInEvent.Kind.values:
        events = events.filter(kind=kind)
    email = request.GET.get("adresse", "").strip()[:254]
    if email:
        events = events.filter(email__icontains=email)
    query = urlencode({key: value for key, value in (("evenement", kind), ("adresse", email)) if value})
    return render(
        request,
        "accounts/signin_journal.html",
        {
            "title": "Journal des connexions",
            "breadcrumb_data": {"current": "Journal des connexions"},
            "page_obj": paginate(request, events, 50),
            "query_string": query,
            "kinds": SignInEvent.Kind.choices,
            "kind": kind,
            "email": email,
            "delay_after": settings.SIGNIN_DELAY_AFTER,
            "lock_after": settings.AXES_FAILURE_LIMIT,
            "lock_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )
