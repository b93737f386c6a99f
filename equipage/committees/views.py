"""Committee sessions, decisions and actions: product pages and the portfolio's /comites/ and /decisions/."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from equipage.core.downloads import set_download_name
from equipage.core.exports import Table, export_response
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.registry.guards import product_page, require_write
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product

from . import pack, services
from .filters import DecisionLogFilter, SessionListFilter
from .forms import (
    ActionFormSet,
    ActionStatusForm,
    AgendaFormSet,
    AttendeeFormSet,
    DecisionForm,
    SessionForm,
    action_entries,
    agenda_entries,
    attendee_entries,
)
from .models import Action, ActionStatus, Decision, Session, SessionPack
from .permissions import can_manage_session, can_update_action, is_admin

PER_PAGE = 25


def _apply_errors(error: ValidationError, forms_by_field: dict, fallback) -> list[str]:
    """Put each message of a service refusal on its form field; return those that belong to no field."""
    loose = []
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, field_messages in by_field.items():
        form = forms_by_field.get(field)
        for message in field_messages:
            if form is not None and field in form.fields:
                form.add_error(field, message)
            else:
                loose.append(message)
    return loose


# --- Sessions ---


def _session_page(request, *, form, agenda, attendees, title, breadcrumb, cancel_url, errors=(), product=None):
    return render(
        request,
        "committees/session_form.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb,
            "form": form,
            "agenda": agenda,
            "attendees": attendees,
            "errors": errors,
            "has_errors": bool(errors or agenda.total_error_count() or attendees.total_error_count()),
            "cancel_url": cancel_url,
            "product": product,
        },
    )


def _initial_agenda(session: Session | None) -> list[dict]:
    if session is None:
        return []
    return [
        {"topic": item.topic, "product": item.product_id, "expected_decision": item.expected_decision}
        for item in session.agenda.all()
    ]


def _initial_attendees(session: Session | None) -> list[dict]:
    if session is None:
        return []
    return [{"person": attendee.person_id, "role": attendee.role} for attendee in session.attendees.all()]


def _edit_session(request, session: Session | None, *, product: Product | None, title, breadcrumb, cancel_url):
    instance = session or Session()
    post = request.POST if request.method == "POST" else None
    form = SessionForm(post, instance=instance, product=product)
    agenda_products = Product.objects.filter(pk=product.pk) if product else Product.objects.active()
    agenda = AgendaFormSet(
        post, prefix="agenda", initial=_initial_agenda(session), form_kwargs={"products": agenda_products}
    )
    attendees = AttendeeFormSet(post, prefix="participants", initial=_initial_attendees(session))
    errors: list[str] = []
    if post is not None and form.is_valid() and agenda.is_valid() and attendees.is_valid():
        saved = form.save(commit=False)
        try:
            services.save_session(
                request.user, saved, form.chosen_products(), agenda_entries(agenda), attendee_entries(attendees)
            )
        except ValidationError as error:
            errors = _apply_errors(error, {"products": form, "date": form, "is_held": form, "kind": form}, None)
        else:
            messages.success(request, f"La séance « {saved} » a été enregistrée.")
            if saved.is_held and not saved.packs.exists():
                frozen = pack.freeze(request.user, saved)  # the record keeps what the committee saw
                messages.info(request, f"Séance tenue : son dossier est figé (édition {frozen.edition}).")
            return redirect(saved.get_absolute_url())
    return _session_page(
        request,
        form=form,
        agenda=agenda,
        attendees=attendees,
        title=title,
        breadcrumb=breadcrumb,
        cancel_url=cancel_url,
        errors=errors,
        product=product,
    )


@read_only
def session_list(request: HttpRequest) -> HttpResponse:
    """Every committee session of the portfolio, newest first, filtered by kind."""
    filters = SessionListFilter(request.GET, queryset=Session.objects.for_listing())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "committees/session_list.html",
        {
            "title": "Comités",
            "page": paginate(request, filters.qs, PER_PAGE),
            "filters": filters.form,
            "query": query.urlencode(),
            "can_create": is_admin(request.user),
        },
    )


def session_create(request: HttpRequest) -> HttpResponse:
    """A session reviewing one or several products: portfolio administrators."""
    if not is_admin(request.user):
        raise PermissionDenied("Seuls les administrateurs du portefeuille créent les séances de plusieurs produits.")
    return _edit_session(
        request,
        None,
        product=None,
        title="Nouvelle séance de comité",
        breadcrumb={"links": [{"url": reverse("committees:session_list"), "title": "Comités"}], "current": "Nouvelle"},
        cancel_url=reverse("committees:session_list"),
    )


def _session_or_404(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("kind"), pk=pk)


@read_only
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    products = list(session.products.select_related("sponsor"))
    decisions = list(session.decisions.for_listing())
    editable = [product for product in products if can_edit_product(request.user, product) and not product.is_archived]
    return render(
        request,
        "committees/session_detail.html",
        {
            "title": str(session),
            "breadcrumb_data": {
                "links": [{"url": reverse("committees:session_list"), "title": "Comités"}],
                "current": str(session),
            },
            "session": session,
            "products": products,
            "agenda": list(session.agenda.select_related("product")),
            "attendees": list(session.attendees.select_related("person__organisation")),
            "decisions": decisions,
            "can_manage": can_manage_session(request.user, session),
            "decidable_products": editable,
            "packs": list(session.packs.select_related("generated_by")),
            "today": timezone.localdate(),
        },
    )


def session_update(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    if not can_manage_session(request.user, session):
        raise PermissionDenied(
            "Seuls les éditeurs du produit examiné (ou les administrateurs, pour plusieurs produits) "
            "modifient cette séance."
        )
    products = list(session.products.all())
    product = products[0] if len(products) == 1 and not is_admin(request.user) else None
    return _edit_session(
        request,
        session,
        product=product,
        title=f"Modifier la séance « {session} »",
        breadcrumb={
            "links": [
                {"url": reverse("committees:session_list"), "title": "Comités"},
                {"url": session.get_absolute_url(), "title": str(session)},
            ],
            "current": "Modifier",
        },
        cancel_url=session.get_absolute_url(),
    )


@product_page
@read_only
def product_sessions(request: HttpRequest, product: Product) -> HttpResponse:
    sessions = Session.objects.for_listing().filter(products=product)
    return render(
        request,
        "committees/product_sessions.html",
        {
            "title": f"Comités {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Comités"),
            "product": product,
            "page": paginate(request, sessions, PER_PAGE),
            "query": "",
            "can_write": can_edit_product(request.user, product) and not product.is_archived,
        },
    )


@product_page(write=True, refusal="Seuls les éditeurs du produit enregistrent ses séances de comité.")
def product_session_create(request: HttpRequest, product: Product) -> HttpResponse:
    sessions_url = reverse("committees:product_sessions", args=[product.slug])
    return _edit_session(
        request,
        None,
        product=product,
        title=f"Nouvelle séance de comité — {product.name}",
        breadcrumb=product_breadcrumb(product, "Nouvelle séance", (sessions_url, "Comités")),
        cancel_url=sessions_url,
    )


# --- Decisions ---


def _decisions_url(product: Product) -> str:
    return reverse("committees:product_decisions", args=[product.slug])


@product_page
@read_only
def product_decisions(request: HttpRequest, product: Product) -> HttpResponse:
    decisions = Decision.objects.for_listing().filter(product=product)
    return render(
        request,
        "committees/product_decisions.html",
        {
            "title": f"Décisions {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Décisions"),
            "product": product,
            "page": paginate(request, decisions, PER_PAGE),
            "query": "",
            "today": timezone.localdate(),
            "can_write": can_edit_product(request.user, product) and not product.is_archived,
        },
    )


def _decision_page(request, product, form, actions, errors, title, current, decision=None):
    return render(
        request,
        "committees/decision_form.html",
        {
            "title": title,
            "breadcrumb_data": product_breadcrumb(product, current, (_decisions_url(product), "Décisions")),
            "product": product,
            "form": form,
            "actions": actions,
            "errors": errors,
            "has_errors": bool(errors or actions.total_error_count()),
            "decision": decision,
        },
    )


@product_page(write=True, refusal="Seuls les éditeurs du produit consignent ses décisions.")
def decision_create(request: HttpRequest, product: Product) -> HttpResponse:
    initial = {"date": timezone.localdate()}
    session_pk = request.GET.get("seance", "")
    if session_pk.isdigit():
        session = Session.objects.filter(pk=session_pk, products=product).select_related("kind").first()
        if session is not None:
            initial.update(session=session.pk, date=session.date, decided_by=str(session.kind))
    post = request.POST if request.method == "POST" else None
    form = DecisionForm(post, product=product, initial=initial)
    actions = ActionFormSet(post, prefix="actions")
    errors: list[str] = []
    if post is not None and form.is_valid() and actions.is_valid():
        decision = form.save(commit=False)
        try:
            services.record_decision(request.user, decision, action_entries(actions))
        except ValidationError as error:
            errors = _apply_errors(error, dict.fromkeys(form.fields, form), None)
        else:
            message = f"La décision « {decision.title} » a été consignée."
            if decision.new_phase:
                message += f" Le produit passe en phase « {decision.get_new_phase_display()} »."
            messages.success(request, message)
            return redirect(decision.get_absolute_url())
    return _decision_page(request, product, form, actions, errors, f"Nouvelle décision — {product.name}", "Nouvelle")


def _decision_or_404(product: Product, pk: int) -> Decision:
    return get_object_or_404(Decision.objects.for_listing(), product=product, pk=pk)


@product_page
@read_only
def decision_detail(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    decision = _decision_or_404(product, pk)
    actions = list(decision.actions.all())
    for action in actions:
        action.editable = can_update_action(request.user, action)
    return render(
        request,
        "committees/decision_detail.html",
        {
            "title": decision.title,
            "breadcrumb_data": product_breadcrumb(product, "Décision", (_decisions_url(product), "Décisions")),
            "product": product,
            "decision": decision,
            "actions": actions,
            "status_choices": ActionStatus.choices,
            "today": timezone.localdate(),
            "can_write": can_edit_product(request.user, product) and not product.is_archived,
        },
    )


@product_page(write=True, refusal="Seuls les éditeurs du produit modifient ses décisions.")
def decision_update(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision, product=product, pk=pk)
    post = request.POST if request.method == "POST" else None
    form = DecisionForm(post, instance=decision, product=product)
    actions = ActionFormSet(post, prefix="actions")
    errors: list[str] = []
    if post is not None and form.is_valid() and actions.is_valid():
        changed = form.save(commit=False)
        try:
            services.record_decision(request.user, changed, action_entries(actions))
        except ValidationError as error:
            errors = _apply_errors(error, dict.fromkeys(form.fields, form), None)
        else:
            messages.success(request, f"La décision « {changed.title} » a été modifiée.")
            return redirect(changed.get_absolute_url())
    return _decision_page(
        request, product, form, actions, errors, f"Modifier la décision « {decision.title} »", "Modifier", decision
    )


@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner of an action, the product's editors and administrators change its status."""
    action = get_object_or_404(Action.objects.select_related("decision__product", "owner"), pk=pk)
    product = action.decision.product
    require_write(
        request.user,
        product,
        action,
        may_write=lambda user, _product, obj: can_update_action(user, obj),
        refusal="Seuls le responsable de l’action et les éditeurs du produit changent son statut.",
    )
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.update_action_status(request.user, action, form.cleaned_data["status"])
        messages.success(request, f"L’action « {action.title} » est désormais « {action.get_status_display()} ».")
    else:
        messages.error(request, "Statut inconnu : choisissez un statut de la liste.")
    target = request.POST.get("retour", "")
    if not target.startswith("/") or target.startswith("//"):
        target = action.decision.get_absolute_url()
    return redirect(target)


# --- Portfolio decision log ---


def _filtered_decisions(request: HttpRequest):
    filters = DecisionLogFilter(request.GET, queryset=Decision.objects.for_listing())
    return filters.form, filters.qs, timezone.localdate()


@read_only
def decision_log(request: HttpRequest) -> HttpResponse:
    form, decisions, today = _filtered_decisions(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "committees/decision_log.html",
        {
            "title": "Journal des décisions",
            "form": form,
            "page": paginate(request, decisions, PER_PAGE),
            "today": today,
            "query": query.urlencode(),
        },
    )


@read_only
def decision_log_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, decisions, today = _filtered_decisions(request)
    header = [
        "Date",
        "Produit",
        "Direction",
        "Décision",
        "Motifs",
        "Instance",
        "Décidé par",
        "Remplace",
        "Remplacée par",
        "Nouvelle phase",
        "Actions ouvertes",
        "Actions en retard",
    ]

    def rows():
        for decision in decisions.iterator(chunk_size=500):
            actions = list(decision.actions.all())
            yield [
                decision.date,
                decision.product.name,
                decision.product.sponsor.acronym or decision.product.sponsor.name,
                decision.title,
                decision.rationale,
                decision.where,
                decision.decided_by,
                decision.supersedes.title if decision.supersedes_id else "",
                decision.superseded_by.title if decision.is_superseded else "",
                decision.get_new_phase_display() if decision.new_phase else "",
                sum(1 for action in actions if action.is_open),
                sum(1 for action in actions if action.is_overdue(today)),
            ]

    return export_response(Table(header, rows(), filename="decisions", sheet="Décisions"), fmt)


# --- Committee pack ---


def _pack_response(request, context, filename: str, pdf: bool) -> HttpResponse:
    if pdf:
        response = HttpResponse(pack.render_pdf(context), content_type="application/pdf")
        return set_download_name(response, filename, attachment=False)
    return HttpResponse(pack.render_html(context))


@read_only
@product_page
def product_pack(request: HttpRequest, product: Product) -> HttpResponse:
    """The product's committee pack from live data, as a print view."""
    return _pack_response(request, pack.build_context([product]), "", pdf=False)


@read_only
@product_page
def product_pack_pdf(request: HttpRequest, product: Product) -> HttpResponse:
    day = timezone.localdate()
    return _pack_response(request, pack.build_context([product]), f"dossier-{product.slug}-{day}.pdf", pdf=True)


@read_only
def session_pack(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    return _pack_response(request, pack.build_context(pack.session_products(session), session=session), "", pdf=False)


@read_only
def session_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    context = pack.build_context(pack.session_products(session), session=session)
    return _pack_response(request, context, f"dossier-seance-{session.pk}.pdf", pdf=True)


def _managed_session(request: HttpRequest, pk: int) -> Session:
    session = _session_or_404(pk)
    if not can_manage_session(request.user, session):
        raise PermissionDenied("Seuls ceux qui gèrent cette séance figent et envoient son dossier.")
    return session


@require_POST
def session_pack_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    frozen = pack.freeze(request.user, session)
    messages.success(request, f"Le dossier de la séance est figé : édition {frozen.edition}.")
    return redirect(session.get_absolute_url())


@read_only
def session_pack_download(request: HttpRequest, pk: int, edition: int) -> FileResponse:
    frozen = get_object_or_404(SessionPack, session_id=pk, edition=edition)
    response = FileResponse(frozen.file.open("rb"), content_type="application/pdf")
    return set_download_name(response, Path(frozen.file.name).name, attachment=False)


@require_POST
def session_pack_send(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    frozen = session.packs.first() or pack.freeze(request.user, session)
    recipients = pack.send_to_attendees(session, frozen)
    if recipients:
        plural = "s" if len(recipients) > 1 else ""
        messages.success(
            request, f"Le dossier (édition {frozen.edition}) a été envoyé à {len(recipients)} participant{plural}."
        )
    else:
        messages.warning(request, "La séance n’a pas de participant : ajoutez-les avant d’envoyer le dossier.")
    return redirect(session.get_absolute_url())
