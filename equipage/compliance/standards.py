"""The rule values of the standards a product's compliance record refers to, each with its source.

Values are the ones in force when this module was written (checked November 2026); change them
here, in one place, when a standard is revised.
"""

from __future__ import annotations

import datetime

# RGAA — référentiel général d’amélioration de l’accessibilité, version 4.1.2 (DINUM), the version
# records refer to by default. Source: accessibilite.numerique.gouv.fr (référentiel RGAA 4.1.2).
RGAA_VERSION = "4.1.2"

# Declared conformity status from the audit's conformity rate (share of applicable criteria met):
# "totalement conforme" at 100 %, "partiellement conforme" from 50 %, "non conforme" below, and
# "non conforme" too when no audit was made. Source: RGAA 4.1.2, "Obligations" — déclaration
# d’accessibilité (accessibilite.numerique.gouv.fr/obligations/).
RGAA_FULL_CONFORMITY_RATE = 100
RGAA_PARTIAL_CONFORMITY_RATE = 50

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
# The homologation authority chooses the validity of its decision; practice (ANSSI's guide
# "L’homologation de sécurité en neuf étapes simples") is commonly 3 years and at most 5.
# TO CONFIRM against the guide: no primary source for the 5-year ceiling was found when writing this.
HOMOLOGATION_MAX_VALIDITY_YEARS = 5

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
