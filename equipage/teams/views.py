from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from equipage.core import french
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.people.models import Person
from equipage.registry.guards import product_page
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product

from . import services
from .filters import PersonListFilter
from .forms import CoachForm, EndMembershipForm, MembershipForm, PersonTrainingForm
from .models import Membership, total_time_shares
from .roles import GUIDES, GUIDES_BY_SLUG, Role


def _product_breadcrumb(product: Product, current: str, team_link: bool = False) -> dict:
    trail = [(reverse("teams:team", args=[product.slug]), "Équipe")] if team_link else []
    return product_breadcrumb(product, current, *trail)


edits_team = product_page(
    write=True,
    refusal="Seuls les responsables du produit et les administrateurs modifient son équipe.",
    archived_refusal="Ce produit est archivé : restaurez-le avant de modifier son équipe.",
)


@read_only
@product_page
def team(request: HttpRequest, product: Product) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(product=product).select_related("person__organisation").order_by("start_date")
    )
    today = timezone.localdate()
    current = [m for m in memberships if m.is_current(today)]
    totals = total_time_shares({m.person_id for m in current})
    for membership in current:
        membership.person_total = totals.get(membership.person_id, 0)
    role_order = {role: index for index, role in enumerate(Role.values)}
    current.sort(key=lambda m: (role_order[m.role], m.person.last_name))
    groups = [(Role(role).label, list(members)) for role, members in groupby(current, key=lambda m: m.role)]
    can_edit = can_edit_product(request.user, product) and not product.is_archived
    return render(
        request,
        "teams/team.html",
        {
            "title": f"Équipe {de(product.name)}",
            "breadcrumb_data": _product_breadcrumb(product, "Équipe"),
            "product": product,
            "groups": groups,
            "current_count": len(current),
            "total_share": sum(m.time_share for m in current),
            "upcoming": [m for m in memberships if m.start_date > today],
            "past": sorted((m for m in memberships if m.end_date and m.end_date < today), key=lambda m: m.end_date)[
                ::-1
            ],
            "can_edit": can_edit,
            "has_coach": any(m.role == Role.PRODUCT_COACH for m in current),
            "coach_form": CoachForm() if can_edit else None,
            "active_tab": "team",
        },
    )


def _save_after_warnings(request: HttpRequest, form, membership: Membership) -> list[str] | None:
    """Save the membership unless it calls for a warning the editor has not confirmed yet: then return the
    warnings to show (nothing written). None once saved; errors go on the form."""
    try:
        services.validate_membership(membership)
        warnings = services.membership_warnings(membership)
        if warnings and request.POST.get("confirmer") != "oui":
            return warnings
        services.save_membership(membership, user=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return []
    return None


def _membership_page(request, product, form, warnings, **context) -> HttpResponse:
    return render(
        request,
        "teams/membership_form.html",
        {"product": product, "form": form, "warnings": warnings, **context},
    )


@edits_team
def membership_create(request: HttpRequest, product: Product) -> HttpResponse:
    form = MembershipForm(request.POST or None, initial={"role": request.GET.get("role")})
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        membership = form.save(commit=False)
        membership.product = product
        warnings = _save_after_warnings(request, form, membership)
        if warnings is None:
            messages.success(request, f"{membership.person} a rejoint l’équipe comme {membership.get_role_display()}.")
            return redirect("teams:team", slug=product.slug)
    return _membership_page(
        request,
        product,
        form,
        warnings,
        title=f"Ajouter un membre à {product.name}",
        breadcrumb_data=_product_breadcrumb(product, "Ajouter un membre", team_link=True),
        submit_label="Ajouter à l’équipe",
    )


def _membership(product: Product, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("person"), pk=pk, product=product)


@edits_team
def membership_update(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    membership = _membership(product, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        warnings = _save_after_warnings(request, form, form.save(commit=False))
        if warnings is None:
            messages.success(request, "Le rôle a été mis à jour.")
            return redirect("teams:team", slug=product.slug)
    return _membership_page(
        request,
        product,
        form,
        warnings,
        title=f"Modifier le rôle {de(membership.person)}",
        breadcrumb_data=_product_breadcrumb(product, "Modifier un rôle", team_link=True),
        submit_label="Enregistrer",
    )


@edits_team
def coach_name(request: HttpRequest, product: Product) -> HttpResponse:
    """Name the product's coach produit in one step (offered on the team page when it has none)."""
    form = CoachForm(request.POST or None)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        membership = Membership(
            product=product,
            person=form.cleaned_data["person"],
            role=Role.PRODUCT_COACH,
            time_share=form.cleaned_data["time_share"],
            start_date=timezone.localdate(),
        )
        warnings = _save_after_warnings(request, form, membership)
        if warnings is None:
            messages.success(request, f"{membership.person} est désormais coach produit {de(product.name)}.")
            return redirect("teams:team", slug=product.slug)
    return render(
        request,
        "teams/coach_form.html",
        {
            "title": f"Nommer le coach produit {de(product.name)}",
            "breadcrumb_data": _product_breadcrumb(product, "Nommer le coach", team_link=True),
            "product": product,
            "form": form,
            "warnings": warnings,
        },
    )


@edits_team
def membership_end(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    membership = _membership(product, pk)
    form = EndMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(membership, form.cleaned_data["end_date"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Le rôle {de(membership.person)} se termine le {french.date(membership.end_date)}."
            )
            return redirect("teams:team", slug=product.slug)
    return render(
        request,
        "teams/membership_end.html",
        {
            "title": f"Terminer le rôle {de(membership.person)}",
            "breadcrumb_data": _product_breadcrumb(product, "Terminer un rôle", team_link=True),
            "product": product,
            "membership": membership,
            "form": form,
        },
    )


@read_only
def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonListFilter(request.GET, queryset=Person.objects.select_related("organisation"))
    page = paginate(request, filters.qs, 50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "teams/person_list.html",
        {
            "title": "Personnes",
            "breadcrumb_data": {"current": "Personnes"},
            "filters": filters.form,
            "page_obj": page,
            "people": page.object_list,
            "query_string": query.urlencode(),
        },
    )


def _can_edit_person(user, person: Person) -> bool:
    """The person, administrators, and the editors of a product the person currently works on (they
    record the training of their team's members)."""
    if user.is_administrator or (person.user_id is not None and person.user_id == user.pk):
        return True
    products = Product.objects.filter(
        pk__in=Membership.objects.current().filter(person=person).values("product_id"), archived_at__isnull=True
    )
    return any(can_edit_product(user, product) for product in products)


@read_only
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organisation", "user"), pk=pk)
    memberships = list(person.memberships.select_related("product__sponsor").order_by("-start_date"))
    current = [m for m in memberships if m.is_current()]
    total = sum(m.time_share for m in current)
    return render(
        request,
        "teams/person_detail.html",
        {
            "title": str(person),
            "breadcrumb_data": {
                "links": [{"url": reverse("teams:person_list"), "title": "Personnes"}],
                "current": str(person),
            },
            "person": person,
            "current": current,
            "past": [m for m in memberships if not m.is_current()],
            "total_share": total,
            "overloaded": total > 100,
            "can_edit": _can_edit_person(request.user, person),
        },
    )


def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not _can_edit_person(request.user, person):
        raise PermissionDenied(
            "Seuls la personne, les responsables de ses produits et les administrateurs modifient cette fiche."
        )
    form = PersonTrainingForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "La fiche a été mise à jour.")
        return redirect("teams:person_detail", pk=person.pk)
    return render(
        request,
        "teams/person_form.html",
        {
            "title": f"Modifier {person}",
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("teams:person_list"), "title": "Personnes"},
                    {"url": reverse("teams:person_detail", args=[person.pk]), "title": str(person)},
                ],
                "current": "Modifier",
            },
            "person": person,
            "form": form,
        },
    )


@read_only
def guide_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "teams/guide_index.html",
        {"title": "Guide des rôles", "breadcrumb_data": {"current": "Guide des rôles"}, "guides": GUIDES.values()},
    )


@read_only
def role_guide(request: HttpRequest, role_slug: str) -> HttpResponse:
    guide = GUIDES_BY_SLUG.get(role_slug)
    if guide is None:
        raise Http404("Rôle inconnu.")
    return render(
        request,
        "teams/role_guide.html",
        {
            "title": f"Guide du rôle : {guide.label}",
            "breadcrumb_data": {
                "links": [{"url": reverse("teams:guide_index"), "title": "Guide des rôles"}],
                "current": guide.label,
            },
            "guide": guide,
        },
    )
