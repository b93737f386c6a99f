"""Delivery's vigilance rules: is the product model *practised* — roadmap tied to objectives, recette
validated before production, regular user research, the responsable métier at demos and recettes,
field feedback triaged?

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`); each fact is
loaded for the whole batch of products in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Max, Min, Q

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.core import french
from equipage.core.vocabulary import Area, Level, Severity
from equipage.registry.models import Phase
from equipage.teams.roles import Role

from .models import (
    Campaign,
    CaseResult,
    Demo,
    Feedback,
    Release,
    ResearchActivity,
    RoadmapItem,
    RoadmapStatus,
    TestCase,
)
from .permissions import sign_off_label, sign_off_roles

RESEARCH_MAX_AGE = datetime.timedelta(days=183)
FEEDBACK_MAX_WAIT = datetime.timedelta(days=30)
RELEASE_LOOKBACK = datetime.timedelta(days=365)
ATTENDANCE_EVENTS = 3
ATTENDANCE_LOOKBACK = datetime.timedelta(days=730)


def _own_product(row) -> set[int]:
    return {row.product_id}


def _campaign_product(campaign_id: int) -> set[int]:
    return set(Campaign.objects.filter(pk=campaign_id).values_list("release__product_id", flat=True))


def _release_product(release_id: int) -> set[int]:
    return set(Release.objects.filter(pk=release_id).values_list("product_id", flat=True))


RECETTE_ROWS = {
    Release: _own_product,
    Campaign: lambda campaign: _release_product(campaign.release_id),
    TestCase: lambda case: _campaign_product(case.campaign_id),
}


@fact("roadmap_tied_to_objective", default=bool, watch={RoadmapItem: _own_product})
def load_roadmap_tied_to_objective(batch: Batch) -> dict[int, bool]:
    tied = (
        RoadmapItem.objects.filter(product_id__in=batch.scope, objectives__isnull=False)
        .exclude(status=RoadmapStatus.DROPPED)
        .values_list("product_id", flat=True)
        .distinct()
    )
    return dict.fromkeys(tied, True)


@fact("releases_without_validated_recette", default=list, watch=RECETTE_ROWS)
def load_unvalidated_releases(batch: Batch) -> dict[int, list[Release]]:
    releases = (
        Release.objects.filter(product_id__in=batch.scope, actual_date__gte=batch.today - RELEASE_LOOKBACK)
        .select_related("campaign")
        .annotate(blocking=Count("campaign__cases", filter=Q(campaign__cases__result=CaseResult.BLOCKING)))
        .order_by("actual_date", "pk")
    )
    found: dict[int, list[Release]] = defaultdict(list)
    for release in releases:
        campaign = getattr(release, "campaign", None)
        if campaign is None or not campaign.is_signed or release.blocking:
            found[release.product_id].append(release)
    return found


@fact("last_research_date", watch={ResearchActivity: _own_product})
def load_last_research_date(batch: Batch) -> dict[int, datetime.date]:
    rows = (
        ResearchActivity.objects.filter(product_id__in=batch.scope)
        .values("product_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    return {row["product_id"]: row["last"] for row in rows}


@fact("stale_feedback", watch={Feedback: _own_product})
def load_stale_feedback(batch: Batch) -> dict[int, tuple[int, datetime.date]]:
    """Feedback waiting for triage for over 30 days: (how many, the oldest date)."""
    limit = batch.today - FEEDBACK_MAX_WAIT
    rows = (
        Feedback.objects.untriaged()
        .filter(product_id__in=batch.scope, date__lt=limit)
        .values("product_id")
        .annotate(n=Count("pk"), oldest=Min("date"))
        .order_by()
    )
    return {row["product_id"]: (row["n"], row["oldest"]) for row in rows}


@fact("delivery_events", default=list, watch={Demo: _own_product, **RECETTE_ROWS})
def load_delivery_events(batch: Batch) -> dict[int, list[tuple[datetime.date, set[int]]]]:
    """Each product's recent demos and recettes, newest first: (date, people who took part).

    At a demo, its attendees; at a recette, whoever signed it off or ran one of its cases."""
    since = batch.today - ATTENDANCE_LOOKBACK
    events: dict[int, list[tuple[datetime.date, set[int]]]] = defaultdict(list)
    demos = {
        pk: (product_id, day)
        for pk, product_id, day in Demo.objects.filter(product_id__in=batch.scope, date__gte=since).values_list(
            "pk", "product_id", "date"
        )
    }
    demo_people: dict[int, set[int]] = defaultdict(set)
    if demos:
        attendees = Demo.attendees.through.objects.filter(
            demo__product_id__in=batch.scope, demo__date__gte=since
        ).values_list("demo_id", "person_id")
        for demo_id, person_id in attendees:
            demo_people[demo_id].add(person_id)
    for pk, (product_id, day) in demos.items():
        events[product_id].append((day, demo_people[pk]))

    campaigns = Campaign.objects.filter(release__product_id__in=batch.scope, created_at__date__gte=since).values_list(
        "pk", "release__product_id", "release__actual_date", "created_at", "signed_off_by_id"
    )
    campaign_people: dict[int, set[int]] = defaultdict(set)
    campaign_rows = list(campaigns)
    testers = (
        TestCase.objects.filter(
            campaign__release__product_id__in=batch.scope,
            campaign__created_at__date__gte=since,
            tested_by__isnull=False,
        )
        .values_list("campaign_id", "tested_by_id")
        .distinct()
        if campaign_rows
        else []
    )
    for campaign_id, person_id in testers:
        campaign_people[campaign_id].add(person_id)
    for pk, product_id, actual_date, created_at, signer_id in campaign_rows:
        people = campaign_people[pk] | ({signer_id} if signer_id else set())
        events[product_id].append((actual_date or created_at.date(), people))
    for product_events in events.values():
        product_events.sort(key=lambda event: event[0], reverse=True)
    return events


@rule(
    "FEUILLE_DE_ROUTE_SANS_OBJECTIF",
    Severity.WATCH,
    "Feuille de route sans lien avec les objectifs",
    Role.PRODUCT_MANAGER,
    short="Feuille de route",
    area=Area.VALUE,
    level=Level.PRACTICES,
    activity="objectifs",
)
def roadmap_without_objective(facts: ProductFacts):
    if facts.product.phase == Phase.INVESTIGATION or facts.roadmap_tied_to_objective:
        return
    yield (
        f"Le produit est en phase « {facts.product.get_phase_display()} » et aucun élément de sa feuille de route "
        "n’est relié à un objectif.",
        "Relier chaque élément de la feuille de route aux objectifs qu’il doit faire avancer, "
        "et définir ces objectifs s’ils manquent.",
    )


@rule(
    "VERSION_SANS_RECETTE",
    Severity.BLOCKING,
    "Version en production sans recette validée",
    Role.POLICY_OWNER,
    short="Recette",
    area=Area.DELIVERY,
    level=Level.FOUNDATION,
    activity="delivery",
)
def release_without_validated_recette(facts: ProductFacts):
    for release in facts.releases_without_validated_recette:
        yield (
            f"La {release} est en production depuis le {french.date(release.actual_date)} sans recette validée.",
            "Mener la recette de la version et la faire valider par le responsable métier "
            "(le product manager pour un produit porté par la DNUM), sans cas bloquant ouvert.",
        )


@rule(
    "RECHERCHE_ABSENTE",
    Severity.WATCH,
    "Pas de recherche utilisateur depuis six mois",
    Role.USER_RESEARCHER,
    short="Recherche",
    area=Area.DELIVERY,
    level=Level.PRACTICES,
    activity="conception",
)
def no_recent_research(facts: ProductFacts):
    if facts.product.phase == Phase.END_OF_LIFE:
        return
    last = facts.last_research_date
    if last is None:
        yield (
            "Aucune activité de recherche utilisateur n’est enregistrée pour ce produit.",
            "Rencontrer des usagers (entretiens, tests d’utilisabilité, immersion) et noter ce que l’équipe "
            "en apprend.",
        )
    elif facts.today - last > RESEARCH_MAX_AGE:
        yield (
            f"La dernière activité de recherche utilisateur date du {french.date(last)}, il y a plus de six mois.",
            "Programmer une activité de recherche : la feuille de route doit s’appuyer sur les usagers.",
        )


@rule(
    "RM_ABSENT_DEMOS_RECETTES",
    Severity.WATCH,
    "Responsable métier absent des démos et recettes",
    Role.POLICY_OWNER,
    short="Présence du RM",
    area=Area.DELIVERY,
    level=Level.EXEMPLARY,
    activity="delivery",
)
def owner_absent_from_demos(facts: ProductFacts):
    roles = sign_off_roles(facts.product)
    owners = {membership.person_id for membership in facts.memberships if membership.role in roles}
    recent = facts.delivery_events[:ATTENDANCE_EVENTS]
    if not owners or len(recent) < ATTENDANCE_EVENTS:
        return
    if not any(owners & people for _day, people in recent):
        label = sign_off_label(facts.product)
        yield (
            f"Le {label} n’a pris part à aucune des {ATTENDANCE_EVENTS} dernières démos et recettes "
            f"(depuis le {french.date(recent[-1][0])}).",
            f"Inviter le {label} aux démos et lui faire mener la recette : c’est lui qui valide avant la production.",
        )


@rule(
    "RETOURS_NON_TRIES",
    Severity.WATCH,
    "Retours terrain non triés depuis plus de 30 jours",
    Role.PRODUCT_OWNER,
    short="Retours non triés",
    area=Area.DELIVERY,
    level=Level.EXEMPLARY,
    activity="deploiement_support",
)
def untriaged_feedback(facts: ProductFacts):
    if facts.stale_feedback is None:
        return
    count, oldest = facts.stale_feedback
    plural = "s" if count > 1 else ""
    yield (
        f"{count} retour{plural} terrain attend{'ent' if count > 1 else ''} d’être trié{plural} depuis plus de "
        f"30 jours (le plus ancien date du {french.date(oldest)}).",
        "Trier la boîte de réception des retours : qualifier, lier à une story, écarter ou marquer en doublon.",
    )
