"""The responsibility matrix each governance configuration starts from.

For every activity of a product (the seven of the operating model, plus the other duties a product
must place), the default says which role answers for it and which roles take part, are consulted
or are kept informed. A product's saved matrix starts from here and may then be adapted.
"""

from __future__ import annotations

from django.db import models

from equipage.registry.models import Governance
from equipage.teams.roles import Role


class Level(models.TextChoices):
    """How far a role is involved in an activity, from answering for it to being kept informed."""

    RESPONSIBLE = "responsable", "Responsable"
    CO_RESPONSIBLE = "co_responsable", "Co-responsable"
    PARTICIPATES = "participe", "Participe"
    CONSULTED = "consulte", "Consulté"
    INFORMED = "informe", "Informé"


# (stable code, label): the order in which matrices list them.
ACTIVITIES: list[tuple[str, str]] = [
    ("vision", "Incarner la vision"),
    ("objectifs", "Définir les objectifs et les indicateurs"),
    ("conception", "Mener la conception (parcours, design, urbanisation, réutilisation des communs)"),
    ("delivery", "Piloter la réalisation (backlog, récits utilisateur, tests, démos)"),
    ("conformite_legale", "Assurer la conformité légale (lois, RGPD, formalités CNIL)"),
    ("conformite_referentiels", "Assurer la conformité aux référentiels (RGAA, RGS, RGESN)"),
    ("rituels_comites", "Animer les rituels et les comités d’investissement"),
    ("suivi_budgetaire", "Suivre le budget"),
    ("deploiement_support", "Déployer le service et accompagner les utilisateurs"),
    ("communication", "Faire connaître le produit et animer la communauté des utilisateurs"),
    ("preparation_comites", "Préparer les comités et les réunions de pilotage"),
]
ACTIVITY_LABELS: dict[str, str] = dict(ACTIVITIES)

# The roles a configuration cannot do without: its default matrix gives them the responsibilities.
REQUIRED_ROLES: dict[Governance, list[Role]] = {
    Governance.POLICY_OWNER_IS_PM: [Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_COACH],
    Governance.DNUM_PM: [Role.PRODUCT_MANAGER, Role.POLICY_EXPERT],
    Governance.SHARED: [Role.POLICY_OWNER, Role.PRODUCT_OWNER],
    Governance.DNUM_OWNED: [Role.PRODUCT_OWNER],
}

R, CO, P, C, I = (  # noqa: E741 — one letter per level keeps the tables below readable
    Level.RESPONSIBLE,
    Level.CO_RESPONSIBLE,
    Level.PARTICIPATES,
    Level.CONSULTED,
    Level.INFORMED,
)
METIER, PRODUIT, PM, EXPERT, COACH = (
    Role.POLICY_OWNER,
    Role.PRODUCT_OWNER,
    Role.PRODUCT_MANAGER,
    Role.POLICY_EXPERT,
    Role.PRODUCT_COACH,
)

_DEFAULTS: dict[Governance, dict[str, dict[Role, Level]]] = {
    # The métier carries the public-policy side (vision, objectives, law, roll-out); the DNUM's
    # responsable produit carries the making (design, delivery, standards, rituals); the coach
    # helps on objectives and rituals and follows the rest.
    Governance.POLICY_OWNER_IS_PM: {
        "vision": {METIER: R, PRODUIT: P, COACH: I},
        "objectifs": {METIER: R, PRODUIT: P, COACH: C},
        "conception": {PRODUIT: R, METIER: P},
        "delivery": {PRODUIT: R, METIER: P},
        "conformite_legale": {METIER: R, PRODUIT: P},
        "conformite_referentiels": {PRODUIT: R, METIER: I},
        "rituels_comites": {PRODUIT: R, METIER: P, COACH: C},
        "suivi_budgetaire": {METIER: R, PRODUIT: P},
        "deploiement_support": {METIER: R, PRODUIT: P},
        "communication": {METIER: R, PRODUIT: P},
        "preparation_comites": {PRODUIT: R, METIER: P, COACH: I},
    },
    # A DNUM product manager answers for everything; the expert métier brings needs and stakes,
    # validates, and takes a real part where the policy is at stake (objectives, law, roll-out).
    Governance.DNUM_PM: {
        "vision": {PM: R, EXPERT: C},
        "objectifs": {PM: R, EXPERT: P},
        "conception": {PM: R, EXPERT: P},
        "delivery": {PM: R, EXPERT: C},
        "conformite_legale": {PM: R, EXPERT: P},
        "conformite_referentiels": {PM: R, EXPERT: I},
        "rituels_comites": {PM: R, EXPERT: P},
        "suivi_budgetaire": {PM: R, EXPERT: I},
        "deploiement_support": {PM: R, EXPERT: P},
        "communication": {PM: R, EXPERT: P},
        "preparation_comites": {PM: R, EXPERT: C},
    },
    # The ministry's own split between the métier and the DNUM: vision and objectives are shared,
    # the métier answers for the law and the roll-out, the DNUM for the making and the rituals.
    Governance.SHARED: {
        "vision": {METIER: R, PRODUIT: CO},
        "objectifs": {METIER: R, PRODUIT: CO},
        "conception": {PRODUIT: R, METIER: P},
        "delivery": {PRODUIT: R, METIER: P},
        "conformite_legale": {METIER: R, PRODUIT: P},
        "conformite_referentiels": {PRODUIT: R, METIER: P},
        "rituels_comites": {PRODUIT: R, METIER: P},
        "suivi_budgetaire": {METIER: CO, PRODUIT: CO},
        "deploiement_support": {METIER: R, PRODUIT: P},
        "communication": {METIER: R, PRODUIT: P},
        "preparation_comites": {PRODUIT: R, METIER: P},
    },
    # Made by and for the DNUM: its responsable produit answers for everything.
    Governance.DNUM_OWNED: {code: {PRODUIT: R} for code, _label in ACTIVITIES},
}


def default_levels(governance: str) -> dict[str, dict[str, str]]:
    """The default matrix of a configuration: {activity code: {role: level}}, as plain strings.

    A fresh copy each time, so callers may change it.
    """
    table = _DEFAULTS[Governance(governance)]
    return {code: {str(role): str(level) for role, level in table.get(code, {}).items()} for code, _label in ACTIVITIES}
