"""Rituals and responsibility matrices of the demo portfolio. Safe to run again: it only adds what is missing.

The demo tells three stories: co-responsabilité products with and without their alignment ritual;
a matrix edited into an invalid state (two responsables for the vision); and a matrix saved under
an older configuration, for which the page proposes the current configuration's default.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from equipage.registry.models import Governance, Product
from equipage.teams.roles import Role

from .defaults import Level
from .matrix import ActivityRow, _write, default_matrix
from .models import CADENCE_DAYS, Cadence, ResponsibilityMatrix, Ritual, RitualKind, RitualMeeting

ALIGNMENT_NAME = "Point d’alignement métier–DNUM"

# (product slug, name, kind, cadence, start date)
RITUALS = [
    ("suivi-controles", ALIGNMENT_NAME, RitualKind.ALIGNMENT, Cadence.MONTHLY, "2024-11-15"),
    ("formation-competences", ALIGNMENT_NAME, RitualKind.ALIGNMENT, Cadence.MONTHLY, "2024-03-15"),
    # aides-inclusion is in co-responsabilité too, but has no alignment ritual: the vigilance rule flags it.
    ("aides-inclusion", "Démo de fin d’itération", RitualKind.DEMO, Cadence.WEEKLY, "2025-02-03"),
    ("mon-parcours-emploi", "Démo de fin d’itération", RitualKind.DEMO, Cadence.WEEKLY, "2024-10-07"),
    ("mon-parcours-emploi", "Rétrospective", RitualKind.RETROSPECTIVE, Cadence.FORTNIGHTLY, "2024-10-14"),
    ("registre-accords", "Revue de sprint", RitualKind.DEMO, Cadence.WEEKLY, "2023-05-15"),
    ("demat-social", "Démo aux agents pilotes", RitualKind.DEMO, Cadence.WEEKLY, "2023-10-02"),
    ("observatoire-insertion", "Revue de sprint", RitualKind.DEMO, Cadence.WEEKLY, "2024-04-15"),
    ("observatoire-insertion", "Comité de pilotage", RitualKind.STEERING_COMMITTEE, Cadence.QUARTERLY, "2024-06-01"),
    (
        "atlas-hebergement",
        "Comité d’investissement",
        RitualKind.INVESTMENT_COMMITTEE,
        Cadence.HALF_YEARLY,
        "2023-03-01",
    ),
]


# Meetings held, counted back from today: (product slug, ritual name, days since the last meeting, how many).
# formation-competences' alignment and registre-accords' sprint review have stopped: they are late.
MEETINGS = [
    ("suivi-controles", ALIGNMENT_NAME, 12, 6),
    ("formation-competences", ALIGNMENT_NAME, 80, 4),
    ("mon-parcours-emploi", "Démo de fin d’itération", 4, 8),
    ("mon-parcours-emploi", "Rétrospective", 9, 5),
    ("registre-accords", "Revue de sprint", 45, 6),
    ("observatoire-insertion", "Comité de pilotage", 30, 3),
]
MEETING_NOTES = [
    "Revue des priorités du trimestre ; arbitrage sur le périmètre de la prochaine version.",
    "Point sur les retours des usagers pilotes et sur le calendrier de recette.",
    "Démonstration des derniers parcours ; deux anomalies remontées à l’équipe.",
]


def _add_meetings(ritual: Ritual, days_ago: int, count: int) -> None:
    today = timezone.localdate()
    team = list(ritual.product.memberships.current().select_related("person").order_by("id")[:4])
    period = CADENCE_DAYS[Cadence(ritual.cadence)]
    for index in range(count):
        date = today - datetime.timedelta(days=days_ago + index * period)
        if date < ritual.start_date:
            break
        meeting = RitualMeeting.objects.create(
            ritual=ritual, date=date, notes=MEETING_NOTES[index % len(MEETING_NOTES)]
        )
        meeting.attendees.set([membership.person for membership in team])


def _formation_competences_rows() -> list[ActivityRow]:
    """The co-responsabilité default, edited so that both leads claim the vision: two responsables."""
    rows = default_matrix(Governance.SHARED).activities
    for row in rows:
        if row.code == "vision":
            row.levels = dict.fromkeys([Role.POLICY_OWNER.value, Role.PRODUCT_OWNER.value], Level.RESPONSIBLE.value)
        if row.code == "objectifs":
            row.levels[Role.PRODUCT_COACH.value] = Level.CONSULTED.value
    return rows


def _mon_parcours_emploi_rows() -> list[ActivityRow]:
    """Saved when the product was run by a DNUM product manager, then adapted to the team as it is now:
    the responsable produit took the PM's levels, the responsable métier the expert's, and the designer
    leads user research. The product has since moved to « le métier est PM »."""
    renamed = {Role.PRODUCT_MANAGER.value: Role.PRODUCT_OWNER.value, Role.POLICY_EXPERT.value: Role.POLICY_OWNER.value}
    rows = default_matrix(Governance.DNUM_PM).activities
    for row in rows:
        row.levels = {renamed.get(role, role): level for role, level in row.levels.items()}
        if row.code == "conception":
            row.levels[Role.DESIGNER.value] = Level.PARTICIPATES.value
    rows.append(
        ActivityRow(
            code="",
            label="Animer la recherche utilisateur",
            levels={Role.DESIGNER.value: Level.RESPONSIBLE.value, Role.POLICY_OWNER.value: Level.PARTICIPATES.value},
        )
    )
    return rows


# (product slug, configuration the matrix was based on, its rows)
MATRICES = [
    ("formation-competences", Governance.SHARED, _formation_competences_rows),
    ("mon-parcours-emploi", Governance.DNUM_PM, _mon_parcours_emploi_rows),
]


@transaction.atomic
def load_demo_governance(products_by_slug: dict[str, Product]) -> None:
    """Add the demo rituals and saved matrices of the products given (by slug) that do not have them yet."""
    for slug, name, kind, cadence, start in RITUALS:
        product = products_by_slug.get(slug)
        if product is not None and not Ritual.objects.filter(product=product, name=name).exists():
            Ritual.objects.create(
                product=product,
                name=name,
                kind=kind,
                cadence=cadence,
                start_date=datetime.date.fromisoformat(start),
            )
    for slug, name, days_ago, count in MEETINGS:
        ritual = Ritual.objects.filter(product__slug=slug, name=name).first()
        if ritual is not None and not ritual.meetings.exists():
            _add_meetings(ritual, days_ago, count)
    for slug, basis, rows in MATRICES:
        product = products_by_slug.get(slug)
        if product is not None and not ResponsibilityMatrix.objects.filter(product=product).exists():
            # Written as they stand, without the checks of the editing services: the demo shows
            # what the page says about a matrix that does not hold.
            _write(product, rows(), basis)
