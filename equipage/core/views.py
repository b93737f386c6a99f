import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .errors import error_response, wants_json
from .http import is_local_request, read_only


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: only {"status": …} for anyone; details for administrators
    and for requests from the machine itself (the database vendor, the error)."""
    error = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as failure:  # any database failure makes the instance unready
        error = failure
    body = {"status": "ok" if error is None else "error"}
    if _may_read_health_details(request, database_up=error is None):
        body["database"] = "ok" if error is None else "indisponible"
        body["vendor"] = connection.vendor
        if error is not None:
            body["detail"] = str(error)[:500]
    return JsonResponse(body, status=200 if error is None else 503)


def _may_read_health_details(request: HttpRequest, *, database_up: bool) -> bool:
    if is_local_request(request):
        return True
    if not database_up:
        return False  # the session cannot be read: nobody is known to be an administrator
    try:
        return bool(getattr(request.user, "is_administrator", False))
    except Exception:
        return False


@login_not_required
@read_only
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"title": "Déclaration d’accessibilité", "breadcrumb_data": {"current": "Accessibilité"}},
    )


@login_not_required
@read_only
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/legal_notice.html",
        {"title": "Mentions légales", "breadcrumb_data": {"current": "Mentions légales"}},
    )


@login_not_required
@read_only
def personal_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/personal_data.html",
        {"title": "Données personnelles et cookies", "breadcrumb_data": {"current": "Données personnelles"}},
    )


@login_not_required
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    if wants_json(request):  # The API's error shape, as its schema documents, even outside its views.
        return error_response(
            request, 403, title="Accès refusé", message=message or "Vous n’avez pas le droit d’accéder à cette page."
        )
    return render(request, "403.html", {"title": "Accès refusé", "message": message}, status=403)


@login_not_required
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):  # An address no API route matches answers the API's error shape.
        return error_response(request, 404, title="Page non trouvée", message="Ressource introuvable.")
    return render(request, "404.html", {"title": "Page non trouvée"}, status=404)


DATABASE_UNAVAILABLE = (
    "La base de données ne répond pas pour le moment (maintenance ou surcharge). Réessayez dans quelques "
    "instants : rien n’a été perdu de ce qui était déjà enregistré."
)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503, not 500, while the database is unreachable or busy: a DSFR page, or JSON for the API."""
    return error_response(
        request,
        503,
        title="Service momentanément indisponible",
        message=DATABASE_UNAVAILABLE,
        advice="Si vous envoyiez un formulaire, renvoyez-le une fois le service rétabli.",
        headers={"Retry-After": "5"},
    )


@login_not_required
def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may come from the database itself.
    from django.template import loader

    failure = sys.exc_info()[1]
    if isinstance(failure, OperationalError | InterfaceError):
        return database_unavailable(request)
    if wants_json(request):
        return error_response(request, 500, title="Erreur inattendue", message="Erreur inattendue du serveur.")
    return HttpResponse(loader.get_template("500.html").render({"title": "Erreur inattendue"}), status=500)


@login_not_required
@read_only
def api_guide(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/api_guide.html",
        {"title": "Documentation de l’API", "breadcrumb_data": {"current": "API"}},
    )


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token: explain, in the design system."""
    if wants_json(request):
        return error_response(
            request,
            403,
            title="Formulaire expiré",
            message="Jeton CSRF absent ou expiré : avec une session, envoyez l’en-tête X-CSRFToken ; "
            "un script utilise plutôt un jeton d’API (Authorization: Token …).",
        )
    return render(
        request,
        "403.html",
        {
            "title": "Formulaire expiré",
            "message": "Le formulaire a expiré ou a été envoyé depuis une autre page (par exemple après une "
            "déconnexion dans un autre onglet). Rechargez la page, puis recommencez : rien n’a été enregistré.",
        },
        status=403,
    )
