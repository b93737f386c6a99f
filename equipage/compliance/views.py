from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from equipage.core import french
from equipage.core.downloads import set_download_name
from equipage.core.exports import Table, export_response
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.registry.guards import editors_write, product_page, require_write
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product

from . import standards
from .ara import AraFormatError, parse_ara_report
from .evidence import store_evidence
from .filters import HeatMapFilter
from .forms import (
    AccessibilityAuditForm,
    AccessibilityRecordForm,
    AraImportForm,
    EcodesignDeclarationForm,
    EvidenceForm,
    HomologationForm,
    HomologationOpinionForm,
    ProcessingActivityForm,
    SecurityMeasureForm,
)
from .models import (
    RECORD_MODELS,
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Evidence,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    RecordKind,
    SecurityMeasure,
)
from .permissions import (
    can_download_evidence,
    can_edit_compliance,
    can_edit_data_protection,
    can_edit_security,
)
from .selectors import (
    accessibility_status_from_facts,
    area_owners,
    load_facts,
    stored_portfolio_rows,
    stored_state_counts,
    with_stored_states,
)
from .states import (
    AREA_TITLES,
    Area,
    Status,
    homologation_state,
    statement_audit,
    statement_state,
    statement_update_reasons,
)


def _breadcrumb(product: Product, current: str, with_compliance: bool = True) -> dict:
    return product_breadcrumb(product, current, *([(_overview_url(product), "Conformité")] if with_compliance else []))


def _overview_url(product: Product, anchor: str = "") -> str:
    return reverse("compliance:overview", args=[product.slug]) + (f"#{anchor}" if anchor else "")


ARCHIVED_REFUSAL = "Ce produit est archivé : restaurez-le avant de modifier sa conformité."
edits_security = product_page(
    write=True,
    may_write=can_edit_security,
    refusal="Seuls les éditeurs et le RSSI du produit modifient son homologation.",
    archived_refusal=ARCHIVED_REFUSAL,
)
edits_data_protection = product_page(
    write=True,
    may_write=can_edit_data_protection,
    refusal="Seuls les éditeurs et le DPO du produit modifient ses traitements de données.",
    archived_refusal=ARCHIVED_REFUSAL,
)
edits_compliance = product_page(
    write=True, archived_refusal="Ce produit est archivé : restaurez-le avant de modifier sa conformité."
)


# --- The product's compliance record ---


@read_only
@product_page
def overview(request: HttpRequest, product: Product) -> HttpResponse:
    today = timezone.localdate()
    facts = load_facts([product])[product.pk]
    owners = area_owners([product], today)[product.pk]
    evidence = defaultdict(list)
    for document in Evidence.objects.filter(product=product).select_related("uploaded_by"):
        evidence[f"{document.record_kind}-{document.record_id}"].append(document)
    for record in [*facts.activities, *facts.audits, facts.accessibility, facts.homologation, facts.ecodesign]:
        if record is not None:
            kind = next(kind for kind, model in RECORD_MODELS.items() if isinstance(record, model))
            record.documents = evidence.get(f"{kind}-{record.pk}", [])
    audit = facts.latest_audit
    areas = facts.areas(today)
    return render(
        request,
        "compliance/overview.html",
        {
            "title": f"Conformité {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product, "Conformité", with_compliance=False),
            "product": product,
            "facts": facts,
            "areas": [{"state": areas[area], "owners": owners[area], "anchor": area} for area in Area.values],
            "owners": owners,
            "audit": audit,
            "accessibility": accessibility_status_from_facts(facts, today),
            "statement_state": statement_state(facts.accessibility, facts.audits, today),
            "update_reasons": statement_update_reasons(facts.accessibility, facts.audits, today),
            "homologation_state": homologation_state(facts.homologation, today),
            "homologation_steps": facts.homologation_steps(),
            "can_edit_rgs": can_edit_security(request.user, product) and not product.is_archived,
            "can_edit_rgpd": can_edit_data_protection(request.user, product) and not product.is_archived,
            "can_edit": can_edit_compliance(request.user, product) and not product.is_archived,
            "standards": standards,
            "kinds": RecordKind,
            "active_tab": "compliance",
        },
    )


def _record_form(
    request: HttpRequest,
    product: Product,
    form_class,
    instance,
    *,
    title: str,
    anchor: str,
    submit_label: str,
    success: str,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, success)
        return redirect(_overview_url(product, anchor))
    return render(
        request,
        "compliance/record_form.html",
        {
            "title": f"{title} — {product.name}",
            "heading": title,
            "breadcrumb_data": _breadcrumb(product, title),
            "product": product,
            "form": form,
            "submit_label": submit_label,
            "cancel_url": _overview_url(product, anchor),
        },
    )


@edits_data_protection
def processing_create(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        ProcessingActivityForm,
        ProcessingActivity(product=product),
        title="Nouveau traitement de données",
        anchor=Area.RGPD,
        submit_label="Ajouter le traitement",
        success="Le traitement a été ajouté.",
    )


@edits_data_protection
def processing_update(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    activity = get_object_or_404(ProcessingActivity, product=product, pk=pk)
    return _record_form(
        request,
        product,
        ProcessingActivityForm,
        activity,
        title=f"Modifier le traitement « {activity.name} »",
        anchor=Area.RGPD,
        submit_label="Enregistrer le traitement",
        success="Le traitement a été mis à jour.",
    )


@edits_compliance
def audit_create(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        AccessibilityAuditForm,
        AccessibilityAudit(product=product),
        title="Nouvel audit d’accessibilité",
        anchor=Area.RGAA,
        submit_label="Enregistrer l’audit",
        success="L’audit d’accessibilité a été enregistré.",
    )


def _one_per_product(model, product: Product):
    return model.objects.filter(product=product).first() or model(product=product)


@edits_compliance
def accessibility_update(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        AccessibilityRecordForm,
        _one_per_product(AccessibilityRecord, product),
        title="Déclaration d’accessibilité et schéma pluriannuel",
        anchor=Area.RGAA,
        submit_label="Enregistrer",
        success="La déclaration d’accessibilité a été mise à jour.",
    )


@edits_security
def homologation_update(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        HomologationForm,
        _one_per_product(Homologation, product),
        title="Homologation de sécurité",
        anchor=Area.RGS,
        submit_label="Enregistrer l’homologation",
        success="L’homologation de sécurité a été mise à jour.",
    )


@edits_security
def measure_create(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        SecurityMeasureForm,
        SecurityMeasure(product=product),
        title="Nouvelle mesure de sécurité",
        anchor=Area.RGS,
        submit_label="Ajouter la mesure",
        success="La mesure de sécurité a été ajoutée.",
    )


@edits_security
def measure_update(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    measure = get_object_or_404(SecurityMeasure, product=product, pk=pk)
    return _record_form(
        request,
        product,
        SecurityMeasureForm,
        measure,
        title=f"Modifier la mesure « {measure.title} »",
        anchor=Area.RGS,
        submit_label="Enregistrer la mesure",
        success="La mesure de sécurité a été mise à jour.",
    )


@edits_security
def opinion_create(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        HomologationOpinionForm,
        HomologationOpinion(product=product),
        title="Nouvel avis d’homologation",
        anchor=Area.RGS,
        submit_label="Enregistrer l’avis",
        success="L’avis a été enregistré.",
    )


@edits_compliance
def ecodesign_update(request: HttpRequest, product: Product) -> HttpResponse:
    return _record_form(
        request,
        product,
        EcodesignDeclarationForm,
        _one_per_product(EcodesignDeclaration, product),
        title="Déclaration d’écoconception",
        anchor=Area.RGESN,
        submit_label="Enregistrer la déclaration",
        success="La déclaration d’écoconception a été mise à jour.",
    )


@product_page(write=True, refusal="Seuls les éditeurs du produit enregistrent ses audits.")
def audit_import(request: HttpRequest, product: Product) -> HttpResponse:
    """Import an audit from Ara's JSON export: refused with a French message, nothing saved, when the
    file is malformed, of another format, or its results do not match its type."""
    form = AraImportForm(request.POST, request.FILES) if request.method == "POST" else AraImportForm()
    if request.method == "POST" and form.is_valid():
        try:
            audit = parse_ara_report(form.cleaned_data["file"].read(), product)
            audit.auditor_kind = form.cleaned_data["auditor_kind"]
            audit.full_clean()
        except AraFormatError as refusal:
            form.add_error("file", str(refusal))
        except ValidationError as refusal:
            form.add_error("file", "L’audit importé est refusé : " + " ".join(refusal.messages))
        else:
            with transaction.atomic():
                audit.save()
            rate = f"{audit.conformity_rate.normalize():f}".replace(".", ",")
            messages.success(
                request,
                f"L’audit du {french.date(audit.audited_on)} a été importé : {len(audit.results)} critères sur "
                f"{len(audit.pages)} pages, taux de conformité calculé {rate} %.",
            )
            return redirect(_overview_url(product, Area.RGAA))
    title = "Importer un audit d’Ara"
    return render(
        request,
        "compliance/audit_import.html",
        {
            "title": f"{title} — {product.name}",
            "heading": title,
            "breadcrumb_data": _breadcrumb(product, title),
            "product": product,
            "form": form,
            "cancel_url": _overview_url(product, Area.RGAA),
        },
    )


@read_only
@product_page()
def accessibility_statement(request: HttpRequest, product: Product) -> HttpResponse:
    """The product's accessibility statement, generated from its records, ready to publish."""
    today = timezone.localdate()
    facts = load_facts([product])[product.pk]
    record = facts.accessibility
    audit = statement_audit(record, facts.audits)
    return render(
        request,
        "compliance/statement.html",
        {
            "title": f"Déclaration d’accessibilité {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product, "Déclaration d’accessibilité"),
            "product": product,
            "record": record,
            "audit": audit,
            "accessibility": accessibility_status_from_facts(facts, today),
            "statement_state": statement_state(record, facts.audits, today),
            "update_reasons": statement_update_reasons(record, facts.audits, today),
            "standards": standards,
            "today": today,
        },
    )


# --- Evidence ---

KIND_AREAS = {
    RecordKind.PROCESSING: Area.RGPD,
    RecordKind.AUDIT: Area.RGAA,
    RecordKind.ACCESSIBILITY: Area.RGAA,
    RecordKind.HOMOLOGATION: Area.RGS,
    RecordKind.MEASURE: Area.RGS,
    RecordKind.OPINION: Area.RGS,
    RecordKind.ECODESIGN: Area.RGESN,
}


def _may_attach_some(user, product, obj=None) -> bool:
    return can_edit_security(user, product) or can_edit_data_protection(user, product)


# Who attaches evidence to which record: the RSSI to the homologation file, the DPO to processings.
EVIDENCE_RULES = {
    RecordKind.PROCESSING: can_edit_data_protection,
    RecordKind.HOMOLOGATION: can_edit_security,
    RecordKind.MEASURE: can_edit_security,
    RecordKind.OPINION: can_edit_security,
}


@product_page(write=True, may_write=_may_attach_some, archived_refusal=ARCHIVED_REFUSAL)
def evidence_upload(request: HttpRequest, product: Product, kind: str, pk: int) -> HttpResponse:
    if kind not in RECORD_MODELS:
        raise Http404("Type d’élément inconnu.")
    record = get_object_or_404(RECORD_MODELS[kind], product=product, pk=pk)
    require_write(
        request.user,
        product,
        record,
        may_write=EVIDENCE_RULES.get(kind, editors_write),
        archived_refusal=ARCHIVED_REFUSAL,
    )
    form = EvidenceForm(request.POST, request.FILES) if request.method == "POST" else EvidenceForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        store_evidence(product=product, record_kind=kind, record_id=record.pk, upload=upload, user=request.user)
        messages.success(request, f"Le document « {upload.name} » a été joint.")
        return redirect(_overview_url(product, KIND_AREAS[kind]))
    title = f"Joindre une pièce — {RecordKind(kind).label}"
    return render(
        request,
        "compliance/evidence_form.html",
        {
            "title": f"{title} — {product.name}",
            "heading": title,
            "record": record,
            "breadcrumb_data": _breadcrumb(product, "Joindre une pièce"),
            "product": product,
            "form": form,
            "cancel_url": _overview_url(product, KIND_AREAS[kind]),
        },
    )


@require_GET
@product_page
def evidence_download(request: HttpRequest, product: Product, pk: int) -> FileResponse:
    if not can_download_evidence(request.user, product):
        raise PermissionDenied("Connectez-vous pour consulter les pièces justificatives.")
    document = get_object_or_404(Evidence, product=product, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Le fichier de cette pièce est introuvable.") from missing
    response = set_download_name(FileResponse(handle), document.original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Portfolio heat map ---


def _filtered_products(request: HttpRequest):
    filters = HeatMapFilter(
        request.GET, queryset=Product.objects.active().for_listing().order_by("name"), request=request
    )
    return filters.form, filters.qs


HEAT_MAP_ROWS_PER_PAGE = 100


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    form, products = _filtered_products(request)
    # The figures cover every product filtered (one aggregating query over the stored states); the heat map
    # shows one page of them, most urgent first, read from the same stored states.
    counts, overall = stored_state_counts(products)
    page = paginate(request, with_stored_states(products), HEAT_MAP_ROWS_PER_PAGE, count=overall["total"])
    rows = stored_portfolio_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    return render(
        request,
        "compliance/portfolio.html",
        {
            "title": "Portefeuille — conformité",
            "breadcrumb_data": {
                "links": [{"url": reverse("checks:portfolio"), "title": "Portefeuille"}],
                "current": "Conformité",
            },
            "filters": form,
            "rows": rows,
            "row_count": page.paginator.count,
            "page_obj": page,
            "areas": [(area, AREA_TITLES[Area(area)]) for area in Area.values],
            "statuses": Status.choices,
            "count_rows": [(AREA_TITLES[Area(area)], list(counts[area].values())) for area in Area.values],
            "overall": [(value, label, overall[value]) for value, label in Status.choices],
            "query_string": query,
        },
    )


@read_only
def exemptions(request: HttpRequest) -> HttpResponse:
    """The register of products exempted from homologation (arrêté du 31 juillet 2025)."""
    today = timezone.localdate()
    homologations = (
        Homologation.objects.exclude(exemption_case="")
        .filter(product__archived_at__isnull=True)
        .select_related("product", "product__sponsor")
        .order_by("exemption_deadline", "product__name")
    )
    rows = [{"h": h, "state": homologation_state(h, today)} for h in homologations]
    return render(
        request,
        "compliance/exemptions.html",
        {
            "title": "Registre des dispenses d’homologation",
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("checks:portfolio"), "title": "Portefeuille"},
                    {"url": reverse("compliance:portfolio"), "title": "Conformité"},
                ],
                "current": "Dispenses d’homologation",
            },
            "rows": rows,
            "standards": standards,
        },
    )


REGISTER_COLUMNS = [
    ("Produit", lambda a: a.product.name),
    ("Traitement", lambda a: a.name),
    ("Responsable du traitement", lambda a: a.controller_name),
    ("Coordonnées du responsable", lambda a: a.controller_contact),
    ("DPO", lambda a: a.dpo_name),
    ("Coordonnées du DPO", lambda a: a.dpo_contact),
    ("Finalités", lambda a: a.purpose),
    ("Base légale", lambda a: a.get_legal_basis_display()),
    ("Catégories de personnes concernées", lambda a: a.data_subjects),
    ("Catégories de données", lambda a: a.data_categories),
    ("Données sensibles", lambda a: a.has_sensitive_data),
    ("Destinataires", lambda a: a.recipients),
    ("Transferts hors UE", lambda a: a.transfers_outside_eu),
    ("Pays des transferts", lambda a: a.transfer_countries),
    ("Garanties des transferts", lambda a: a.transfer_safeguards),
    ("Durée de conservation", lambda a: a.retention_period),
    ("Mesures de sécurité", lambda a: a.security_measures),
    ("Inscrit au registre du ministère", lambda a: a.in_ministry_register),
    ("AIPD requise", lambda a: a.impact_assessment_required),
    ("Motif de l’AIPD", lambda a: a.aipd_reason),
    ("AIPD réalisée le", lambda a: a.impact_assessment_done_on),
]


def _register_activities():
    return (
        ProcessingActivity.objects.filter(product__archived_at__isnull=True)
        .select_related("product")
        .order_by("product__name", "name", "pk")
    )


@read_only
def register(request: HttpRequest) -> HttpResponse:
    """The processing register (RGPD article 30) of every active product, as the DPO prints it."""
    activities = list(_register_activities())
    return render(
        request,
        "compliance/register.html",
        {
            "title": "Registre des traitements de données personnelles",
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("checks:portfolio"), "title": "Portefeuille"},
                    {"url": reverse("compliance:portfolio"), "title": "Conformité"},
                ],
                "current": "Registre des traitements",
            },
            "activities": activities,
            "today": timezone.localdate(),
        },
    )


@read_only
def register_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = ([value(activity) for _title, value in REGISTER_COLUMNS] for activity in _register_activities().iterator())
    headers = [title for title, _value in REGISTER_COLUMNS]
    return export_response(Table(headers, rows, filename="registre-des-traitements", sheet="Registre"), fmt)


@read_only
def portfolio_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, products = _filtered_products(request)
    rows = stored_portfolio_rows(with_stored_states(products).order_by("name", "pk"))
    header = ["Produit", "Identifiant", "Direction sponsor", "Phase", "Service public"]
    for area in Area:
        header += [f"{area.label} état", f"{area.label} détail"]

    def lines():
        for row in rows:
            product = row.product
            line = [
                product.name,
                product.slug,
                str(product.sponsor),
                product.get_phase_display(),
                product.is_public_service,
            ]
            for state in row.cells():
                line += [state.status_label, state.summary]
            yield line

    return export_response(Table(header, lines(), filename="conformite", sheet="Conformité"), fmt)
