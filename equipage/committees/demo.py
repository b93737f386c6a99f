"""Committee sessions, decisions and actions of the demo portfolio, dated back from today. Safe to run again:
a product that already has sessions is left as it is.

Stories told: steering committees every four months over two years (one product's last one is eight months
old, so the vigilance rule flags it), a portfolio committee of the DGEC's products every six months, decisions
with actions done, open and overdue, one decision superseded by a later one, and a phase change decided in a
DNUM phase-gate review.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from equipage.core.french import de
from equipage.registry.models import Phase, Product

from .kinds import install_default_kinds
from .models import Action, ActionStatus, AgendaItem, Attendee, CommitteeKind, Decision, Session, SessionPack

STEERING_EVERY = 120
UNSTEERED = {"registre-accords"}  # its last steering committee is eight months old
DECISIONS = [
    ("Prioriser le parcours de prise de rendez-vous", "Les usagers le citent en premier dans les entretiens."),
    ("Lancer un audit d’accessibilité complet", "La déclaration a plus de trois ans."),
    ("Ouvrir le service à deux régions supplémentaires", "Les indicateurs de la région pilote sont atteints."),
    ("Reporter la refonte de l’espace agent", "L’équipe se concentre sur la version usagers."),
]
ACTIONS = [
    "Présenter le plan de déploiement",
    "Mettre à jour la feuille de route",
    "Chiffrer la refonte",
    "Recruter un développeur",
    "Organiser les tests utilisateurs",
]


def _kinds() -> dict[str, CommitteeKind]:
    install_default_kinds(CommitteeKind)
    return {kind.code: kind for kind in CommitteeKind.objects.all()}


def _session(kind: CommitteeKind, date: datetime.date, products: list[Product], today: datetime.date, title=""):
    session = Session.objects.create(
        kind=kind,
        date=date,
        title=title,
        is_held=date <= today,
        minutes="Points examinés : avancement, indicateurs, budget. Décisions ci-dessous." if date <= today else "",
    )
    session.products.set(products)
    for position, product in enumerate(products):
        AgendaItem.objects.create(
            session=session,
            topic=f"Avancement {de(product.name)}",
            product=product,
            expected_decision="Valider les priorités du prochain trimestre",
            position=position,
        )
    return session


def _attend(session: Session, people) -> None:
    Attendee.objects.bulk_create(
        Attendee(session=session, person=membership.person, role=membership.get_role_display()) for membership in people
    )


@transaction.atomic
def load_demo_committees(seed: int, slugs: list[str]) -> None:
    today = timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
    kinds = _kinds()
    products = list(Product.objects.filter(slug__in=slugs).active().order_by("slug"))
    for product in products:
        if Session.objects.filter(products=product).exists() or product.phase == Phase.INVESTIGATION:
            continue
        team = list(product.memberships.current().select_related("person").order_by("id"))
        offset = 240 if product.slug in UNSTEERED else rng.randint(20, 90)
        dates = [today - datetime.timedelta(days=offset + STEERING_EVERY * k) for k in range(0, 6)]
        sessions = []
        for number, date in enumerate(sorted(dates), start=1):
            session = _session(
                kinds["comite-pilotage"], date, [product], today, title=f"COPIL {product.name} n° {number}"
            )
            _attend(session, team[:4])
            sessions.append(session)
        # The next one, planned.
        _session(
            kinds["comite-pilotage"],
            today + datetime.timedelta(days=30),
            [product],
            today,
            f"COPIL {product.name} n° 7",
        )
        if not team:
            continue
        latest, previous = sessions[-1], sessions[-2]
        first = Decision.objects.create(
            product=product,
            title=DECISIONS[0][0],
            rationale=DECISIONS[0][1],
            date=previous.date,
            session=previous,
            decided_by="Comité de pilotage",
        )
        second = Decision.objects.create(
            product=product,
            title=DECISIONS[rng.randint(1, 3)][0],
            rationale="Arbitrage du dernier comité.",
            date=latest.date,
            session=latest,
            decided_by="Comité de pilotage",
        )
        owners = [membership.person for membership in team]
        Action.objects.create(
            decision=first,
            title=ACTIONS[0],
            owner=owners[0],
            due_date=previous.date + datetime.timedelta(days=30),
            status=ActionStatus.DONE,
        )
        # Overdue for some products, open and on time for others.
        late = rng.random() < 0.5
        Action.objects.create(
            decision=second,
            title=ACTIONS[rng.randint(1, 4)],
            owner=owners[-1],
            due_date=today + datetime.timedelta(days=-12 if late else 45),
            status=ActionStatus.IN_PROGRESS if late else ActionStatus.TODO,
        )
    _supersede_and_phase_change(kinds, today)
    _portfolio_committees(kinds, today)
    _freeze_latest_packs(today)


FROZEN_PACKS = 2


def _freeze_latest_packs(today) -> None:
    """The latest held sessions keep the pack the committee saw (the PDF takes a second or two each)."""
    from .pack import freeze

    latest = Session.objects.held().filter(date__lte=today, packs__isnull=True).order_by("-date", "-id")
    if SessionPack.objects.exists():
        return
    for session in latest[:FROZEN_PACKS]:
        freeze(None, session)


def _supersede_and_phase_change(kinds, today) -> None:
    product = Product.objects.filter(slug="mon-parcours-emploi").first()
    if product is None or Decision.objects.filter(product=product, supersedes__isnull=False).exists():
        return
    old = Decision.objects.create(
        product=product,
        title="Héberger le service chez un prestataire",
        rationale="Délai de mise en service le plus court.",
        date=today - datetime.timedelta(days=420),
        decided_by="Comité d’investissement",
    )
    Decision.objects.create(
        product=product,
        title="Héberger le service sur la plateforme de la DNUM",
        rationale="La plateforme est homologuée ; le coût annuel est moindre.",
        date=today - datetime.timedelta(days=300),
        decided_by="Comité d’investissement",
        supersedes=old,
    )
    gate = _session(kinds["revue-passage-phase"], today - datetime.timedelta(days=365), [product], today)
    Decision.objects.create(
        product=product,
        title="Passer en phase d’accélération",
        rationale="Objectifs d’usage atteints dans les agences pilotes.",
        date=gate.date,
        session=gate,
        decided_by="Revue de passage de phase (DNUM)",
        new_phase=Phase.ACCELERATION,
        previous_phase=Phase.CONSTRUCTION,
    )


def _portfolio_committees(kinds, today) -> None:
    kind = kinds["comite-portefeuille"]
    if Session.objects.filter(kind=kind).exists():
        return
    reviewed = list(Product.objects.active().filter(sponsor__acronym="DGEC").order_by("name")[:6])
    if not reviewed:
        return
    for months in (18, 12, 6, 1):
        date = today - datetime.timedelta(days=30 * months)
        _session(kind, date, reviewed, today, title=f"Revue de portefeuille DGEC du {date:%m/%Y}")
