"""Roadmap and backlog pages. Thin: reads go through querysets, writes through services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from equipage.core import french
from equipage.core.exports import Table, export_response
from equipage.core.french import de
from equipage.core.history import history_page
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.registry.filters import ProductSelectionFilter
from equipage.registry.guards import UNSAFE, product_page
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product
from equipage.teams.models import Membership

from . import importer, selectors, services
from .filters import SORTS, BacklogFilter, FeedbackFilter
from .forms import (
    AddCaseForm,
    CaseResultForm,
    DemoForm,
    FeedbackForm,
    ImportForm,
    InsightForm,
    MoveForm,
    ReleaseForm,
    ResearchActivityForm,
    RoadmapItemForm,
    StoryForm,
    TriageForm,
)
from .models import (
    AcceptanceCriterion,
    Campaign,
    CampaignState,
    CaseResult,
    Demo,
    Feedback,
    Horizon,
    Release,
    ResearchActivity,
    RoadmapItem,
    RoadmapStatus,
    Story,
    StoryStatus,
    TestCase,
    Triage,
    campaign_state,
    quarter_label,
    split_tags,
)
from .permissions import (
    ARCHIVED,
    NOT_A_LEAD,
    NOT_A_MEMBER,
    can_lead_delivery,
    can_sign_off,
    can_write_backlog,
    leads_write,
    sign_off_label,
    sign_off_roles,
    team_writes,
)

STORIES_PER_PAGE = 50


def _roadmap_url(product: Product) -> str:
    return reverse("delivery:roadmap", kwargs={"slug": product.slug})


def _backlog_url(product: Product) -> str:
    return reverse("delivery:backlog", kwargs={"slug": product.slug})


lead_page = product_page(write=True, may_write=leads_write, refusal=NOT_A_LEAD, archived_refusal=ARCHIVED)
member_page = product_page(write=True, may_write=team_writes, refusal=NOT_A_MEMBER, archived_refusal=ARCHIVED)


# --- Roadmap ----------------------------------------------------------------------------------------------


@read_only
@product_page
def roadmap(request: HttpRequest, product: Product) -> HttpResponse:
    items = list(RoadmapItem.objects.filter(product=product).for_listing().order_by("rank", "pk"))
    columns = [
        {"horizon": horizon, "label": label, "items": [item for item in items if item.horizon == horizon]}
        for horizon, label in Horizon.choices
    ]
    quarters: dict[str, list[RoadmapItem]] = {}
    for item in sorted(items, key=lambda item: item.target_quarter or "9999"):
        quarters.setdefault(item.target_quarter, []).append(item)
    timeline = [
        {"quarter": quarter, "label": quarter_label(quarter) if quarter else "Sans trimestre visé", "items": group}
        for quarter, group in quarters.items()
    ]
    return render(
        request,
        "delivery/roadmap.html",
        {
            "title": f"Feuille de route {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Feuille de route"),
            "product": product,
            "columns": columns,
            "timeline": timeline,
            "items": items,
            "can_lead": can_lead_delivery(request.user, product),
            "published_count": sum(1 for item in items if item.is_published and item.status != RoadmapStatus.DROPPED),
            "active_tab": "roadmap",
        },
    )


@lead_page
def roadmap_item_form(request: HttpRequest, product: Product, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(RoadmapItem, product=product, pk=pk) if pk is not None else None
    form = RoadmapItemForm(request.POST or None, instance=item, product=product)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.product = product
        services.save_roadmap_item(saved, user=request.user)
        form.save_m2m()
        messages.success(request, f"L’élément « {saved.title} » a été enregistré.")
        return redirect(saved.get_absolute_url())
    current = "Modifier un élément" if item else "Nouvel élément"
    return render(
        request,
        "delivery/form.html",
        {
            "title": f"Modifier « {item.title} »" if item else "Nouvel élément de feuille de route",
            "breadcrumb_data": product_breadcrumb(product, current, (_roadmap_url(product), "Feuille de route")),
            "product": product,
            "form": form,
            "what": "L’élément",
            "intro": "Un élément de feuille de route dit ce que l’équipe compte livrer, dans quel horizon, "
            "et quels objectifs il doit faire avancer.",
            "submit_label": "Enregistrer l’élément",
            "cancel_url": _roadmap_url(product),
        },
    )


@require_POST
@lead_page
def roadmap_item_move(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    item = get_object_or_404(RoadmapItem, product=product, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid() and services.move(item, form.cleaned_data["direction"], user=request.user):
        where = "monté" if form.cleaned_data["direction"] == services.UP else "descendu"
        messages.success(request, f"« {item.title} » est {where} d’un rang dans « {item.get_horizon_display()} ».")
    else:
        messages.info(request, f"« {item.title} » est déjà à cette extrémité de son horizon.")
    return redirect(f"{_roadmap_url(product)}#element-{item.pk}")


# --- Backlog ----------------------------------------------------------------------------------------------


@read_only
@product_page
def backlog(request: HttpRequest, product: Product) -> HttpResponse:
    selection = BacklogFilter(
        request.GET,
        queryset=Story.objects.filter(product=product)
        .with_criteria_count()
        .with_evidence()
        .select_related("roadmap_item"),
    )
    filters = selection.selection
    stories = selection.qs
    page = paginate(request, stories, STORIES_PER_PAGE)
    active = {key: value for key, value in filters.items() if value and not (key == "tri" and value == "rang")}
    query_string = urlencode({key: "1" if value is True else value for key, value in active.items()})
    can_lead = can_lead_delivery(request.user, product)
    return render(
        request,
        "delivery/backlog.html",
        {
            "title": f"Backlog {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Backlog"),
            "product": product,
            "page_obj": page,
            "stories": page.object_list,
            "filters": filters,
            "filtered": bool(active),
            "query_string": query_string,
            "statuses": StoryStatus.choices,
            "roadmap_items": RoadmapItem.objects.filter(product=product).only("pk", "title").order_by("rank", "pk"),
            "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
            "can_write": can_write_backlog(request.user, product),
            # Moving needs the whole ordered list in view: no filter, sorted by rank.
            "can_move": can_lead and not active,
            "active_tab": "backlog",
        },
    )


def _story(product: Product, number: int) -> Story:
    story = get_object_or_404(Story.objects.select_related("roadmap_item", "release"), product=product, number=number)
    story.product = product
    return story


@read_only
@product_page
def story_detail(request: HttpRequest, product: Product, number: int) -> HttpResponse:
    story = _story(product, number)
    criteria = list(story.criteria.order_by("position", "pk"))
    history, entries = history_page(story, request.GET.get("page"), per_page=10)
    criteria_history = (
        AcceptanceCriterion.history.filter(story_id=story.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:20]
    )
    return render(
        request,
        "delivery/story_detail.html",
        {
            "title": f"Story n° {story.number} : {story.title}",
            "breadcrumb_data": product_breadcrumb(
                product, f"Story n° {story.number}", (_backlog_url(product), "Backlog")
            ),
            "product": product,
            "story": story,
            "criteria": criteria,
            "page_obj": history,
            "entries": entries,
            "criteria_history": criteria_history,
            "bug_for_cases": list(story.bug_for_cases.select_related("campaign__release")),
            "insights": list(story.insights.select_related("activity")),
            "feedback_items": list(story.feedback_items.all()),
            "can_write": can_write_backlog(request.user, product),
            "active_tab": "backlog",
        },
    )


@member_page
def story_form(request: HttpRequest, product: Product, number: int | None = None) -> HttpResponse:
    story = _story(product, number) if number is not None else Story(product=product)
    initial = {}
    if number is None and request.GET.get("element", "").isdigit():
        initial["roadmap_item"] = int(request.GET["element"])
    if number is None and request.GET.get("retour_demo"):
        initial["title"] = request.GET["retour_demo"][:200]
        initial["description"] = "Retour exprimé en démo."
    form = StoryForm(request.POST or None, instance=story, product=product, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_story(form.instance, form.cleaned_data["criteria"], user=request.user)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, f"La story n° {saved.number} « {saved.title} » a été enregistrée.")
            return redirect(saved.get_absolute_url())
    current = f"Modifier la story n° {story.number}" if story.pk else "Nouvelle story"
    return render(
        request,
        "delivery/form.html",
        {
            "title": f"Modifier la story n° {story.number}" if story.pk else "Nouvelle user story",
            "breadcrumb_data": product_breadcrumb(product, current, (_backlog_url(product), "Backlog")),
            "product": product,
            "form": form,
            "what": "La story",
            "feminine": True,
            "intro": "« En tant que … je veux … afin de … » : qui a le besoin, ce qu’il veut faire, pourquoi. "
            "Les critères d’acceptation disent comment on saura que c’est fait ; ils deviennent les cas de "
            "test de la recette. RICE : score = portée × impact × confiance ÷ effort.",
            "submit_label": "Enregistrer la story",
            "cancel_url": story.get_absolute_url() if story.pk else _backlog_url(product),
        },
    )


@require_POST
@lead_page
def story_move(request: HttpRequest, product: Product, number: int) -> HttpResponse:
    story = _story(product, number)
    form = MoveForm(request.POST)
    page = request.POST.get("page", "")
    if form.is_valid() and services.move(story, form.cleaned_data["direction"], user=request.user):
        where = "montée" if form.cleaned_data["direction"] == services.UP else "descendue"
        messages.success(request, f"La story n° {story.number} est {where} d’un rang.")
    else:
        messages.info(request, f"La story n° {story.number} est déjà à cette extrémité du backlog.")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(f"{_backlog_url(product)}{suffix}#story-{story.number}")


# --- Releases and recette ---------------------------------------------------------------------------------


def _recette_url(product: Product) -> str:
    return reverse("delivery:recette", kwargs={"slug": product.slug})


def _sign_off_holders(product: Product) -> list[str]:
    return [
        str(m.person)
        for m in Membership.objects.current()
        .filter(product=product, role__in=sign_off_roles(product))
        .select_related("person")
    ]


def _mark_attendance(demos: list[Demo], product: Product) -> list[Demo]:
    """Whether the person who signs the recette off (responsable métier) attended each demo."""
    owners = set(
        Membership.objects.current()
        .filter(product=product, role__in=sign_off_roles(product))
        .values_list("person_id", flat=True)
    )
    for demo in demos:
        demo.owner_attended = any(person.pk in owners for person in demo.attendees.all())
    return demos


@read_only
@product_page
def recette(request: HttpRequest, product: Product) -> HttpResponse:
    releases = list(Release.objects.filter(product=product).for_listing().order_by("-planned_date", "-pk"))
    for release in releases:
        release.product = product
        campaign = getattr(release, "campaign", None)
        release.state = campaign_state(campaign, release.blocking_count)
    demos = list(Demo.objects.filter(product=product).select_related("release").prefetch_related("attendees")[:20])
    return render(
        request,
        "delivery/recette.html",
        {
            "title": f"Versions et recette {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Recette"),
            "product": product,
            "releases": releases,
            "demos": demos,
            "can_lead": can_lead_delivery(request.user, product),
            "can_write": can_write_backlog(request.user, product),
            "validated": CampaignState.VALIDATED,
            "active_tab": "recette",
        },
    )


@lead_page
def release_form(request: HttpRequest, product: Product, pk: int | None = None) -> HttpResponse:
    release = get_object_or_404(Release, product=product, pk=pk) if pk is not None else None
    form = ReleaseForm(request.POST or None, instance=release, product=product)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"La {saved} a été enregistrée.")
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "delivery/form.html",
        {
            "title": f"Modifier la {release}" if release else "Nouvelle version",
            "breadcrumb_data": product_breadcrumb(
                product, "Modifier la version" if release else "Nouvelle version", (_recette_url(product), "Recette")
            ),
            "product": product,
            "form": form,
            "what": "La version",
            "feminine": True,
            "intro": "Une version regroupe les stories livrées ensemble. Sa recette reprend leurs critères "
            "d’acceptation ; la date de mise en production se remplit le jour du déploiement.",
            "submit_label": "Enregistrer la version",
            "cancel_url": release.get_absolute_url() if release else _recette_url(product),
        },
    )


def _release(product: Product, pk: int) -> Release:
    release = get_object_or_404(Release, product=product, pk=pk)
    release.product = product
    return release


@read_only
@product_page
def release_detail(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    release = _release(product, pk)
    campaign = Campaign.objects.filter(release=release).select_related("signed_off_by").first()
    cases = []
    if campaign is not None:
        cases = list(campaign.cases.select_related("story", "tested_by", "bug_story").order_by("position", "pk"))
    blocking = sum(1 for case in cases if case.result == CaseResult.BLOCKING)
    counts = {value: sum(1 for case in cases if case.result == value) for value in CaseResult.values}
    stories = list(release.stories.with_criteria_count().order_by("rank", "pk"))
    can_write = can_write_backlog(request.user, product)
    return render(
        request,
        "delivery/release_detail.html",
        {
            "title": f"{release} {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, str(release), (_recette_url(product), "Recette")),
            "product": product,
            "release": release,
            "campaign": campaign,
            "state": campaign_state(campaign, blocking),
            "states": CampaignState,
            "cases": cases,
            "counts": [(CaseResult(value).label, count) for value, count in counts.items()],
            "blocking": blocking,
            "stories": stories,
            "demos": _mark_attendance(list(release.demos.prefetch_related("attendees")), product),
            "results": CaseResult.choices,
            "add_case_form": AddCaseForm() if can_write and campaign else None,
            "can_lead": can_lead_delivery(request.user, product),
            "can_write": can_write,
            "can_sign_off": campaign is not None and can_sign_off(request.user, product),
            "signer_role": sign_off_label(product),
            "signers": _sign_off_holders(product),
            "active_tab": "recette",
        },
    )


@require_POST
@lead_page
def campaign_prepare(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    release = _release(product, pk)
    _campaign, added = services.prepare_campaign(release, user=request.user)
    if added:
        messages.success(request, f"{added} cas de test repris des critères d’acceptation des stories de la version.")
    else:
        messages.info(request, "Aucun nouveau critère d’acceptation à reprendre : la recette est à jour.")
    return redirect(f"{release.get_absolute_url()}#recette")


@require_POST
@member_page
def case_add(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    release = _release(product, pk)
    campaign = get_object_or_404(Campaign, release=release)
    form = AddCaseForm(request.POST)
    if form.is_valid():
        services.add_case(campaign, form.cleaned_data["text"], user=request.user)
        messages.success(request, "Le cas de test a été ajouté.")
    else:
        messages.error(request, "Le cas de test n’a pas été ajouté : " + " ".join(form.errors.get("text", [])))
    return redirect(f"{release.get_absolute_url()}#recette")


def _case(product: Product, pk: int) -> TestCase:
    case = get_object_or_404(
        TestCase.objects.select_related("campaign__release", "bug_story"), campaign__release__product=product, pk=pk
    )
    case.campaign.release.product = product
    return case


@require_POST
@member_page
def case_result(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    case = _case(product, pk)
    form = CaseResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Résultat inconnu : choisissez conforme, non conforme, bloquant ou non testé.")
    else:
        # Someone outside the team gets a 403 saying why (PermissionDenied), nothing written.
        services.record_result(
            case, form.cleaned_data["result"], comment=form.cleaned_data["comment"], user=request.user
        )
        messages.success(request, f"Résultat enregistré : « {case.text[:80]} » — {case.get_result_display().lower()}.")
    return redirect(f"{case.campaign.release.get_absolute_url()}#cas-{case.pk}")


@require_POST
@member_page
def case_bug(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    case = _case(product, pk)
    try:
        story = services.open_bug(case, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{case.campaign.release.get_absolute_url()}#cas-{case.pk}")
    messages.success(request, f"L’anomalie a été ouverte dans le backlog : story n° {story.number}.")
    return redirect(f"{case.campaign.release.get_absolute_url()}#cas-{case.pk}")


@require_POST
@product_page
def campaign_sign_off(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    release = _release(product, pk)
    campaign = get_object_or_404(Campaign, release=release)
    try:
        services.sign_off(campaign, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"La recette de la {release} est validée.")
    return redirect(f"{release.get_absolute_url()}#recette")


@member_page
def demo_form(request: HttpRequest, product: Product) -> HttpResponse:
    initial = {}
    if request.GET.get("version", "").isdigit():
        initial["release"] = int(request.GET["version"])
    form = DemoForm(request.POST or None, product=product, initial=initial)
    if request.method == "POST" and form.is_valid():
        demo = form.save(commit=False)
        demo.product = product
        demo._history_user = request.user
        demo.save()
        form.save_m2m()
        messages.success(request, f"La {demo} a été enregistrée.")
        return redirect(
            demo.release.get_absolute_url() + "#demos" if demo.release else _recette_url(product) + "#demos"
        )
    return render(
        request,
        "delivery/form.html",
        {
            "title": "Nouvelle démo",
            "breadcrumb_data": product_breadcrumb(product, "Nouvelle démo", (_recette_url(product), "Recette")),
            "product": product,
            "form": form,
            "what": "La démo",
            "feminine": True,
            "intro": "Une démo montre des stories à des usagers ou au métier : qui était là, ce qu’ils en ont dit. "
            "Chaque retour peut ensuite devenir une story.",
            "submit_label": "Enregistrer la démo",
            "cancel_url": _recette_url(product),
        },
    )


# --- User research ----------------------------------------------------------------------------------------

RESEARCH_PER_PAGE = 20
FEEDBACK_PER_PAGE = 30


def _research_url(product: Product) -> str:
    return reverse("delivery:research", kwargs={"slug": product.slug})


def _feedback_url(product: Product) -> str:
    return reverse("delivery:feedback", kwargs={"slug": product.slug})


@read_only
@product_page
def research(request: HttpRequest, product: Product) -> HttpResponse:
    activities = (
        ResearchActivity.objects.filter(product=product)
        .prefetch_related("team_members", "insights")
        .order_by("-date", "-pk")
    )
    page = paginate(request, activities, RESEARCH_PER_PAGE)
    return render(
        request,
        "delivery/research.html",
        {
            "title": f"Recherche utilisateur {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Recherche utilisateur"),
            "product": product,
            "page_obj": page,
            "activities": page.object_list,
            "can_write": can_write_backlog(request.user, product),
            "active_tab": "research",
        },
    )


@member_page
def research_create(request: HttpRequest, product: Product) -> HttpResponse:
    form = ResearchActivityForm(request.POST or None, product=product)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.product = product
        activity._history_user = request.user
        activity.save()
        form.save_m2m()
        messages.success(request, f"L’activité « {activity.title} » a été enregistrée ; ajoutez-y ses enseignements.")
        return redirect(activity.get_absolute_url())
    return render(
        request,
        "delivery/form.html",
        {
            "title": "Nouvelle activité de recherche",
            "breadcrumb_data": product_breadcrumb(
                product, "Nouvelle activité", (_research_url(product), "Recherche utilisateur")
            ),
            "product": product,
            "form": form,
            "what": "L’activité",
            "feminine": True,
            "intro": "Entretien, test d’utilisabilité, questionnaire, analyse d’usage, test A/B ou immersion : "
            "notez qui y a pris part et ce que l’équipe a appris.",
            "submit_label": "Enregistrer l’activité",
            "cancel_url": _research_url(product),
        },
    )


@product_page(write=UNSAFE, may_write=team_writes, refusal=NOT_A_MEMBER, archived_refusal=ARCHIVED)
def research_detail(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    activity = get_object_or_404(ResearchActivity.objects.prefetch_related("team_members"), product=product, pk=pk)
    activity.product = product
    can_write = can_write_backlog(request.user, product)
    form = InsightForm(request.POST or None, product=product)
    if request.method == "POST" and form.is_valid():
        services.add_insight(
            activity,
            text=form.cleaned_data["text"],
            tags=form.cleaned_data["tags"],
            stories=form.cleaned_data["story_numbers"],
            user=request.user,
        )
        messages.success(request, "L’enseignement a été ajouté.")
        return redirect(f"{activity.get_absolute_url()}#enseignements")
    return render(
        request,
        "delivery/research_detail.html",
        {
            "title": activity.title,
            "breadcrumb_data": product_breadcrumb(
                product, activity.title, (_research_url(product), "Recherche utilisateur")
            ),
            "product": product,
            "activity": activity,
            "insights": list(activity.insights.prefetch_related("stories")),
            "form": form if can_write else None,
            "active_tab": "research",
        },
        status=400 if form.errors else 200,
    )


# --- Field feedback ---------------------------------------------------------------------------------------


@read_only
@product_page
def feedback(request: HttpRequest, product: Product) -> HttpResponse:
    filters = FeedbackFilter(request.GET, queryset=Feedback.objects.filter(product=product))
    items = filters.qs.prefetch_related("stories").order_by("date", "pk")
    page = paginate(request, items, FEEDBACK_PER_PAGE)
    untriaged = Feedback.objects.filter(product=product).untriaged().count()
    can_write = can_write_backlog(request.user, product)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "delivery/feedback.html",
        {
            "title": f"Retours terrain {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Retours terrain"),
            "product": product,
            "page_obj": page,
            "items": page.object_list,
            "untriaged": untriaged,
            "filters": filters.form,
            "status": filters.status,
            "query_string": query.urlencode(),
            "statuses": Triage.choices,
            "can_write": can_write,
            "active_tab": "feedback",
        },
    )


@member_page
def feedback_create(request: HttpRequest, product: Product) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.product = product
        item.tags = ", ".join(split_tags(item.tags))
        item._history_user = request.user
        item.save()
        messages.success(request, "Le retour a été enregistré : il attend son tri dans la boîte de réception.")
        return redirect(_feedback_url(product))
    return render(
        request,
        "delivery/form.html",
        {
            "title": "Nouveau retour terrain",
            "breadcrumb_data": product_breadcrumb(
                product, "Nouveau retour", (_feedback_url(product), "Retours terrain")
            ),
            "product": product,
            "form": form,
            "what": "Le retour",
            "intro": "Ce qu’un usager ou un agent a dit, mot pour mot, et par quel canal.",
            "submit_label": "Enregistrer le retour",
            "cancel_url": _feedback_url(product),
        },
    )


@require_POST
@member_page
def feedback_triage(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    item = get_object_or_404(Feedback, product=product, pk=pk)
    form = TriageForm(request.POST, product=product)
    if form.is_valid():
        try:
            services.triage(
                item, status=form.cleaned_data["status"], stories=form.cleaned_data["story_numbers"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, "Le tri n’a pas été enregistré : " + " ".join(error.messages))
        else:
            messages.success(request, f"Retour du {french.date(item.date)} trié : {item.get_status_display().lower()}.")
    else:
        problems = [message for errors in form.errors.values() for message in errors]
        messages.error(request, "Le tri n’a pas été enregistré : " + " ".join(problems))
    back = request.POST.get("retour", "")
    return redirect(back if back.startswith(_feedback_url(product)) else _feedback_url(product))


# --- Public roadmap ---------------------------------------------------------------------------------------

PUBLIC_ROADMAP_HEADER = ["element", "horizon", "trimestre_vise", "statut", "effet_attendu", "objectifs", "description"]


def _public_rows(product: Product):
    for item in selectors.published_roadmap(product):
        yield [
            item.title,
            item.get_horizon_display(),
            item.target_quarter,
            item.get_status_display(),
            item.expected_effect,
            " ; ".join(objective.title for objective in item.objectives.all()),
            item.description,
        ]


@login_not_required
@require_GET
def public_roadmap_csv(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    product = selectors.public_roadmap_product(slug)
    table = Table(
        PUBLIC_ROADMAP_HEADER,
        _public_rows(product),
        filename=f"feuille-de-route-{product.slug}",
        sheet="Feuille de route",
    )
    return export_response(table, fmt)


@login_not_required
@require_GET
def public_roadmap_json(request: HttpRequest, slug: str) -> JsonResponse:
    product = selectors.public_roadmap_product(slug)
    body = {
        "product": {"slug": product.slug, "name": product.name},
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "licence": "Licence Ouverte / Open Licence 2.0",
        "items": [
            {
                "title": item.title,
                "horizon": item.horizon,
                "target_quarter": item.target_quarter or None,
                "status": item.status,
                "expected_effect": item.expected_effect,
                "objectives": [objective.title for objective in item.objectives.all()],
                "description": item.description,
            }
            for item in selectors.published_roadmap(product)
        ],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})


# --- Delivery portfolio -----------------------------------------------------------------------------------

RELEASES_PER_PAGE = 50
PORTFOLIO_LIST_LIMIT = 100  # the page shows the first rows of each list; the exports give them all


def _portfolio(request: HttpRequest):
    filters = ProductSelectionFilter(request.GET, queryset=Product.objects.active(), request=request)
    return filters.form, selectors.delivery_portfolio(filters.qs, timezone.localdate())


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    form, data = _portfolio(request)
    page = paginate(request, data.coming_releases, RELEASES_PER_PAGE)
    page.object_list = selectors.with_state(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "delivery/portfolio.html",
        {
            "title": "Portefeuille — livraison",
            "breadcrumb_data": {
                "links": [{"url": reverse("checks:portfolio"), "title": "Portefeuille"}],
                "current": "Livraison",
            },
            "filters": form,
            "data": data,
            "without_research": list(data.without_research[:PORTFOLIO_LIST_LIMIT]),
            "without_research_count": data.without_research.count(),
            "untriaged": list(data.untriaged[:PORTFOLIO_LIST_LIMIT]),
            "untriaged_count": data.untriaged.count(),
            "list_limit": PORTFOLIO_LIST_LIMIT,
            "page_obj": page,
            "releases": page.object_list,
            "query_string": query.urlencode(),
        },
    )


@read_only
def portfolio_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, data = _portfolio(request)
    header = ["Rubrique", "Produit", "Identifiant", "Direction sponsor", "Phase", "Version", "Date", "État", "Nombre"]
    rows = []
    for release in selectors.with_state(data.coming_releases):
        product = release.product
        rows.append(
            [
                "Version à venir",
                product.name,
                product.slug,
                product.sponsor.short_name,
                product.get_phase_display(),
                release.name,
                release.planned_date,
                release.state.label,
                release.story_count,
            ]
        )
    for product in data.without_research:
        rows.append(
            [
                "Sans recherche depuis six mois",
                product.name,
                product.slug,
                product.sponsor.short_name,
                product.get_phase_display(),
                "",
                product.last_research,
                "",
                None,
            ]
        )
    for product in data.untriaged:
        rows.append(
            [
                "Retours non triés",
                product.name,
                product.slug,
                product.sponsor.short_name,
                product.get_phase_display(),
                "",
                product.oldest_untriaged,
                "",
                product.untriaged_count,
            ]
        )
    return export_response(Table(header, rows, filename="portefeuille-livraison", sheet="Livraison"), fmt)


# --- CSV imports ------------------------------------------------------------------------------------------

IMPORTS = {
    "stories": {
        "title": "Importer un backlog",
        "crumb": "Importer un backlog",
        "run": importer.import_stories,
        "back": _backlog_url,
        "back_label": "Backlog",
        "columns": [
            ("Titre (ou Summary)", "obligatoire"),
            ("Identifiant (ou Issue key)", "reconnaît la story à l’import suivant"),
            ("Description", ""),
            (
                "Statut (ou Status)",
                "idée, à affiner, prête, en cours, en recette, terminée, abandonnée ; "
                "ou les statuts de Jira : To Do, In Progress, Done…",
            ),
            ("En tant que, Je veux, Afin de", ""),
            ("Critères", "un critère par ligne de la cellule, ou séparés par « | »"),
            ("Estimation (ou Story Points)", "nombre entier"),
            ("Portée, Impact, Confiance, Effort", "RICE : impact 0,25 / 0,5 / 1 / 2 / 3, confiance en %, effort > 0"),
        ],
    },
    "feedback": {
        "title": "Importer des retours terrain",
        "crumb": "Importer des retours",
        "run": importer.import_feedback,
        "back": _feedback_url,
        "back_label": "Retours terrain",
        "columns": [
            ("Date", "obligatoire : AAAA-MM-JJ ou JJ/MM/AAAA"),
            ("Verbatim (ou Texte, Message)", "obligatoire"),
            ("Canal", "support, réseau d’agents, formulaire, courriel ou autre"),
            ("Étiquettes", "séparées par des virgules"),
            ("Identifiant", "reconnaît le retour à l’import suivant"),
        ],
    },
}


def _import_page(request: HttpRequest, product: Product, kind: str) -> HttpResponse:
    spec = IMPORTS[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[importer.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            problems = [importer.Problem(None, "", "Le fichier dépasse 5 Mo : découpez-le.")]
        else:
            try:
                result = spec["run"](product, upload.read(), user=request.user)
            except importer.ImportRefused as refused:
                problems = refused.problems
            else:
                text = (
                    f"Import réussi : {result.created} ajouté{'s' if result.created > 1 else ''}, "
                    f"{result.updated} mis à jour, {result.unchanged} déjà à jour."
                )
                if result.ignored_columns:
                    text += " Colonnes ignorées : " + ", ".join(f"« {c} »" for c in result.ignored_columns) + "."
                messages.success(request, text)
                return redirect(spec["back"](product))
    return render(
        request,
        "delivery/import.html",
        {
            "title": f"{spec['title']} — {product.name}",
            "heading": spec["title"],
            "breadcrumb_data": product_breadcrumb(product, spec["crumb"], (spec["back"](product), spec["back_label"])),
            "product": product,
            "form": form,
            "columns": spec["columns"],
            "problems": problems[: importer.MAX_LISTED_PROBLEMS],
            "problem_count": len(problems),
            "cancel_url": spec["back"](product),
        },
        status=400 if problems else 200,
    )


@member_page
def story_import(request: HttpRequest, product: Product) -> HttpResponse:
    return _import_page(request, product, "stories")


@member_page
def feedback_import(request: HttpRequest, product: Product) -> HttpResponse:
    return _import_page(request, product, "feedback")
