from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from equipage.registry.models import Phase, Product
from equipage.teams.models import Membership


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in agent's starting point: the portfolio in figures and their own products."""
    products = Product.objects.all()
    by_phase = dict(products.active().values_list("phase").annotate(n=Count("id")).order_by())
    figures = products.aggregate(
        active=Count("id", filter=Q(archived_at__isnull=True)),
        public=Count("id", filter=Q(archived_at__isnull=True, is_public_service=True)),
        archived=Count("id", filter=Q(archived_at__isnull=False)),
    )
    context = {
        "title": "Tableau de bord",
        "figures": figures,
        "phases": [(label, by_phase.get(value, 0), value) for value, label in Phase.choices],
        "my_products": products.active()
        .filter(pk__in=Membership.objects.current().filter(person__user=request.user).values("product_id"))
        .for_listing()[:12],
        "recent_products": products.active().for_listing().order_by("-updated_at")[:8],
    }
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: is the database answering?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return JsonResponse({"status": "error", "database": "indisponible", "detail": str(error)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"title": "Déclaration d’accessibilité", "breadcrumb_data": {"current": "Accessibilité"}},
    )


@login_not_required
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"title": "Accès refusé", "message": message}, status=403)


@login_not_required
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"title": "Page non trouvée"}, status=404)


@login_not_required
def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may come from the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"title": "Erreur inattendue"}), status=500)


@login_not_required
def api_guide(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/api_guide.html",
        {"title": "Documentation de l’API", "breadcrumb_data": {"current": "API"}},
    )


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token: explain, in the design system."""
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
