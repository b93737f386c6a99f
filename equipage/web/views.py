"""The pages that compose several apps: the dashboard, the product list and the product sheet.

This is the top layer: it may import every app, and no app imports it. The sheet's sections and
the product tabs come from the registry in `equipage/core/product_pages.py`, filled by each app.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from equipage.budget.selectors import budget_link
from equipage.checks.deadlines import as_deadlines, stored_deadlines
from equipage.checks.store import flush, severity_counts_of, with_severity_counts
from equipage.compliance.selectors import stored_state_counts
from equipage.compliance.states import Status as ComplianceStatus
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.core.product_pages import sheet_sections
from equipage.core.vocabulary import Severity
from equipage.indicators.selectors import statistics_link
from equipage.people.models import Person
from equipage.registry.guards import product_page
from equipage.registry.models import Phase, Product
from equipage.registry.permissions import can_create_product, can_edit_product
from equipage.teams.models import Membership, current_team, current_total_share

from .filters import ProductListFilter

PRODUCTS_PER_PAGE = 25
DEADLINE_HORIZON_DAYS = 90
# The compliance states the dashboard counts, most urgent first (each links to the heat map filtered on it).
COMPLIANCE_STATES = (
    ComplianceStatus.LAPSED,
    ComplianceStatus.MISSING,
    ComplianceStatus.DUE_SOON,
    ComplianceStatus.EXEMPTED,
    ComplianceStatus.DONE,
)


def portfolio_health(today: datetime.date) -> dict:
    """The portfolio's health at a glance, for the dashboard: findings by severity, products by compliance
    state, people above 100 %, deadlines of the next 90 days. A fixed number of queries whatever its size."""
    active = Product.objects.active()
    flush()
    findings = active.aggregate(
        bloquant=Coalesce(Sum("vigilance_summary__blocking"), 0),
        a_surveiller=Coalesce(Sum("vigilance_summary__watch"), 0),
        information=Coalesce(Sum("vigilance_summary__info"), 0),
        p_bloquant=Count("pk", filter=Q(vigilance_summary__blocking__gt=0)),
        p_a_surveiller=Count("pk", filter=Q(vigilance_summary__watch__gt=0)),
        p_information=Count("pk", filter=Q(vigilance_summary__info__gt=0)),
    )
    per_area, overall = stored_state_counts(active)
    overloaded = Person.objects.annotate(total_share=current_total_share(today)).filter(total_share__gt=100).count()
    horizon = today + datetime.timedelta(days=DEADLINE_HORIZON_DAYS)
    deadlines = stored_deadlines(active, until=horizon)
    counts = deadlines.aggregate(
        overdue=Count("pk", filter=Q(date__lt=today)), upcoming=Count("pk", filter=Q(date__gte=today))
    )
    return {
        "severities": [
            (severity, label, findings[severity], findings[f"p_{severity}"]) for severity, label in Severity.choices
        ],
        "compliance": [(state.value, state.label, overall[state]) for state in COMPLIANCE_STATES],
        "accessibility": [(state.value, state.label, per_area["rgaa"][state]) for state in COMPLIANCE_STATES],
        "overloaded": overloaded,
        "overdue": counts["overdue"],
        "upcoming": counts["upcoming"],
        "next_deadlines": as_deadlines(deadlines.filter(date__gte=today)[:5]),
        "horizon_days": DEADLINE_HORIZON_DAYS,
    }


@read_only
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
        "health": portfolio_health(timezone.localdate()),
    }
    return render(request, "web/home.html", context)


def product_links(product: Product, sections: dict | None = None) -> list[tuple[str, str]]:
    """The sheet's outward links; statistics fall back to Équipage's public page when the team gives none
    (taken from the indicators section when the sheet has loaded it, rather than asked again)."""
    links = product.links()
    summary = next(
        (
            section.context["indicator_summary"]
            for section in (sections or {}).get("main", [])
            if "indicator_summary" in section.context
        ),
        None,
    )
    public_page = (
        summary.public_url if summary is not None else (not product.statistics_url and statistics_link(product))
    )
    if not product.statistics_url and public_page:
        links.insert(1 if product.service_url else 0, ("Page de statistiques", public_page))
    if not product.budget_url and (public_budget := budget_link(product)):
        links.append(("Page de budget", public_budget))
    return links


@read_only
def product_list(request: HttpRequest) -> HttpResponse:
    filters = ProductListFilter(request.GET, queryset=Product.objects.for_listing().order_by("name"))
    page = paginate(request, with_severity_counts(filters.qs), PRODUCTS_PER_PAGE)
    for product in page.object_list:
        product.vigilance = severity_counts_of(product)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/product_list.html",
        {
            "title": "Produits",
            "breadcrumb_data": {"current": "Produits"},
            "filters": filters.form,
            "page_obj": page,
            "products": page.object_list,
            "query_string": query.urlencode(),
            "can_create": can_create_product(request.user),
        },
    )


@read_only
@product_page
def product_detail(request: HttpRequest, product: Product) -> HttpResponse:
    sections = sheet_sections(product)
    return render(
        request,
        "web/product_detail.html",
        {
            "title": product.name,
            "breadcrumb_data": {
                "links": [{"url": reverse("registry:product_list"), "title": "Produits"}],
                "current": product.name,
            },
            "product": product,
            "leads": sorted(
                (membership for membership in current_team(product) if membership.is_leading),
                key=lambda membership: (membership.role, membership.person.last_name),
            ),
            "can_edit": can_edit_product(request.user, product),
            "sections": sections,
            "links": product_links(product, sections),
            "archive_reason": product.history.filter(archived_at__isnull=False)
            .order_by("-history_date")
            .values_list("history_change_reason", flat=True)
            .first()
            if product.is_archived
            else None,
            "active_tab": "sheet",
        },
    )
