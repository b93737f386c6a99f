"""The rule values of the standards a product's compliance record refers to, each with its source.

Values are the ones in force when this module was written (checked November 2026); change them
here, in one place, when a standard is revised.
"""

from __future__ import annotations

import datetime

# RGAA — référentiel général d’amélioration de l’accessibilité, version 4.1.2 (DINUM), the version
# records refer to by default. Source: accessibilite.numerique.gouv.fr (référentiel RGAA 4.1.2).
RGAA_VERSION = "4.1.2"

# Versions of the RGAA with their publication date. A statement resting on an older version than
# the latest is « à mettre à jour » 18 months after the newer version's publication (rule stated in
# issue #15 from the DINUM's obligations page). Source: accessibilite.numerique.gouv.fr, « Versions
# du RGAA » — dates À CONFIRMER against the site (4.1: 16 September 2020; 4.1.2: 2023).
RGAA_VERSIONS: dict[str, datetime.date] = {
    "4.0": datetime.date(2019, 9, 20),
    "4.1": datetime.date(2020, 9, 16),
    "4.1.1": datetime.date(2021, 11, 1),
    "4.1.2": datetime.date(2023, 4, 3),
}
RGAA_NEW_VERSION_UPDATE_MONTHS = 18

# The RGAA 4.1 criteria: number of criteria of each of its 13 topics (106 in all).
# Source: RGAA 4.1.2, « Critères et tests » (accessibilite.numerique.gouv.fr/methode/criteres-et-tests/).
RGAA_TOPIC_CRITERIA = {
    1: ("Images", 9),
    2: ("Cadres", 2),
    3: ("Couleurs", 3),
    4: ("Multimédia", 13),
    5: ("Tableaux", 8),
    6: ("Liens", 2),
    7: ("Scripts", 5),
    8: ("Éléments obligatoires", 10),
    9: ("Structuration de l’information", 4),
    10: ("Présentation de l’information", 14),
    11: ("Formulaires", 13),
    12: ("Navigation", 11),
    13: ("Consultation", 12),
}
RGAA_CRITERIA: tuple[str, ...] = tuple(
    f"{topic}.{number}" for topic, (_name, count) in RGAA_TOPIC_CRITERIA.items() for number in range(1, count + 1)
)

# Audit types of Ara, the DINUM's RGAA audit tool: complete (106 criteria), « complémentaire » (50)
# and « rapide » (25). Lists of the shorter audits: design.numerique.gouv.fr/outils/audit-rapide/ and
# /outils/audit-complementaire/, as Ara encodes them (github.com/DISIC/Ara,
# confiture-rest-api/src/audits/criteria.ts, read November 2026).
RGAA_FAST_CRITERIA: tuple[str, ...] = (
    "1.1", "3.1", "4.1", "4.10", "5.3", "5.7", "6.1", "6.2", "7.1", "7.3", "8.3", "8.4", "8.5",
    "9.1", "10.3", "10.6", "10.7", "11.1", "11.2", "11.5", "11.6", "11.9", "11.10", "12.8", "12.9",
)  # fmt: skip
RGAA_COMPLEMENTARY_CRITERIA: tuple[str, ...] = (
    *RGAA_FAST_CRITERIA,
    "1.3", "1.5", "1.6", "1.7", "4.2", "4.4", "4.8", "4.9", "5.4", "5.6", "7.2", "8.2", "8.6",
    "8.10", "10.2", "10.8", "10.9", "10.10", "13.1", "13.3", "13.4", "13.5", "13.6", "13.7", "13.8",
)  # fmt: skip

# Déclaration d’accessibilité: the mentions it carries and the recourse it names. Source: arrêté du
# 20 septembre 2019 relatif à l’accessibilité aux personnes handicapées des services de communication
# au public en ligne (article 7 and annex), and the DINUM's model statement
# (accessibilite.numerique.gouv.fr/obligations/declaration-accessibilite/). Défenseur des droits
# contacts as published on defenseurdesdroits.fr — À CONFIRMER before each publication.
STATEMENT_MENTIONS = (
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Non-conformités",
    "Dérogations pour charge disproportionnée",
    "Contenus non soumis à l’obligation d’accessibilité",
    "Établissement de cette déclaration d’accessibilité",
    "Technologies utilisées",
    "Environnement de test",
    "Outils pour évaluer l’accessibilité",
    "Pages du site ayant fait l’objet de la vérification de conformité",
    "Retour d’information et contact",
    "Voies de recours",
    "Défenseur des droits",
    "Schéma pluriannuel",
    "Plan d’actions",
)
DEFENSEUR_DES_DROITS_FORM_URL = "https://formulaire.defenseurdesdroits.fr/"
DEFENSEUR_DES_DROITS_DELEGATES_URL = "https://www.defenseurdesdroits.fr/saisir/delegues"
DEFENSEUR_DES_DROITS_PHONE = "09 69 39 00 00"
DEFENSEUR_DES_DROITS_POSTAL = "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"

# Declared conformity status from the audit's conformity rate (share of applicable criteria met):
# "totalement conforme" at 100 %, "partiellement conforme" from 50 %, "non conforme" below, and
# "non conforme" too when no audit was made. Source: RGAA 4.1.2, "Obligations" — déclaration
# d’accessibilité (accessibilite.numerique.gouv.fr/obligations/).
RGAA_FULL_CONFORMITY_RATE = 100
RGAA_PARTIAL_CONFORMITY_RATE = 50

# Only a complete audit (the 106 criteria) in its validity gives a declared status; shorter audits
# are steps of progress. Source: RGAA 4.1.2, « Obligations » — the statement rests on a complete
# audit of a representative sample of pages.
# The statement is updated at each substantial change of the service and, failing that, the audit
# behind it is commonly held valid for three years: a statement or an audit older than this is
# flagged. Source: accessibilite.numerique.gouv.fr/obligations/ (déclaration valide à partir de sa
# publication, à mettre à jour au plus tard tous les 3 ans ou à chaque modification substantielle).
ACCESSIBILITY_STATEMENT_VALIDITY_YEARS = 3
ACCESSIBILITY_AUDIT_VALIDITY_YEARS = 3

# Schéma pluriannuel de mise en accessibilité: three years at most, with an action plan per year.
# Source: décret n° 2019-768 du 24 juillet 2019 (schéma pluriannuel, plan d’actions de l’année en
# cours); the three-year duration is the commonly stated rule, to confirm against the decree's text.
MULTI_YEAR_PLAN_YEARS = 3

# RGS — référentiel général de sécurité (décret n° 2010-112; RGS v2.0, arrêté du 13 juin 2014).
# Homologation: ANSSI, « L’homologation de sécurité » guide of April 2025, which replaced the 2014
# guide « en neuf étapes simples » with four steps. Step names below paraphrase the guide —
# À CONFIRMER against cyber.gouv.fr (guide de l’homologation de sécurité, 2025).
HOMOLOGATION_GUIDE = "ANSSI, guide de l’homologation de sécurité, avril 2025"
HOMOLOGATION_STEPS = (
    ("besoins", "Définir le périmètre et les besoins de sécurité"),
    ("risques", "Analyser les risques au regard de ces besoins"),
    ("mesures", "Mettre en œuvre et suivre les mesures de sécurité"),
    ("decision", "Recueillir les avis et faire prononcer la décision"),
)
# Security needs as MonServiceSécurisé (monservicesecurise.cyber.gouv.fr, ANSSI) grades them.
SECURITY_NEEDS = (("basiques", "Basiques"), ("moderes", "Modérés"), ("avances", "Avancés"))

# Validity of a homologation decision: MonServiceSécurisé offers 6, 12, 24 or 36 months; no other
# duration is accepted here (the 2025 guide leaves the choice to the authority; MonServiceSécurisé,
# the ANSSI's own tool, offers these four). Source: MonServiceSécurisé, « Homologuer », read
# November 2026.
HOMOLOGATION_VALIDITY_MONTHS = (6, 12, 24, 36)
# « Expire bientôt »: a window that grows with the validity (as MonServiceSécurisé does; the exact
# windows are À CONFIRMER against the tool), and the reminders sent before expiry, in months.
HOMOLOGATION_EXPIRY_WINDOW_MONTHS = {6: 1, 12: 2, 24: 3, 36: 6}
HOMOLOGATION_REMINDER_MONTHS = {6: (3, 1), 12: (6, 3, 1), 24: (12, 6, 3, 1), 36: (24, 12, 6, 3, 1)}
# Kept for decisions recorded before the validity was a choice (valid_until entered by hand).
HOMOLOGATION_MAX_VALIDITY_YEARS = 3

# Exemptions (dispenses) from homologation for State information systems: arrêté du 31 juillet 2025
# (issue #15). The cases and deadlines below are a working reading, À CONFIRMER against the text
# published at the Journal officiel (Légifrance) before relying on them: each case's deadline to
# homologate, when the arrêté sets one, is given in months from the exemption.
HOMOLOGATION_EXEMPTION_CASES = {
    "experimentation": ("Service en expérimentation, limité dans le temps et le nombre d’usagers", 12),
    "faible_sensibilite": ("Système sans donnée sensible ni service essentiel (besoins basiques)", None),
    "urgence": ("Mise en service urgente décidée par l’autorité", 6),
    "fin_de_vie": ("Système en fin de vie, décommissionnement programmé", 12),
}

# RGPD, article 30: the fields of the record of processing activities (name and contact of the
# controller and of the DPO, purposes, categories of data subjects and of personal data, recipients,
# transfers to a third country and their safeguards, retention periods, security measures).
# Source: règlement (UE) 2016/679, article 30 § 1.

# AIPD (analyse d’impact relative à la protection des données, RGPD article 35). The nine criteria
# of the European data protection board (lignes directrices WP248 rév. 01, endorsed by the EDPB on
# 25 May 2018): meeting two or more usually makes an AIPD required.
AIPD_CRITERIA_THRESHOLD = 2
AIPD_EDPB_CRITERIA = {
    "evaluation": "Évaluation ou notation de personnes (y compris le profilage)",
    "decision_automatisee": "Décision automatisée avec effet juridique ou effet similaire significatif",
    "surveillance": "Surveillance systématique de personnes",
    "donnees_sensibles": "Données sensibles ou à caractère hautement personnel",
    "grande_echelle": "Traitement à grande échelle",
    "croisement": "Croisement ou combinaison d’ensembles de données",
    "personnes_vulnerables": "Données concernant des personnes vulnérables (patients, enfants, agents…)",
    "usage_innovant": "Usage innovant ou nouvelle solution technologique ou organisationnelle",
    "exclusion_droit": "Traitement qui empêche d’exercer un droit ou de bénéficier d’un service ou d’un contrat",
}
# The CNIL's list of processing types for which an AIPD is always required: délibération
# n° 2018-327 du 11 octobre 2018. Wording paraphrased — À CONFIRMER against cnil.fr.
AIPD_CNIL_TYPES = {
    "sante_etablissements": "Données de santé traitées par les établissements de santé ou médico-sociaux",
    "genetique_vulnerables": "Données génétiques de personnes vulnérables",
    "profils_rh": "Profils de personnes à des fins de gestion des ressources humaines",
    "surveillance_employes": "Surveillance constante de l’activité des employés",
    "alertes_sociales_sanitaires": "Gestion des alertes et signalements en matière sociale et sanitaire",
    "alertes_professionnelles": "Gestion des alertes et signalements en matière professionnelle",
    "entrepot_sante": "Entrepôt de données de santé ou registre",
    "profilage_exclusion": "Profilage pouvant aboutir à l’exclusion ou la rupture d’un contrat",
    "manquements_mutualises": "Fichiers mutualisés de manquements contractuels pouvant aboutir à une exclusion",
    "profilage_sources_externes": "Profilage à partir de données de sources externes",
    "biometrie_vulnerables": "Biométrie de reconnaissance incluant des personnes vulnérables",
    "logement_social": "Instruction des demandes et gestion des logements sociaux",
    "accompagnement_social": "Accompagnement social ou médico-social des personnes",
    "localisation_large_echelle": "Données de localisation à large échelle",
}

# RGESN — référentiel général d’écoconception de services numériques, version 2024 (Arcep, Arcom,
# ADEME, DINUM, published 17 May 2024): 78 criteria (79 in the 2022 version).
# Source: ecoresponsable.numerique.gouv.fr/publications/referentiel-general-ecoconception/
RGESN_VERSION = "2024"
RGESN_CRITERIA_COUNT = 78

# Default window before an expiry during which an item is "due soon" (settings.COMPLIANCE_EXPIRY_WINDOW_DAYS).
DEFAULT_EXPIRY_WINDOW_DAYS = 90
# Default largest evidence file (settings.EVIDENCE_MAX_BYTES): 10 MB.
DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier when negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def rgaa_update_deadline(version: str) -> tuple[str, datetime.date] | None:
    """The first RGAA version published after `version`, and the day a statement resting on
    `version` is to be updated (18 months after that publication); None when `version` is the latest."""
    published = RGAA_VERSIONS.get(version)
    if published is None:
        return None
    newer = sorted((day, name) for name, day in RGAA_VERSIONS.items() if day > published)
    if not newer:
        return None
    day, name = newer[0]
    return name, add_months(day, RGAA_NEW_VERSION_UPDATE_MONTHS)
