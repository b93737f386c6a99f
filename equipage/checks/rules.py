"""The vigilance rules: where a product's organisation falls short of the operating model.

Each rule is one function registered with `@rule`; it returns (message, remedy) pairs, one per
problem found, written for the product's team.
"""

from __future__ import annotations

import datetime

from equipage.governance.defaults import ACTIVITY_LABELS, REQUIRED_ROLES
from equipage.registry.models import Governance
from equipage.teams.roles import Role

from .engine import ProductFacts, Severity, rule

MINIMUM_POLICY_OWNER_SHARE = 60
SELF_ASSESSMENT_MAX_AGE = datetime.timedelta(days=183)
# Configurations in which the responsable métier carries the product, alone or with the DNUM.
POLICY_OWNER_LEADS = {Governance.POLICY_OWNER_IS_PM, Governance.SHARED}


def _leads(facts: ProductFacts) -> bool:
    return facts.product.governance in POLICY_OWNER_LEADS


@rule(
    "RM_TEMPS_INSUFFISANT",
    Severity.BLOCKING,
    "Responsable métier à moins de 60 %",
    Role.POLICY_OWNER,
    short="Temps du RM",
)
def policy_owner_time(facts: ProductFacts):
    if not _leads(facts):
        return
    for holder in facts.holders(Role.POLICY_OWNER):
        if holder.time_share < MINIMUM_POLICY_OWNER_SHARE:
            yield (
                f"{holder.person} consacre {holder.time_share} % de son temps au produit comme responsable métier ; "
                f"la configuration « {facts.product.get_governance_display()} » en demande au moins "
                f"{MINIMUM_POLICY_OWNER_SHARE} %.",
                "Dégager du temps au responsable métier (au moins 60 %), ou revoir la configuration de gouvernance.",
            )


@rule(
    "RM_NON_FORME",
    Severity.WATCH,
    "Responsable métier non formé aux méthodes produit",
    Role.POLICY_OWNER,
    short="Formation du RM",
)
def policy_owner_training(facts: ProductFacts):
    if not _leads(facts):
        return
    for holder in facts.holders(Role.POLICY_OWNER):
        if not holder.person.trained_in_product_methods:
            yield (
                f"{holder.person}, responsable métier, n’a pas suivi de formation aux méthodes produit.",
                "Inscrire le responsable métier à une formation : priorisation, indicateurs, agilité.",
            )


@rule("COACH_ABSENT", Severity.WATCH, "Pas de coach produit", Role.PRODUCT_COACH, short="Coach")
def missing_coach(facts: ProductFacts):
    if _leads(facts) and facts.holders(Role.POLICY_OWNER) and not facts.holders(Role.PRODUCT_COACH):
        yield (
            "Le responsable métier porte le produit sans coach produit de la DNUM dans l’équipe.",
            "Demander un coach produit à la DNUM et l’ajouter à l’équipe.",
        )


@rule("ROLE_VACANT", Severity.BLOCKING, "Rôle requis non pourvu", short="Rôle vacant")
def vacant_required_role(facts: ProductFacts):
    held = facts.held_roles
    for role in REQUIRED_ROLES[Governance(facts.product.governance)]:
        if role == Role.PRODUCT_COACH:
            continue  # reported by COACH_ABSENT, with its own remedy
        if role not in held:
            yield (
                f"La configuration « {facts.product.get_governance_display()} » demande un rôle "
                f"« {role.label} », que personne ne tient aujourd’hui.",
                f"Nommer quelqu’un au rôle « {role.label} » dans l’équipe, ou revoir la configuration.",
            )


@rule("MATRICE_SANS_RESPONSABLE", Severity.BLOCKING, "Activité sans responsable unique", short="Matrice : responsable")
def matrix_without_responsible(facts: ProductFacts):
    for problem in facts.matrix_problems:
        if problem.code in {"sans_responsable", "plusieurs_responsables"}:
            yield (
                problem.message,
                "Dans la matrice des responsabilités, donner à chaque activité un seul responsable "
                "(ou au moins deux co-responsables).",
            )


@rule(
    "MATRICE_ROLE_NON_TENU",
    Severity.BLOCKING,
    "Responsabilité confiée à un rôle que personne ne tient",
    short="Matrice : rôle non tenu",
)
def matrix_role_not_held(facts: ProductFacts):
    already_reported = set(REQUIRED_ROLES[Governance(facts.product.governance)])
    for problem in facts.matrix_problems:
        if problem.code == "role_vacant" and problem.role not in already_reported:
            activity = ACTIVITY_LABELS.get(problem.activity, problem.activity)
            yield (
                problem.message,
                f"Nommer quelqu’un à ce rôle, ou confier « {activity} » à un rôle tenu dans l’équipe.",
            )


@rule("RITUEL_ALIGNEMENT_ABSENT", Severity.WATCH, "Co-responsabilité sans rituel d’alignement", short="Alignement")
def shared_without_alignment_ritual(facts: ProductFacts):
    if facts.product.governance == Governance.SHARED and not facts.has_alignment_ritual:
        yield (
            "La responsabilité est partagée entre le métier et la DNUM sans rituel d’alignement régulier en cours.",
            "Instituer un point d’alignement métier–DNUM récurrent (par exemple mensuel) dans les rituels du produit.",
        )


@rule(
    "EXPERT_SANS_TEMPS", Severity.WATCH, "Expert métier sans temps dédié", Role.POLICY_EXPERT, short="Temps de l’expert"
)
def expert_without_time(facts: ProductFacts):
    if facts.product.governance != Governance.DNUM_PM:
        return
    experts = facts.holders(Role.POLICY_EXPERT)
    if experts and all(expert.time_share == 0 for expert in experts):
        names = ", ".join(str(expert.person) for expert in experts)
        yield (
            f"L’expert métier ({names}) n’a aucun temps réservé au produit.",
            "Convenir avec la direction métier d’une part de temps pour l’expert (besoins, validation, tests).",
        )


@rule("MEMBRE_SURCHARGE", Severity.WATCH, "Membre engagé à plus de 100 %", short="Surcharge")
def overloaded_member(facts: ProductFacts):
    seen = set()
    for membership in facts.memberships:
        total = facts.person_totals.get(membership.person_id, 0)
        if total > 100 and membership.person_id not in seen:
            seen.add(membership.person_id)
            yield (
                f"{membership.person} cumule {total} % de temps sur l’ensemble de ses rôles.",
                "Revoir la répartition de son temps avec les équipes concernées.",
            )


@rule("AUTODIAGNOSTIC_ABSENT", Severity.INFO, "Pas d’autodiagnostic depuis six mois", short="Autodiagnostic")
def stale_self_assessment(facts: ProductFacts):
    last = facts.last_self_assessment
    if last is None:
        yield (
            "Aucun autodiagnostic n’a été rempli pour ce produit.",
            "Les membres qui tiennent un rôle de pilotage remplissent l’autodiagnostic de leur rôle.",
        )
    elif facts.today - last > SELF_ASSESSMENT_MAX_AGE:
        yield (
            f"Le dernier autodiagnostic date du {last:%d/%m/%Y}, il y a plus de six mois.",
            "Refaire l’autodiagnostic : c’est l’occasion de mesurer les progrès de l’équipe.",
        )


@rule("INDICATEUR_PERIME", Severity.WATCH, "Indicateur non mis à jour", short="Indicateurs périmés")
def stale_indicator(facts: ProductFacts):
    for indicator in facts.stale_indicators:
        last = f"dernière mesure le {indicator.last_date:%d/%m/%Y}" if indicator.last_date else "jamais renseigné"
        frequency = indicator.get_frequency_display().lower()
        yield (
            f"L’indicateur « {indicator.name} » (suivi {frequency}) n’est plus à jour : {last}.",
            "Saisir, importer ou pousser par l’API les dernières mesures, ou arrêter le suivi de l’indicateur.",
        )


# Compliance deadlines (RGPD, RGAA, RGS) come from the compliance records; each alert code is a rule.
COMPLIANCE_RULES = [
    ("HOMOLOGATION_EXPIREE", Severity.BLOCKING, "Homologation de sécurité expirée", "Homologation expirée"),
    ("HOMOLOGATION_A_ECHEANCE", Severity.WATCH, "Homologation de sécurité bientôt échue", "Homologation à échéance"),
    (
        "HOMOLOGATION_A_RENOUVELER",
        Severity.WATCH,
        "Homologation à renouveler (changement majeur)",
        "Homologation à renouveler",
    ),
    (
        "DECLARATION_ACCESSIBILITE_ABSENTE",
        Severity.BLOCKING,
        "Service public sans déclaration d’accessibilité",
        "Déclaration absente",
    ),
    (
        "DECLARATION_ACCESSIBILITE_ANCIENNE",
        Severity.WATCH,
        "Déclaration d’accessibilité trop ancienne",
        "Déclaration ancienne",
    ),
    ("AIPD_MANQUANTE", Severity.BLOCKING, "Analyse d’impact (AIPD) requise et non faite", "AIPD manquante"),
]


def _compliance_rule(code: str):
    def check(facts: ProductFacts):
        for alert in facts.compliance_alerts:
            if alert.code == code:
                yield alert.message, alert.remedy

    return check


for _code, _severity, _title, _short in COMPLIANCE_RULES:
    rule(_code, _severity, _title, short=_short)(_compliance_rule(_code))
