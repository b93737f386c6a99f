"""Compliance records of the demo portfolio. Safe to run again: a product that already has a
compliance record is left as it is.

Dates are set relative to the day of loading, so that every state shows whatever that day is:
homologations valid, expiring, to renew and expired; audits at every conformity level; statements
current, soon due, outdated and missing; an AIPD required and not done.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from equipage.core.french import de
from equipage.registry.models import Product

from . import standards
from .models import (
    AUDIT_TYPE_CRITERIA,
    AccessibilityAudit,
    AccessibilityRecord,
    AuditorKind,
    AuditType,
    CnilFormality,
    EcodesignDeclaration,
    Homologation,
    HomologationDecision,
    HomologationOpinion,
    LegalBasis,
    OpinionVerdict,
    ProcessingActivity,
    RenewalTrigger,
    SecurityMeasure,
    SecurityNeeds,
)

AUDITORS = ["Access42", "Atalan", "Tanaguru", "Temesis", "Pôle accessibilité de la DNUM"]
AUTHORITIES = ["Directeur du numérique", "Secrétaire générale", "Directrice métier, autorité d’homologation"]

# slug: (homologation, audit rate or None, audit age in days, statement age in days or None,
#        RGPD, RGESN criteria assessed)
# homologation: "valide", "expire_bientot", "expiree", "a_renouveler", "en_cours", "refusee", "dispensee",
# "dispense_echue", None (not started)
# RGPD: "ok", "aipd_manquante", "hors_registre", None (no processing recorded)
SCENARIOS: dict[str, tuple] = {
    "mon-parcours-emploi": ("valide", Decimal("100"), 60, 50, "ok", 78),
    "aides-inclusion": ("expire_bientot", Decimal("72.5"), 200, 190, "aipd_manquante", 40),
    "registre-accords": ("expiree", Decimal("35"), 4 * 365, 4 * 365, "ok", None),
    "atlas-hebergement": ("a_renouveler", Decimal("50"), 300, None, "ok", 78),
    "demat-social": ("en_cours", None, None, None, "aipd_manquante", None),
    "sirh-mobilite": (None, None, None, None, None, None),
    "prevention-risques": ("dispensee", Decimal("49.5"), 120, 100, "hors_registre", None),
    "suivi-controles": ("refusee", Decimal("81"), 400, None, "ok", 60),
    "formation-competences": ("valide", Decimal("100"), 3 * 365 - 30, 3 * 365 - 30, "ok", 78),
    "juridique-avis": ("expire_bientot", None, None, None, "hors_registre", None),
    "observatoire-insertion": ("valide", Decimal("88"), 90, 80, "ok", 78),
    "ancien-extranet": ("dispense_echue", Decimal("20"), 6 * 365, None, None, None),
}


def _has_record(product: Product) -> bool:
    return (
        ProcessingActivity.objects.filter(product=product).exists()
        or AccessibilityAudit.objects.filter(product=product).exists()
        or AccessibilityRecord.objects.filter(product=product).exists()
        or Homologation.objects.filter(product=product).exists()
        or EcodesignDeclaration.objects.filter(product=product).exists()
        or SecurityMeasure.objects.filter(product=product).exists()
    )


AUTHORITY_FUNCTIONS = ["Directeur du numérique", "Secrétaire générale", "Directrice métier"]
MEASURES = [
    ("Authentification à deux facteurs des comptes d’administration", "faite"),
    ("Sauvegardes chiffrées et test de restauration", "faite"),
    ("Journalisation centralisée des accès", "partielle"),
    ("Test d’intrusion avant chaque version majeure", "a_faire"),
    ("Hébergement qualifié SecNumCloud", "non_applicable"),
]


def _homologation(product: Product, kind: str | None, today: datetime.date, rng: random.Random) -> None:
    if kind is None:
        return
    authority = rng.choice(AUTHORITIES)
    function = rng.choice(AUTHORITY_FUNCTIONS)
    if kind == "en_cours":
        Homologation.objects.create(
            product=product,
            started_on=today - datetime.timedelta(days=40),
            security_needs=SecurityNeeds.MODERATE,
            risk_analysis_on=today - datetime.timedelta(days=20),
            risk_analysis_method="Analyse simplifiée proportionnée aux besoins modérés",
        )
        for title, status in MEASURES:
            SecurityMeasure.objects.create(
                product=product, title=title, status=status, owner="" if status == "faite" else "Équipe technique"
            )
        HomologationOpinion.objects.create(
            product=product,
            author="RSSI ministériel",
            verdict=OpinionVerdict.RESERVATIONS,
            given_on=today - datetime.timedelta(days=5),
            reservations="Journalisation à terminer avant la mise en production.",
        )
        return
    if kind in ("dispensee", "dispense_echue"):
        case = "experimentation" if kind == "dispensee" else "fin_de_vie"
        months = standards.HOMOLOGATION_EXEMPTION_CASES[case][1]
        granted = today - datetime.timedelta(days=60 if kind == "dispensee" else 500)
        Homologation.objects.create(
            product=product,
            exemption_case=case,
            exemption_justification="Service ouvert à un nombre limité d’agents pendant son expérimentation."
            if kind == "dispensee"
            else "Extranet remplacé par le nouveau portail ; décommissionnement prévu.",
            exemption_granted_on=granted,
            exemption_deadline=standards.add_months(granted, months),
        )
        return
    if kind == "refusee":
        Homologation.objects.create(
            product=product,
            security_needs=SecurityNeeds.ADVANCED,
            started_on=today - datetime.timedelta(days=200),
            risk_analysis_on=today - datetime.timedelta(days=120),
            risk_analysis_method="EBIOS Risk Manager",
            authority=authority,
            authority_function=function,
            decision=HomologationDecision.REFUSED,
            decision_date=today - datetime.timedelta(days=15),
            conditions="Refus : chiffrement des données de contrôle absent ; à corriger avant nouvelle présentation.",
        )
        HomologationOpinion.objects.create(
            product=product,
            author="Commission d’homologation",
            verdict=OpinionVerdict.UNFAVOURABLE,
            given_on=today - datetime.timedelta(days=20),
            reservations="Données de contrôle stockées en clair.",
        )
        return
    valid_until = {
        "valide": today + datetime.timedelta(days=700),
        "expire_bientot": today + datetime.timedelta(days=45),
        "expiree": today - datetime.timedelta(days=30),
        "a_renouveler": today + datetime.timedelta(days=600),
    }[kind]
    decision = standards.add_months(valid_until, -36)
    trigger = RenewalTrigger.HOSTING_CHANGE if kind == "a_renouveler" else RenewalTrigger.NONE
    Homologation.objects.create(
        product=product,
        security_needs=SecurityNeeds.MODERATE,
        authority=authority,
        authority_function=function,
        started_on=decision - datetime.timedelta(days=120),
        risk_analysis_on=decision - datetime.timedelta(days=60),
        risk_analysis_method="Analyse simplifiée",
        decision=HomologationDecision.GRANTED,
        decision_date=decision,
        validity_months=36,
        valid_until=standards.add_months(decision, 36),
        conditions="Test d’intrusion à renouveler chaque année ; revue des comptes à privilèges chaque trimestre.",
        renewal_trigger=trigger,
        renewal_trigger_on=today - datetime.timedelta(days=20) if trigger else None,
    )
    for title, status in MEASURES[:2]:
        SecurityMeasure.objects.create(product=product, title=title, status=status)


SAMPLE_PAGES = [("Accueil", "/"), ("Connexion", "/connexion"), ("Formulaire de demande", "/demande")]
# Audits given with their per-criterion results (the rest carry a bare rate): slug → audit type.
AUDITS_WITH_RESULTS = {"mon-parcours-emploi": AuditType.COMPLETE, "observatoire-insertion": AuditType.COMPLETE}
# A shorter audit made after the complete one, as a step of progress.
SAMPLED_AUDITS = {"aides-inclusion": AuditType.FAST, "formation-competences": AuditType.COMPLEMENTARY}
# A substantial change of the service after its statement: the statement is to update.
SUBSTANTIAL_CHANGES = {"observatoire-insertion": 10}


def _results(audit_type: str, failing: int, rng: random.Random) -> dict[str, list[str]]:
    """Per-criterion results over the sample: a few criteria not applicable, `failing` not met."""
    criteria = list(AUDIT_TYPE_CRITERIA[audit_type])
    not_applicable = set(rng.sample(criteria, 6))
    not_met = set(rng.sample([c for c in criteria if c not in not_applicable], failing))
    results = {}
    for criterion in criteria:
        if criterion in not_applicable:
            results[criterion] = ["NA"] * len(SAMPLE_PAGES)
        elif criterion in not_met:
            results[criterion] = ["C", "NC", "C"]
        else:
            results[criterion] = ["C", "C", "NA" if criterion.startswith("11.") else "C"]
    return results


def _audit(product, audit_type, audited_on, rng, rate=None, failing=None) -> AccessibilityAudit:
    audit = AccessibilityAudit(
        product=product,
        audited_on=audited_on,
        audit_type=audit_type,
        auditor=rng.choice(AUDITORS),
        auditor_kind=AuditorKind.EXTERNAL,
        rgaa_version=standards.RGAA_VERSION,
        pages=[{"name": name, "url": f"https://{product.slug}.exemple.gouv.fr{path}"} for name, path in SAMPLE_PAGES],
        conformity_rate=rate,
    )
    if failing is not None:
        audit.results = _results(audit_type, failing, rng)
    audit.clean()
    audit.save()
    return audit


def _accessibility(product: Product, rate, audit_age, statement_age, today, rng: random.Random) -> None:
    audit = None
    if rate is not None:
        audited_on = today - datetime.timedelta(days=audit_age)
        if product.slug in AUDITS_WITH_RESULTS:
            failing = 0 if rate == 100 else 10
            audit = _audit(product, AUDITS_WITH_RESULTS[product.slug], audited_on, rng, failing=failing)
        else:
            audit = _audit(product, AuditType.COMPLETE, audited_on, rng, rate=rate)
        if product.slug in SAMPLED_AUDITS:
            _audit(product, SAMPLED_AUDITS[product.slug], today - datetime.timedelta(days=20), rng, failing=2)
    if statement_age is not None:
        statement_date = today - datetime.timedelta(days=statement_age)
        change = SUBSTANTIAL_CHANGES.get(product.slug)
        AccessibilityRecord.objects.create(
            product=product,
            statement_url=f"https://{product.slug}.exemple.gouv.fr/accessibilite",
            statement_date=statement_date,
            audit=audit if audit and audit.audited_on <= statement_date else None,
            non_compliant_content="Certains documents PDF téléchargeables ne sont pas balisés.",
            exempt_content="Les cartes interactives, doublées d’une liste accessible des adresses.",
            technologies="HTML, CSS, JavaScript",
            test_environment="Firefox et NVDA ; Safari et VoiceOver",
            tools="Assistant RGAA, Colour Contrast Analyser, Web Developer",
            contact_email=f"accessibilite@{product.slug}.exemple.gouv.fr",
            substantial_change_on=today - datetime.timedelta(days=change) if change else None,
            multi_year_plan_url=f"https://{product.slug}.exemple.gouv.fr/accessibilite/schema-pluriannuel",
            multi_year_plan_start=datetime.date(today.year - 1, 1, 1),
            action_plan_url=f"https://{product.slug}.exemple.gouv.fr/accessibilite/plan-{today.year}",
            action_plan_year=today.year,
        )


def _processing(product: Product, kind: str | None, today: datetime.date, rng: random.Random) -> None:
    if kind is None:
        return
    ProcessingActivity.objects.create(
        product=product,
        name=f"Gestion des comptes des usagers {de(product.name)}",
        purpose="Permettre aux usagers de se connecter et de suivre leurs démarches.",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_categories="Identité, coordonnées, données de connexion",
        retention_period="Trois ans après la dernière connexion",
        recipients="Agents instructeurs habilités",
        in_ministry_register=kind != "hors_registre",
        controller_name=f"{product.sponsor.name}" if product.sponsor_id else "Le ministère",
        controller_contact="Représentée par son directeur, 14 avenue Duquesne, 75007 Paris",
        dpo_name="Délégué ministériel à la protection des données",
        dpo_contact="dpd@ministere.example.gouv.fr",
        data_subjects="Usagers du service",
        security_measures="Authentification renforcée, chiffrement des échanges, journalisation des accès.",
        aipd_criteria=["grande_echelle"],
        aipd_assessed_on=today - datetime.timedelta(days=300),
        aipd_reason="1 critère du CEPD sur 9, aucun type de la liste de la CNIL",
        dpo_opinion="Avis favorable, sous réserve de la minimisation des journaux.",
        dpo_opinion_on=today - datetime.timedelta(days=300),
    )
    if kind in ("ok", "aipd_manquante"):
        done = kind == "ok"
        ProcessingActivity.objects.create(
            product=product,
            name=f"Instruction des dossiers — {product.name}",
            purpose="Instruire les demandes et notifier les décisions.",
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            data_categories="Identité, situation familiale et professionnelle, données de santé",
            has_sensitive_data=True,
            retention_period="Cinq ans après la clôture du dossier",
            recipients="Services instructeurs, organismes partenaires",
            in_ministry_register=True,
            controller_name=product.sponsor.name if product.sponsor_id else "Le ministère",
            controller_contact="Représentée par son directeur, 14 avenue Duquesne, 75007 Paris",
            dpo_name="Délégué ministériel à la protection des données",
            dpo_contact="dpd@ministere.example.gouv.fr",
            data_subjects="Demandeurs et leurs ayants droit ; agents instructeurs",
            security_measures="Habilitations par profil, chiffrement au repos, revue trimestrielle des accès.",
            aipd_criteria=["donnees_sensibles", "grande_echelle", "personnes_vulnerables"],
            aipd_cnil_types=["accompagnement_social"],
            aipd_assessed_on=today - datetime.timedelta(days=280),
            aipd_reason="liste de la CNIL : accompagnement social ou médico-social des personnes",
            impact_assessment_required=True,
            impact_assessment_done_on=today - datetime.timedelta(days=250) if done else None,
            cnil_formality=CnilFormality.REGULATORY_ACT if done else CnilFormality.NONE,
            cnil_reference=f"Délibération n° {today.year - 1}-{rng.randint(10, 199):03d}" if done else "",
        )


def _ecodesign(product: Product, assessed: int | None, today: datetime.date, rng: random.Random) -> None:
    if assessed is None:
        return
    not_applicable = rng.randint(5, 12) if assessed == standards.RGESN_CRITERIA_COUNT else 2
    EcodesignDeclaration.objects.create(
        product=product,
        declared_on=today - datetime.timedelta(days=rng.randint(30, 300)),
        url=f"https://{product.slug}.exemple.gouv.fr/ecoconception",
        rgesn_version=standards.RGESN_VERSION,
        criteria_assessed=assessed,
        criteria_met=(assessed - not_applicable) * 2 // 3,
        criteria_not_applicable=not_applicable,
    )


@transaction.atomic
def load_demo_compliance(seed: int) -> None:
    """Give the hand-written demo products their compliance records (only those without any)."""
    today = timezone.localdate()
    products = {product.slug: product for product in Product.objects.filter(slug__in=list(SCENARIOS))}
    for slug, (homologation, rate, audit_age, statement_age, rgpd, rgesn) in SCENARIOS.items():
        product = products.get(slug)
        if product is None or _has_record(product):
            continue
        rng = random.Random(f"{seed}-{slug}")  # noqa: S311 — demo data, not security
        _homologation(product, homologation, today, rng)
        _accessibility(product, rate, audit_age, statement_age, today, rng)
        _processing(product, rgpd, today, rng)
        _ecodesign(product, rgesn, today, rng)
