from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from equipage.core import french
from equipage.core.exports import Table, export_response
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.registry.guards import UNSAFE, product_page
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Governance, Product
from equipage.registry.permissions import can_edit_product

from . import matrix as domain
from .defaults import Level
from .forms import AddActivityForm, RitualForm, RitualMeetingForm
from .models import Ritual, lateness_limit

LEVEL_CHOICES = [("", "—"), *Level.choices]
LEVEL_DESCRIPTIONS = [
    (Level.RESPONSIBLE.label, "répond de l’activité et tranche ; un seul par activité."),
    (Level.CO_RESPONSIBLE.label, "en répond avec d’autres : sans responsable, il en faut au moins deux."),
    (Level.PARTICIPATES.label, "y contribue activement."),
    (Level.CONSULTED.label, "donne son avis avant les décisions."),
    (Level.INFORMED.label, "est tenu au courant des décisions."),
]


def _breadcrumb(product: Product, current: str, parent: tuple[str, str] | None = None) -> dict:
    return product_breadcrumb(product, current, *([parent] if parent else []))


def _matrix_url(product: Product) -> str:
    return reverse("governance:matrix", args=[product.slug])


def _rituals_url(product: Product) -> str:
    return reverse("governance:ritual_list", args=[product.slug])


MATRIX_ARCHIVED = "Ce produit est archivé : restaurez-le avant de modifier sa matrice des responsabilités."
edits_matrix = product_page(write=True, archived_refusal=MATRIX_ARCHIVED)
edits_rituals = product_page(
    write=True, archived_refusal="Ce produit est archivé : restaurez-le avant de modifier ses rituels."
)


# --- Responsibility matrix ---


def _submitted_levels(post) -> dict[str, dict[str, str]]:
    """The cells of the matrix form: fields named `<activity key>__<role>`."""
    levels: dict[str, dict[str, str]] = {}
    for name, value in post.items():
        key, separator, role = name.partition("__")
        if separator and key and role:
            levels.setdefault(key, {})[role] = value.strip()
    return levels


def _matrix_page(
    request: HttpRequest,
    product: Product,
    *,
    can_edit: bool,
    submitted: dict | None = None,
    error: ValidationError | None = None,
    add_form: AddActivityForm | None = None,
) -> HttpResponse:
    """The matrix page; after a refused submission, the submitted values and the reasons instead of the saved ones."""
    matrix = domain.effective_matrix(product)
    holders = domain.role_holders(product)
    held = set(holders)
    columns = domain.matrix_columns(matrix, held)
    problems = domain.validate_matrix(matrix, held)
    if error is not None:
        row_messages = error.message_dict if hasattr(error, "error_dict") else {}
    else:
        row_messages = {key: [p.message for p in found] for key, found in domain.problems_by_activity(problems).items()}
    can_write = can_edit and not product.is_archived
    submitted = submitted or {}

    rows = []
    for index, row in enumerate(matrix.activities):
        cells = []
        for role in columns:
            value = submitted.get(row.key, {}).get(role, row.levels.get(role, ""))
            cells.append(
                {
                    "name": f"{row.key}__{role}",
                    "id": f"niveau-{index}-{role}",
                    "label": f"Niveau {de(domain.role_label(role))} pour « {row.label} »",
                    "value": value,
                    "value_label": domain.level_label(value) if value else "",
                }
            )
        rows.append({"activity": row, "cells": cells, "messages": row_messages.get(row.key, [])})

    proposal = changes = proposal_problems = None
    if matrix.is_outdated_for(product):
        proposal = domain.adoption_proposal(matrix, product.governance)
        changes = domain.matrix_changes(matrix, proposal)
        proposal_problems = domain.validate_matrix(proposal, held)

    if can_write and add_form is None:
        add_form = AddActivityForm(held_roles=held)
    return render(
        request,
        "governance/matrix.html",
        {
            "title": f"Matrice des responsabilités {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product, "Responsabilités"),
            "product": product,
            "matrix": matrix,
            "basis_label": Governance(matrix.basis).label,
            "columns": [
                {"role": role, "label": domain.role_label(role), "holders": holders.get(role, [])} for role in columns
            ],
            "rows": rows,
            "problems": problems,
            "errors": error.messages if error is not None else [],
            "level_choices": LEVEL_CHOICES,
            "level_descriptions": LEVEL_DESCRIPTIONS,
            "proposal": proposal,
            "changes": changes,
            "proposal_problems": proposal_problems,
            "can_edit": can_edit,
            "can_write": can_write,
            "add_form": add_form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@product_page(write=UNSAFE, archived_refusal=MATRIX_ARCHIVED)
def matrix(request: HttpRequest, product: Product) -> HttpResponse:
    """Read the matrix; editors also change its levels here (POST), all at once or not at all."""
    can_edit = can_edit_product(request.user, product)
    if request.method != "POST":
        return _matrix_page(request, product, can_edit=can_edit)
    submitted = _submitted_levels(request.POST)
    try:
        domain.save_levels(product, submitted)
    except ValidationError as error:
        return _matrix_page(request, product, can_edit=can_edit, submitted=submitted, error=error)
    messages.success(request, "La matrice des responsabilités a été enregistrée.")
    return redirect(_matrix_url(product))


@require_POST
@edits_matrix
def matrix_add_activity(request: HttpRequest, product: Product) -> HttpResponse:
    form = AddActivityForm(request.POST, held_roles=domain.held_roles(product))
    if form.is_valid():
        try:
            domain.add_activity(product, form.cleaned_data["label"], form.cleaned_data["responsible_role"])
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, field_errors in by_field.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"L’activité « {form.cleaned_data['label'].strip()} » a été ajoutée.")
            return redirect(_matrix_url(product))
    return _matrix_page(request, product, can_edit=True, add_form=form)


@require_POST
@edits_matrix
def matrix_reset(request: HttpRequest, product: Product) -> HttpResponse:
    was_saved = domain.effective_matrix(product).is_saved
    try:
        domain.reset_to_default(product)
    except ValidationError as error:
        messages.error(request, "La matrice n’a pas été réinitialisée. " + " ".join(error.messages))
    else:
        if was_saved:
            messages.success(request, "La matrice a repris les niveaux par défaut de la configuration du produit.")
        else:
            messages.info(request, "La matrice suit déjà les niveaux par défaut de la configuration du produit.")
    return redirect(_matrix_url(product))


@require_POST
@edits_matrix
def matrix_adopt(request: HttpRequest, product: Product) -> HttpResponse:
    try:
        domain.adopt_configuration_default(product)
    except ValidationError as error:
        messages.error(request, "La nouvelle matrice n’a pas été adoptée. " + " ".join(error.messages))
    else:
        messages.success(request, f"La matrice suit désormais la configuration « {product.get_governance_display()} ».")
    return redirect(_matrix_url(product))


@require_GET
@product_page
def matrix_csv(request: HttpRequest, product: Product, fmt: str) -> HttpResponse:
    """The matrix for spreadsheets: CSV (UTF-8 with a byte-order mark, semicolon-separated), XLSX, ODS."""
    matrix = domain.effective_matrix(product)
    holders = domain.role_holders(product)
    columns = domain.matrix_columns(matrix, holders)
    header = ["Activité"]
    for role in columns:
        names = ", ".join(holders.get(role, [])) or "non pourvu"
        header.append(f"{domain.role_label(role)} ({names})")
    rows = [
        [row.label] + [domain.level_label(row.levels[role]) if role in row.levels else "" for role in columns]
        for row in matrix.activities
    ]
    table = Table(header, rows, filename=f"responsabilites-{product.slug}", sheet="Responsabilités")
    return export_response(table, fmt)


# --- Rituals ---


@read_only
@product_page
def ritual_list(request: HttpRequest, product: Product) -> HttpResponse:
    can_edit = can_edit_product(request.user, product)
    needs_alignment = product.governance == Governance.SHARED and not domain.has_active_alignment_ritual([product.pk])
    return render(
        request,
        "governance/ritual_list.html",
        {
            "title": f"Rituels {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product, "Rituels"),
            "product": product,
            "rituals": list(product.rituals.with_last_meeting()),
            "needs_alignment": needs_alignment,
            "can_write": can_edit and not product.is_archived,
        },
    )


@edits_rituals
def ritual_create(request: HttpRequest, product: Product) -> HttpResponse:
    form = RitualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ritual = form.save(commit=False)
        ritual.product = product
        ritual.save()
        messages.success(request, f"Le rituel « {ritual.name} » a été ajouté.")
        return redirect(_rituals_url(product))
    return render(
        request,
        "governance/ritual_form.html",
        {
            "title": f"Nouveau rituel — {product.name}",
            "breadcrumb_data": _breadcrumb(product, "Nouveau rituel", (_rituals_url(product), "Rituels")),
            "product": product,
            "form": form,
            "submit_label": "Ajouter le rituel",
        },
    )


@edits_rituals
def ritual_update(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    ritual = get_object_or_404(Ritual, product=product, pk=pk)
    form = RitualForm(request.POST or None, instance=ritual)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Le rituel « {ritual.name} » a été modifié.")
        return redirect(_rituals_url(product))
    return render(
        request,
        "governance/ritual_form.html",
        {
            "title": f"Modifier le rituel « {ritual.name} »",
            "breadcrumb_data": _breadcrumb(product, "Modifier un rituel", (_rituals_url(product), "Rituels")),
            "product": product,
            "ritual": ritual,
            "form": form,
            "submit_label": "Enregistrer les modifications",
        },
    )


@require_POST
@edits_rituals
def ritual_deactivate(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    ritual = get_object_or_404(Ritual, product=product, pk=pk)
    if ritual.is_active:
        ritual.is_active = False
        ritual.save()
        messages.success(request, f"Le rituel « {ritual.name} » a été désactivé. Il reste consultable dans la liste.")
    else:
        messages.info(request, f"Le rituel « {ritual.name} » est déjà inactif.")
    return redirect(_rituals_url(product))


@read_only
@product_page
def ritual_detail(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    """A ritual and the meetings held, newest first, with whether it is late."""
    ritual = get_object_or_404(Ritual.objects.with_last_meeting(), product=product, pk=pk)
    meetings = ritual.meetings.prefetch_related("attendees")
    return render(
        request,
        "governance/ritual_detail.html",
        {
            "title": f"{ritual.name} — {product.name}",
            "breadcrumb_data": _breadcrumb(product, ritual.name, (_rituals_url(product), "Rituels")),
            "product": product,
            "ritual": ritual,
            "meetings": meetings,
            "limit_days": lateness_limit(ritual.cadence),
            "can_write": can_edit_product(request.user, product) and not product.is_archived,
        },
    )


@product_page(write=True, refusal="Seuls les éditeurs du produit consignent les réunions de ses rituels.")
def meeting_create(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    ritual = get_object_or_404(Ritual, product=product, pk=pk)
    form = RitualMeetingForm(request.POST or None, ritual=ritual)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, f"La réunion du {french.date(meeting.date)} a été consignée.")
        return redirect(ritual.get_absolute_url())
    return render(
        request,
        "governance/meeting_form.html",
        {
            "title": f"Consigner une réunion — {ritual.name}",
            "breadcrumb_data": _breadcrumb(product, "Consigner une réunion", (_rituals_url(product), "Rituels")),
            "product": product,
            "ritual": ritual,
            "form": form,
        },
    )
