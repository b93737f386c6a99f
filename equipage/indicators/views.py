from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from equipage.core import french
from equipage.core.charts import LineChart
from equipage.core.csv_export import csv_response
from equipage.core.exports import Table, export_response, plain_number
from equipage.core.filters import refused_filters
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.registry.guards import product_page, require_write
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product

from . import importer, pending_imports, public_serializers, selectors, services
from .charts import display_value, indicator_chart
from .filters import PublicIndicatorFilter
from .forms import CorrectionForm, ImportForm, IndicatorForm, MeasurementForm, ObjectiveForm, TokenForm
from .models import Indicator, Measurement, Objective, Origin, ProductToken
from .progress import IndicatorState, state_of
from .selectors import ObjectiveBlock

MEASUREMENTS_PER_PAGE = 50


def _overview_url(product: Product) -> str:
    return reverse("indicators:overview", kwargs={"slug": product.slug})


def _breadcrumb(product: Product, current: str = "", parent: tuple[str, str] | None = None) -> dict:
    if not current:
        return product_breadcrumb(product, "Indicateurs")
    return product_breadcrumb(product, current, (_overview_url(product), "Indicateurs"), *([parent] if parent else []))


INDICATORS_ARCHIVED = "Ce produit est archivé : ses objectifs et ses indicateurs ne se modifient plus."
edits_indicators = product_page(
    write=True,
    refusal="Seuls les éditeurs du produit gèrent ses objectifs et ses indicateurs.",
    archived_refusal=INDICATORS_ARCHIVED,
)


@dataclass
class IndicatorCard:
    state: IndicatorState
    chart: LineChart | None

    @property
    def indicator(self) -> Indicator:
        return self.state.indicator


@dataclass
class ObjectiveSection:
    objective: Objective
    cards: list[IndicatorCard]


def _sections(blocks: list[ObjectiveBlock]) -> list[ObjectiveSection]:
    """Charts for every indicator of the blocks, from one aggregated query."""
    ids = [state.indicator.pk for block in blocks for state in block.states]
    series = selectors.series_for(ids)
    return [
        ObjectiveSection(
            block.objective,
            [IndicatorCard(state, indicator_chart(state, series.get(state.indicator.pk))) for state in block.states],
        )
        for block in blocks
    ]


# --- Internal pages ------------------------------------------------------------------------------------


@read_only
@product_page
def overview(request: HttpRequest, product: Product) -> HttpResponse:
    sections = _sections(selectors.objective_blocks(product))
    can_edit = can_edit_product(request.user, product)
    return render(
        request,
        "indicators/overview.html",
        {
            "title": f"Indicateurs {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product),
            "product": product,
            "sections": sections,
            "can_manage": can_edit and not product.is_archived,
            "can_edit": can_edit,
            "public_url": selectors.public_statistics_url(product)
            if product.is_public_service and not product.is_archived
            else "",
            "active_tab": "indicators",
        },
    )


def _indicator(product: Product, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(product=product, pk=pk).select_related("objective").with_last_measurement()
    indicator = indicator.first()
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    indicator.product = product
    return indicator


@read_only
@product_page
def indicator_detail(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    indicator = _indicator(product, pk)
    state = state_of(indicator)
    chart = indicator_chart(state, selectors.series_for([indicator.pk]).get(indicator.pk))
    measurements = Measurement.objects.filter(indicator=indicator).order_by("-date")
    page = Paginator(measurements, MEASUREMENTS_PER_PAGE).get_page(request.GET.get("page"))
    can_edit = can_edit_product(request.user, product)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "title": indicator.name,
            "breadcrumb_data": _breadcrumb(product, indicator.name),
            "product": product,
            "indicator": indicator,
            "card": IndicatorCard(state, chart),
            "page_obj": page,
            "measurements": [(m, display_value(m.value, indicator, 4)) for m in page.object_list],
            "can_manage": can_edit and not product.is_archived,
            "active_tab": "indicators",
        },
    )


@read_only
@product_page
def indicator_history(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    indicator = _indicator(product, pk)
    records = (
        Measurement.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(records, MEASUREMENTS_PER_PAGE).get_page(request.GET.get("page"))
    actions = {"+": "Création", "~": "Correction", "-": "Suppression"}
    entries = [
        {
            "record": record,
            "action": actions.get(record.history_type, record.history_type),
            "value": display_value(record.value, indicator, 4),
            "author": str(record.history_user) if record.history_user else "Système",
        }
        for record in page.object_list
    ]
    return render(
        request,
        "indicators/indicator_history.html",
        {
            "title": f"Historique des mesures {de(indicator.name)}",
            "breadcrumb_data": _breadcrumb(
                product, "Historique des mesures", (indicator.get_absolute_url(), indicator.name)
            ),
            "product": product,
            "indicator": indicator,
            "page_obj": page,
            "entries": entries,
            "active_tab": "indicators",
        },
    )


@require_GET
@product_page
def indicator_csv(request: HttpRequest, product: Product, pk: int, fmt: str) -> HttpResponse:
    """An indicator's measures; the first four columns are those the measure import reads back."""
    indicator = _indicator(product, pk)
    rows = Measurement.objects.filter(indicator=indicator).order_by("date")
    header = ["indicateur", "date", "valeur", "commentaire", "retiree", "origine", "modifiee_le"]
    data = (
        [
            indicator.code,
            m.date,
            plain_number(m.value),
            m.comment,
            m.withdrawn,
            m.get_origin_display(),
            m.updated_at,
        ]
        for m in rows.iterator(chunk_size=2000)
    )
    table = Table(header, data, filename=f"{product.slug}-{indicator.code}", sheet=indicator.name)
    return export_response(table, fmt)


@edits_indicators
def objective_form(request: HttpRequest, product: Product, pk: int | None = None) -> HttpResponse:
    objective = get_object_or_404(Objective, product=product, pk=pk) if pk is not None else None
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.product = product
            saved = form.save()
        messages.success(request, f"L’objectif « {saved.title} » a été enregistré.")
        return redirect(f"{_overview_url(product)}#objectif-{saved.pk}")
    title = f"Modifier l’objectif « {objective.title} »" if objective else "Nouvel objectif"
    return render(
        request,
        "indicators/form.html",
        {
            "title": title,
            "breadcrumb_data": _breadcrumb(product, "Modifier l’objectif" if objective else "Nouvel objectif"),
            "product": product,
            "form": form,
            "what": "L’objectif",
            "intro": "Un objectif dit quel impact le produit cherche, pour qui, et d’ici quand. "
            "Ses indicateurs disent comment on le mesure.",
            "submit_label": "Enregistrer l’objectif",
            "cancel_url": _overview_url(product),
        },
    )


@edits_indicators
def indicator_form(request: HttpRequest, product: Product, pk: int | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, product=product, pk=pk) if pk is not None else None
    if indicator is None and not Objective.objects.filter(product=product).exists():
        messages.info(request, "Définissez d’abord un objectif : chaque indicateur mesure un objectif.")
        return redirect("indicators:objective_create", slug=product.slug)
    initial = {}
    if indicator is None and request.GET.get("objectif", "").isdigit():
        initial["objective"] = int(request.GET["objectif"])
    form = IndicatorForm(request.POST or None, instance=indicator, product=product, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"L’indicateur « {saved.name} » a été enregistré.")
        return redirect("indicators:indicator_detail", slug=product.slug, pk=saved.pk)
    return render(
        request,
        "indicators/form.html",
        {
            "title": f"Modifier l’indicateur « {indicator.name} »" if indicator else "Nouvel indicateur",
            "breadcrumb_data": _breadcrumb(product, "Modifier l’indicateur" if indicator else "Nouvel indicateur"),
            "product": product,
            "form": form,
            "what": "L’indicateur",
            "intro": "Un indicateur a une unité, un sens (plus haut ou plus bas est mieux), une valeur de référence, "
            "une cible datée, une fréquence de mise à jour attendue et une source. Publié, il figure sur la page "
            "de statistiques publiques du produit.",
            "submit_label": "Enregistrer l’indicateur",
            "cancel_url": indicator.get_absolute_url() if indicator else _overview_url(product),
        },
    )


@edits_indicators
def measurement_create(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, product=product, pk=pk)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            _measurement, created = services.record_measurement(
                indicator,
                date=form.cleaned_data["date"],
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                user=request.user,
                origin=Origin.MANUAL,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                (
                    "La mesure a été enregistrée."
                    if created
                    else "Cette mesure était déjà enregistrée : rien n’a changé."
                )
                + form.moved_message,
            )
            return redirect(indicator.get_absolute_url())
    return render(
        request,
        "indicators/form.html",
        {
            "title": f"Nouvelle mesure de « {indicator.name} »",
            "breadcrumb_data": _breadcrumb(product, "Nouvelle mesure", (indicator.get_absolute_url(), indicator.name)),
            "product": product,
            "form": form,
            "what": "La mesure",
            "intro": f"Unité : {indicator.get_unit_display().lower()}"
            + (f" ({indicator.unit_label})" if indicator.unit_label else "")
            + f". Mise à jour attendue : {indicator.get_frequency_display().lower()}.",
            "submit_label": "Enregistrer la mesure",
            "cancel_url": indicator.get_absolute_url(),
        },
    )


@edits_indicators
def measurement_correct(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    measurement = get_object_or_404(Measurement.objects.select_related("indicator"), indicator__product=product, pk=pk)
    indicator = measurement.indicator
    initial = {"value": measurement.value, "comment": measurement.comment, "withdrawn": measurement.withdrawn}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.correct_measurement(
            measurement,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            withdrawn=form.cleaned_data["withdrawn"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "La mesure a été corrigée ; l’ancienne valeur reste dans l’historique.")
        return redirect(indicator.get_absolute_url())
    return render(
        request,
        "indicators/form.html",
        {
            "title": f"Corriger la mesure du {french.date(measurement.date)}",
            "breadcrumb_data": _breadcrumb(
                product, "Corriger une mesure", (indicator.get_absolute_url(), indicator.name)
            ),
            "product": product,
            "form": form,
            "what": "La correction",
            "intro": f"« {indicator.name} », mesure du {french.date(measurement.date)} : "
            f"{display_value(measurement.value, indicator, 4)}. La valeur corrigée remplace celle-ci partout ; "
            "l’historique garde l’ancienne, avec votre nom et le motif.",
            "submit_label": "Enregistrer la correction",
            "cancel_url": indicator.get_absolute_url(),
        },
    )


@edits_indicators
def import_measurements(request: HttpRequest, product: Product) -> HttpResponse:
    """Send a file, read the preview of what it would change, then confirm: nothing is written before."""
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, product)
    form = ImportForm(request.POST or None, request.FILES or None, product=product)
    problems, preview, token = [], None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        indicator = form.cleaned_data["indicator"]
        if upload.size > importer.MAX_BYTES:
            problems = [importer.Problem(None, "", "Le fichier dépasse 10 Mo : découpez-le.")]
        else:
            data = upload.read()
            try:
                parsed = importer.parse_file(product, upload.name, data, indicator)
            except importer.ImportRefused as refused:
                problems = refused.problems
            else:
                preview = importer.preview_rows(parsed)
                token = pending_imports.store(
                    request,
                    product_id=product.pk,
                    filename=upload.name,
                    data=data,
                    indicator_id=indicator.pk if indicator else None,
                )
    return _import_page(request, product, form, problems=problems, preview=preview, token=token)


def _confirm_import(request: HttpRequest, product: Product) -> HttpResponse:
    found = pending_imports.load(request, product_id=product.pk, token=request.POST.get("confirm", ""))
    if found is None:
        messages.error(request, "Cet import n’est plus en attente de confirmation : envoyez le fichier à nouveau.")
        return redirect("indicators:import", slug=product.slug)
    pending, data = found
    indicator = None
    if pending.indicator_id:
        indicator = Indicator.objects.filter(product=product, pk=pending.indicator_id).first()
    try:
        result = importer.import_file(product, pending.filename, data, user=request.user, default_indicator=indicator)
    except importer.ImportRefused as refused:
        pending_imports.discard(request)
        return _import_page(request, product, ImportForm(product=product), problems=refused.problems)
    pending_imports.discard(request)
    created, corrected = result.created, result.corrected
    plural = "s" if created > 1 else ""
    text = (
        f"Import réussi : {created} mesure{plural} ajoutée{plural}, "
        f"{corrected} corrigée{'s' if corrected > 1 else ''}, "
        f"{result.unchanged} déjà à jour ({', '.join(result.indicators)})."
    )
    if result.ignored_columns:
        text += " Colonnes ignorées : " + ", ".join(f"« {c} »" for c in result.ignored_columns) + "."
    messages.success(request, text)
    return redirect(_overview_url(product))


def _import_page(request, product, form, *, problems=(), preview=None, token="") -> HttpResponse:
    indicators = list(Indicator.objects.filter(product=product).order_by("code"))
    return render(
        request,
        "indicators/import.html",
        {
            "title": f"{'Vérifier l’import' if preview else 'Importer des mesures'} — {product.name}",
            "breadcrumb_data": _breadcrumb(product, "Importer des mesures"),
            "product": product,
            "form": form,
            "problems": problems[: importer.MAX_LISTED_PROBLEMS],
            "problem_count": len(problems),
            "preview": preview,
            "token": token,
            "has_errors": bool(problems),
            "indicators": indicators,
            "date_formats": importer.ACCEPTED_DATE_FORMATS,
            "max_megabytes": importer.MAX_BYTES // (1024 * 1024),
            "max_rows": importer.MAX_ROWS,
        },
        status=400 if problems else 200,
    )


@require_GET
@product_page
def import_template(request: HttpRequest, product: Product) -> HttpResponse:
    indicators = list(Indicator.objects.filter(product=product).order_by("objective__position", "pk"))
    return csv_response(importer.template_rows(indicators, timezone.localdate()), f"modele-mesures-{product.slug}.csv")


# An archived product's editors still see and revoke its tokens; they create none.
@product_page(
    write=True, refusal="Seuls les éditeurs du produit gèrent ses objectifs et ses indicateurs.", allow_archived=True
)
def tokens(request: HttpRequest, product: Product) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST":
        require_write(request.user, product, archived_refusal=INDICATORS_ARCHIVED)
        if form.is_valid():
            _token, secret = services.create_token(product, name=form.cleaned_data["name"], user=request.user)
            form = TokenForm()
    return render(
        request,
        "indicators/tokens.html",
        {
            "title": f"Jetons d’API — {product.name}",
            "breadcrumb_data": _breadcrumb(product, "Jetons d’API"),
            "product": product,
            "form": form,
            "secret": secret,
            "tokens": services.tokens_with_states(product),
            "api_url": request.build_absolute_uri(
                reverse("api:product-measurement-bulk", kwargs={"slug": product.slug})
            ),
        },
    )


@require_POST
@product_page(
    write=True, refusal="Seuls les éditeurs du produit gèrent ses objectifs et ses indicateurs.", allow_archived=True
)
def token_revoke(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    token = get_object_or_404(ProductToken, product=product, pk=pk)
    services.revoke_token(token, user=request.user)
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne permet plus rien.")
    return redirect("indicators:tokens", slug=product.slug)


# --- Public pages --------------------------------------------------------------------------------------


PUBLIC_HEADER = [
    "objectif",
    "indicateur",
    "code",
    "unite",
    "sens",
    "valeur_de_reference",
    "cible",
    "date_cible",
    "date",
    "valeur",
]


def _public_indicators(product: Product):
    return list(
        Indicator.objects.filter(product=product, is_published=True)
        .select_related("objective")
        .order_by("objective__position", "objective_id", "pk")
    )


@login_not_required
@require_GET
def public_product(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.public_product(slug)
    sections = _sections(selectors.objective_blocks(product, published_only=True))
    return render(
        request,
        "indicators/public_product.html",
        {
            "title": f"Statistiques {de(product.name)}",
            "breadcrumb_data": {
                "links": [{"url": reverse("indicators:portfolio_statistics"), "title": "Statistiques"}],
                "current": product.name,
            },
            "product": product,
            "sections": sections,
        },
    )


@login_not_required
@require_GET
def public_product_csv(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    product = selectors.public_product(slug)
    filters = PublicIndicatorFilter(request.GET, queryset=Indicator.objects.filter(product=product, is_published=True))
    if refused := refused_filters(request, filters):
        return refused
    indicators = {
        indicator.pk: indicator
        for indicator in filters.qs.select_related("objective").order_by("objective__position", "objective_id", "pk")
    }
    # The file is named after the indicator found, never after the raw request value.
    wanted = filters.form.cleaned_data.get("indicateur")
    suffix = f"-{wanted.code}" if wanted else ""
    rows = (
        Measurement.objects.valid()
        .filter(indicator_id__in=list(indicators))
        .order_by("indicator__objective__position", "indicator_id", "date")
        .values_list("indicator_id", "date", "value")
    )

    prefixes = {
        pk: [
            i.objective.title,
            i.name,
            i.code,
            i.get_unit_display(),
            i.get_direction_display(),
            plain_number(i.baseline),
            plain_number(i.target),
            i.target_date,
        ]
        for pk, i in indicators.items()
    }

    def data():
        for indicator_id, day, value in rows.iterator(chunk_size=5000):
            yield [*prefixes[indicator_id], day, plain_number(value)]

    table = Table(
        PUBLIC_HEADER, data(), filename=f"statistiques-{product.slug}{suffix}", sheet="Statistiques", open_data=True
    )
    return export_response(table, fmt)


@login_not_required
@require_GET
def public_product_json(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.public_product(slug)
    indicators = _public_indicators(product)
    measurements: dict[int, list] = {indicator.pk: [] for indicator in indicators}
    rows = (
        Measurement.objects.valid()
        .filter(indicator_id__in=list(measurements))
        .order_by("indicator_id", "date")
        .values_list("indicator_id", "date", "value")
    )
    for indicator_id, day, value in rows.iterator(chunk_size=5000):
        measurements[indicator_id].append({"date": day, "value": value})
    data = {"product": product, "generated_at": timezone.now(), "indicators": indicators}
    context = {"request": request, "measurements": measurements, "today": timezone.localdate()}
    return public_serializers.json_response(public_serializers.ProductStatisticsSerializer(data, context=context).data)


@login_not_required
@require_GET
def portfolio_statistics(request: HttpRequest) -> HttpResponse:
    stats = selectors.portfolio_statistics()
    return render(
        request,
        "indicators/portfolio_statistics.html",
        {"title": "Statistiques du portefeuille", "breadcrumb_data": {"current": "Statistiques"}, "stats": stats},
    )


@login_not_required
@require_GET
def portfolio_statistics_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    stats = selectors.portfolio_statistics()
    rows = [[section, label, value] for section, label, value in stats.rows()]
    headers = ["rubrique", "libelle", "valeur"]
    table = Table(headers, rows, filename="statistiques-portefeuille", sheet="Statistiques", open_data=True)
    return export_response(table, fmt)


@login_not_required
@require_GET
def portfolio_statistics_json(request: HttpRequest) -> HttpResponse:
    stats = selectors.portfolio_statistics()
    body = public_serializers.PortfolioStatisticsSerializer(stats, context={"request": request}).data
    return public_serializers.json_response(body)
