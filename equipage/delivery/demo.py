"""Roadmaps, backlogs, releases with their recette, demos, research and feedback for the demo portfolio.

Deterministic for a seed, dated back from today, and safe to run again: a product that already has
stories is left as it is. Most products practise delivery well; some break each vigilance rule:
a roadmap tied to no objective, a release in production without validated recette, no research for
months, the responsable métier absent from demos and recettes, feedback left untriaged.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from equipage.indicators.models import Objective
from equipage.registry.models import Product
from equipage.teams.models import Membership

from .models import (
    IMPACT_CHOICES,
    RANK_STEP,
    AcceptanceCriterion,
    Campaign,
    CaseResult,
    Channel,
    Demo,
    Feedback,
    Horizon,
    Insight,
    Release,
    ResearchActivity,
    ResearchKind,
    RoadmapItem,
    RoadmapStatus,
    Story,
    StoryStatus,
    TestCase,
    Triage,
    rice_score,
)
from .permissions import sign_off_roles

# Products that break one rule each (others keep to the model).
ROADMAP_WITHOUT_OBJECTIVE = {"sirh-mobilite"}
RELEASED_WITHOUT_RECETTE = {"registre-accords", "demat-social"}
NO_RECENT_RESEARCH = {"registre-accords", "ancien-extranet"}
OWNER_ABSENT = {"suivi-controles"}
UNTRIAGED_FEEDBACK = {"aides-inclusion", "sirh-mobilite"}
WITHOUT_DELIVERY = {"juridique-avis"}  # just starting its investigation: nothing yet

ROADMAP_TITLES = [
    "Prise de rendez-vous en ligne",
    "Tableau de bord des agents",
    "Notifications par SMS",
    "Parcours sur mobile",
    "Pièces justificatives en un clic",
    "Ouverture de l’API aux partenaires",
    "Simplification du formulaire de demande",
]
NEEDS = [
    ("usager", "déposer ma demande en ligne", "ne pas me déplacer"),
    ("usager", "suivre l’avancement de mon dossier", "savoir quand j’aurai une réponse"),
    ("agent instructeur", "voir les dossiers incomplets", "relancer les usagers à temps"),
    ("agent instructeur", "filtrer les dossiers par date", "traiter les plus anciens d’abord"),
    ("gestionnaire", "exporter les statistiques du mois", "préparer le comité de pilotage"),
    ("usager", "joindre une pièce depuis mon téléphone", "ne pas avoir à la scanner"),
    ("agent d’accueil", "retrouver un dossier par nom", "répondre au téléphone"),
    ("usager", "recevoir un rappel avant mon rendez-vous", "ne pas l’oublier"),
]
CRITERIA = [
    "Étant donné un dossier complet, quand je le dépose, alors je reçois un accusé de réception",
    "La page est utilisable au clavier seul",
    "Le message d’erreur dit quel champ corriger",
    "Quand je recharge la page, mes saisies sont conservées",
    "L’export contient une ligne par dossier",
    "Étant donné un dossier incomplet, alors la relance cite la pièce manquante",
]
VERBATIMS = [
    "Je n’arrive pas à joindre mon justificatif depuis mon téléphone.",
    "Le délai affiché ne correspond pas à ce qu’on m’a dit au guichet.",
    "Les usagers appellent pour savoir où en est leur dossier.",
    "Le bouton Valider est difficile à trouver en bas de page.",
    "Le courriel de confirmation arrive dans les indésirables.",
    "On aimerait pouvoir filtrer par commune.",
]
INSIGHTS = [
    ("Les usagers ne comprennent pas le mot « instruction ».", "vocabulaire"),
    ("Les agents impriment les dossiers pour les annoter.", "agents, papier"),
    ("Le téléphone est le premier outil des usagers.", "mobile"),
]


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def load_demo_delivery(seed: int, slugs: list[str]) -> None:
    today = timezone.localdate()
    for index, product in enumerate(Product.objects.filter(slug__in=slugs).order_by("slug")):
        if product.slug in WITHOUT_DELIVERY or product.stories.exists():
            continue
        with transaction.atomic():
            _load_product(product, random.Random(seed + index), today)  # noqa: S311 - deterministic demo data


def _load_product(product: Product, rng: random.Random, today: datetime.date) -> None:
    members = list(Membership.objects.current().filter(product=product).select_related("person"))
    people = [membership.person for membership in members]
    owner = next((m.person for m in members if m.role in sign_off_roles(product)), None)
    items = _roadmap(product, rng)
    stories = _backlog(product, rng, items)
    releases = _releases(product, rng, today, stories, owner, people)
    _demos(product, rng, today, releases, stories, owner, people)
    _research(product, rng, today, stories, people)
    _feedback(product, rng, today, stories)


def _roadmap(product: Product, rng: random.Random) -> list[RoadmapItem]:
    objectives = list(Objective.objects.filter(product=product))
    horizons = [Horizon.NOW, Horizon.NOW, Horizon.NEXT, Horizon.NEXT, Horizon.LATER, Horizon.LATER]
    statuses = {Horizon.NOW: RoadmapStatus.IN_PROGRESS, Horizon.NEXT: RoadmapStatus.PLANNED}
    year = timezone.localdate().year
    items = []
    for position, title in enumerate(rng.sample(ROADMAP_TITLES, rng.randint(3, 6)), start=1):
        horizon = horizons[position - 1]
        item = RoadmapItem.objects.create(
            product=product,
            title=title,
            horizon=horizon,
            status=statuses.get(horizon, RoadmapStatus.CONSIDERED),
            target_quarter=f"{year + (position > 3)}-T{(position % 4) + 1}" if horizon != Horizon.LATER else "",
            expected_effect="Moins d’appels au support et des dossiers complets du premier coup.",
            is_published=product.is_public_service and horizon != Horizon.LATER,
            rank=position * RANK_STEP,
        )
        if objectives and product.slug not in ROADMAP_WITHOUT_OBJECTIVE:
            item.objectives.add(objectives[position % len(objectives)])
        items.append(item)
    return items


def _backlog(product: Product, rng: random.Random, items: list[RoadmapItem]) -> list[Story]:
    count = rng.randint(20, 200)
    statuses = [
        *[StoryStatus.IDEA] * 4,
        *[StoryStatus.TO_REFINE] * 3,
        *[StoryStatus.READY] * 3,
        StoryStatus.IN_PROGRESS,
        *[StoryStatus.DONE] * 4,
        StoryStatus.DROPPED,
    ]
    stories = []
    for number in range(1, count + 1):
        as_a, i_want, so_that = NEEDS[rng.randrange(len(NEEDS))]
        story = Story(
            product=product,
            number=number,
            rank=number * RANK_STEP,
            title=i_want[0].upper() + i_want[1:],
            as_a=as_a,
            i_want=i_want,
            so_that=so_that,
            status=rng.choice(statuses),
            estimate=rng.choice([1, 2, 3, 5, 8, None]),
            roadmap_item=rng.choice(items) if items and rng.random() < 0.6 else None,
        )
        if rng.random() < 0.6:
            story.reach = rng.choice([50, 200, 1000, 5000])
            story.impact = rng.choice(IMPACT_CHOICES)[0]
            story.confidence = rng.choice([50, 80, 100])
            story.effort = Decimal(rng.choice([1, 2, 3, 5, 8]))
        # bulk_create skips save(): the RICE score is computed here.
        story.rice = rice_score(story.reach, story.impact, story.confidence, story.effort)
        stories.append(story)
    bulk_create_with_history(stories, Story)
    stories = list(Story.objects.filter(product=product).order_by("number"))
    criteria = []
    for story in stories:
        wanted = 0 if story.status in (StoryStatus.IDEA,) else rng.randint(1, 4)
        if story.status == StoryStatus.TO_REFINE and rng.random() < 0.5:
            wanted = 0
        for position, text in enumerate(rng.sample(CRITERIA, wanted), start=1):
            criteria.append(AcceptanceCriterion(story=story, position=position, text=text))
    bulk_create_with_history(criteria, AcceptanceCriterion)
    return stories


def _releases(product, rng, today, stories, owner, people) -> list[Release]:
    """A validated release in production, another in production (validated unless the product breaks the
    rule), a coming one under recette with a blocking case, and a planned one."""
    plans = [
        ("1.0", 500, True, True),
        ("1.1", 60, True, product.slug not in RELEASED_WITHOUT_RECETTE),
        ("1.2", -20, False, False),
        ("2.0", -90, False, None),
    ]
    done = [story for story in stories if story.status == StoryStatus.DONE]
    ongoing = [story for story in stories if story.status in (StoryStatus.READY, StoryStatus.IN_PROGRESS)]
    releases = []
    for index, (name, days, in_production, signed) in enumerate(plans):
        release = Release.objects.create(
            product=product,
            name=name,
            planned_date=_days_ago(today, days),
            actual_date=_days_ago(today, days - 2) if in_production else None,
            description="Version de démonstration.",
        )
        pool = done if in_production else ongoing
        carried = pool[index::4][:6]
        Story.objects.filter(pk__in=[story.pk for story in carried]).update(release=release)
        releases.append(release)
        if signed is None:
            continue
        campaign = Campaign.objects.create(release=release)
        cases = []
        criteria = AcceptanceCriterion.objects.filter(story__in=carried).order_by("story__rank", "position")
        owner_tests = owner is not None and product.slug not in OWNER_ABSENT
        testers = [person for person in people if owner_tests or person != owner] or [None]
        for position, criterion in enumerate(criteria, start=1):
            result = CaseResult.PASSED if signed or in_production else rng.choice(list(CaseResult.values))
            tester = owner if owner_tests and position == 1 else rng.choice(testers)
            cases.append(
                TestCase(
                    campaign=campaign,
                    story=criterion.story,
                    criterion=criterion,
                    position=position,
                    text=criterion.text,
                    result=result,
                    tested_by=tester if result != CaseResult.NOT_TESTED else None,
                    tested_on=_days_ago(today, max(days, 0) + 3) if result != CaseResult.NOT_TESTED else None,
                )
            )
        if not in_production and cases:
            cases[0].result, cases[0].comment = CaseResult.BLOCKING, "La page renvoie une erreur."
            cases[0].tested_by = cases[0].tested_by or testers[0]
            cases[0].tested_on = _days_ago(today, 1)
        TestCase.objects.bulk_create(cases)
        if signed and owner is not None:  # an absent owner still signs, from afar
            campaign.signed_off_by = owner
            campaign.signed_off_at = timezone.now() - datetime.timedelta(days=days)
            campaign.save()
    return releases


def _demos(product, rng, today, releases, stories, owner, people) -> None:
    shown = [story for story in stories if story.status in (StoryStatus.DONE, StoryStatus.IN_PROGRESS)]
    for days in (200, 120, 50, 10):
        demo = Demo.objects.create(
            product=product,
            release=releases[1] if days == 50 else None,
            date=_days_ago(today, days),
            feedback="Ajouter un filtre par commune\nLe vocabulaire reste administratif",
        )
        demo.stories.add(*shown[:3])
        attendees = [person for person in people if person != owner][:3]
        if owner is not None and product.slug not in OWNER_ABSENT:
            attendees.append(owner)
        demo.attendees.add(*attendees)


def _research(product, rng, today, stories, people) -> None:
    ages = [400, 260] if product.slug in NO_RECENT_RESEARCH else [150, 40]
    for age, kind in zip(ages, [ResearchKind.INTERVIEW, ResearchKind.USABILITY], strict=True):
        activity = ResearchActivity.objects.create(
            product=product,
            kind=kind,
            title=f"{ResearchKind(kind).label} avec des usagers",
            date=_days_ago(today, age),
            participants=rng.randint(4, 12),
            summary="Les usagers veulent savoir où en est leur demande sans appeler.",
        )
        activity.team_members.add(*people[:2])
        for text, tags in INSIGHTS[: rng.randint(1, 3)]:
            insight = Insight.objects.create(activity=activity, text=text, tags=tags)
            insight.stories.add(*rng.sample(stories, min(2, len(stories))))


def _feedback(product, rng, today, stories) -> None:
    untriaged_age = 60 if product.slug in UNTRIAGED_FEEDBACK else 5
    rows = []
    for index in range(rng.randint(5, 15)):
        status = rng.choice([Triage.QUALIFIED, Triage.LINKED, Triage.DISMISSED, Triage.DUPLICATE])
        age = 10 + index * 7
        if index < 3:
            status, age = Triage.NEW, untriaged_age + index
        rows.append(
            Feedback(
                product=product,
                channel=rng.choice(Channel.values),
                date=_days_ago(today, age),
                verbatim=VERBATIMS[index % len(VERBATIMS)],
                tags=rng.choice(["mobile", "délais", "accessibilité", "support"]),
                status=status,
            )
        )
    bulk_create_with_history(rows, Feedback)
    for item in Feedback.objects.filter(product=product, status=Triage.LINKED):
        item.stories.add(rng.choice(stories))
