"""Derive what is done, due and lapsed from a product's compliance facts and a date.

Pure functions: no query, no clock (the day is always given), so every derivation is tested with
frozen dates. Selectors load the facts in bulk and call these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models

from . import standards
from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    ProcessingActivity,
)


def expiry_window_days() -> int:
    return getattr(settings, "COMPLIANCE_EXPIRY_WINDOW_DAYS", standards.DEFAULT_EXPIRY_WINDOW_DAYS)


class Area(models.TextChoices):
    RGPD = "rgpd", "RGPD"
    RGAA = "rgaa", "RGAA"
    RGS = "rgs", "RGS"
    RGESN = "rgesn", "RGESN"


AREA_TITLES = {
    Area.RGPD: "Protection des données (RGPD, CNIL)",
    Area.RGAA: "Accessibilité (RGAA)",
    Area.RGS: "Sécurité (homologation RGS)",
    Area.RGESN: "Écoconception (RGESN)",
}
# Who answers for each area: the responsable of this activity in the product's matrix.
AREA_ACTIVITY = {
    Area.RGPD: "conformite_legale",
    Area.RGAA: "conformite_referentiels",
    Area.RGS: "conformite_referentiels",
    Area.RGESN: "conformite_referentiels",
}


class Status(models.TextChoices):
    """The heat map's four states, always shown with their label, never by colour alone."""

    DONE = "a_jour", "À jour"
    DUE_SOON = "a_echeance", "À échéance"
    LAPSED = "echu", "Échu"
    MISSING = "manquant", "Manquant"


STATUS_ORDER = {Status.LAPSED: 0, Status.MISSING: 1, Status.DUE_SOON: 2, Status.DONE: 3}


class DeclaredStatus(models.TextChoices):
    FULL = "totalement_conforme", "Totalement conforme"
    PARTIAL = "partiellement_conforme", "Partiellement conforme"
    NONE = "non_conforme", "Non conforme"


class HomologationState(models.TextChoices):
    NOT_STARTED = "non_commencee", "Non commencée"
    IN_PROGRESS = "en_cours", "En cours"
    VALID = "homologuee", "Homologuée"
    EXPIRING = "expire_bientot", "Expire bientôt"
    RENEWAL_DUE = "a_renouveler", "À renouveler"
    EXPIRED = "expiree", "Expirée"


class StatementState(models.TextChoices):
    MISSING = "absente", "Absente"
    OUTDATED = "ancienne", "À mettre à jour"
    EXPIRING = "bientot_ancienne", "À mettre à jour bientôt"
    CURRENT = "a_jour", "À jour"


@dataclass
class AreaState:
    area: str
    status: str
    reasons: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def area_label(self) -> str:
        return Area(self.area).label

    @property
    def title(self) -> str:
        return AREA_TITLES[Area(self.area)]

    @property
    def summary(self) -> str:
        return " ; ".join(self.reasons)


# --- RGAA ---


def declared_status(rate: Decimal | float | None) -> DeclaredStatus:
    """The status a statement declares from the latest audit's rate; no audit means non conforme."""
    if rate is None:
        return DeclaredStatus.NONE
    if rate >= standards.RGAA_FULL_CONFORMITY_RATE:
        return DeclaredStatus.FULL
    if rate >= standards.RGAA_PARTIAL_CONFORMITY_RATE:
        return DeclaredStatus.PARTIAL
    return DeclaredStatus.NONE


def latest_audit(audits: Iterable[AccessibilityAudit]) -> AccessibilityAudit | None:
    return max(audits, key=lambda audit: (audit.audited_on, audit.pk or 0), default=None)


def audit_valid_until(audit: AccessibilityAudit) -> datetime.date:
    return standards.add_years(audit.audited_on, standards.ACCESSIBILITY_AUDIT_VALIDITY_YEARS)


@dataclass(frozen=True)
class AccessibilityDeclaration:
    """The one accessibility status of a product, shown the same on every page and in the API.

    `audit` is the audit the status rests on (None when no audit may support one); `latest` the
    latest audit whatever it is, and `reason` why it does not support a status when it does not.
    """

    status: DeclaredStatus
    audit: AccessibilityAudit | None
    latest: AccessibilityAudit | None
    reason: str

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def rate(self) -> Decimal | None:
        return self.audit.conformity_rate if self.audit else None


def accessibility_declaration(audits: Iterable[AccessibilityAudit], today: datetime.date) -> AccessibilityDeclaration:
    """THE place where a product's declared accessibility status is decided: from the latest audit,
    while it is in its validity; « non conforme » otherwise (RGAA, obligations: no valid audit, no
    conformity may be declared)."""
    audits = list(audits)
    latest = latest_audit(audits)
    if latest is None:
        return AccessibilityDeclaration(DeclaredStatus.NONE, None, None, "aucun audit")
    if audit_valid_until(latest) <= today:
        return AccessibilityDeclaration(
            DeclaredStatus.NONE,
            None,
            latest,
            f"dernier audit de plus de {standards.ACCESSIBILITY_AUDIT_VALIDITY_YEARS} ans",
        )
    return AccessibilityDeclaration(declared_status(latest.conformity_rate), latest, latest, "")


def statement_expires_on(record: AccessibilityRecord | None) -> datetime.date | None:
    if record is None or record.statement_date is None:
        return None
    return standards.add_years(record.statement_date, standards.ACCESSIBILITY_STATEMENT_VALIDITY_YEARS)


def statement_state(
    record: AccessibilityRecord | None,
    audit: AccessibilityAudit | None,
    today: datetime.date,
    window_days: int | None = None,
) -> StatementState:
    """Absent without a dated statement; outdated when older than its validity or than the latest
    audit (a statement is updated after each audit); expiring within the window."""
    window = datetime.timedelta(days=expiry_window_days() if window_days is None else window_days)
    if record is None or record.statement_date is None or not record.statement_url:
        return StatementState.MISSING
    expires = statement_expires_on(record)
    if audit is not None and audit.audited_on > record.statement_date:
        # A new audit calls for an updated statement: due within the window, lapsed after it.
        return StatementState.EXPIRING if today < audit.audited_on + window else StatementState.OUTDATED
    if expires <= today:
        return StatementState.OUTDATED
    if expires <= today + window:
        return StatementState.EXPIRING
    return StatementState.CURRENT


def rgaa_state(
    record: AccessibilityRecord | None,
    audits: Iterable[AccessibilityAudit],
    is_public_service: bool,
    today: datetime.date,
    window_days: int | None = None,
) -> AreaState:
    window = datetime.timedelta(days=expiry_window_days() if window_days is None else window_days)
    audit = latest_audit(list(audits))
    statement = statement_state(record, audit, today, window_days)
    lapsed, due = [], []
    if audit is None and statement == StatementState.MISSING:
        if is_public_service:
            return AreaState(Area.RGAA, Status.LAPSED, ["service public sans déclaration d’accessibilité ni audit"])
        return AreaState(Area.RGAA, Status.MISSING, ["aucun audit ni déclaration"])
    if audit is None:
        due.append("aucun audit : statut déclaré non conforme")
    else:
        audit_expires = standards.add_years(audit.audited_on, standards.ACCESSIBILITY_AUDIT_VALIDITY_YEARS)
        if audit_expires <= today:
            lapsed.append(f"dernier audit de plus de {standards.ACCESSIBILITY_AUDIT_VALIDITY_YEARS} ans")
        elif audit_expires <= today + window:
            due.append(f"audit à refaire avant le {audit_expires:%d/%m/%Y}")
    if statement == StatementState.MISSING and is_public_service:
        lapsed.append("service public sans déclaration d’accessibilité")
    elif statement == StatementState.OUTDATED:
        lapsed.append("déclaration d’accessibilité à mettre à jour")
    elif statement == StatementState.EXPIRING:
        due.append(f"déclaration à mettre à jour avant le {statement_expires_on(record):%d/%m/%Y}")
    if is_public_service and statement != StatementState.MISSING:
        plan_start = record.multi_year_plan_start
        if not plan_start or standards.add_years(plan_start, standards.MULTI_YEAR_PLAN_YEARS) <= today:
            due.append("schéma pluriannuel absent ou échu")
        if record.action_plan_year != today.year:
            due.append(f"plan d’actions {today.year} absent")
    if lapsed:
        return AreaState(Area.RGAA, Status.LAPSED, lapsed + due)
    if due:
        return AreaState(Area.RGAA, Status.DUE_SOON, due)
    declaration = accessibility_declaration([audit], today)
    rate = f"{audit.conformity_rate.normalize():f}".replace(".", ",")
    return AreaState(Area.RGAA, Status.DONE, [f"{declaration.label.lower()} ({rate} %)"])


# --- RGS ---


def homologation_state(
    homologation: Homologation | None, today: datetime.date, window_days: int | None = None
) -> HomologationState:
    window = datetime.timedelta(days=expiry_window_days() if window_days is None else window_days)
    if homologation is None:
        return HomologationState.NOT_STARTED
    if homologation.decision_date is None or homologation.valid_until is None:
        started = homologation.started_on or homologation.risk_analysis_on
        return HomologationState.IN_PROGRESS if started else HomologationState.NOT_STARTED
    if homologation.valid_until < today:
        return HomologationState.EXPIRED
    if (
        homologation.renewal_trigger
        and homologation.renewal_trigger_on
        and homologation.renewal_trigger_on >= homologation.decision_date
    ):
        return HomologationState.RENEWAL_DUE
    if homologation.valid_until <= today + window:
        return HomologationState.EXPIRING
    return HomologationState.VALID


HOMOLOGATION_STATUS = {
    HomologationState.NOT_STARTED: Status.MISSING,
    HomologationState.IN_PROGRESS: Status.DUE_SOON,
    HomologationState.VALID: Status.DONE,
    HomologationState.EXPIRING: Status.DUE_SOON,
    HomologationState.RENEWAL_DUE: Status.DUE_SOON,
    HomologationState.EXPIRED: Status.LAPSED,
}


def rgs_state(homologation: Homologation | None, today: datetime.date, window_days: int | None = None) -> AreaState:
    state = homologation_state(homologation, today, window_days)
    reason = state.label.lower()
    if state in (HomologationState.VALID, HomologationState.EXPIRING):
        reason = f"{reason}, jusqu’au {homologation.valid_until:%d/%m/%Y}"
    elif state == HomologationState.EXPIRED:
        reason = f"{reason} le {homologation.valid_until:%d/%m/%Y}"
    elif state == HomologationState.RENEWAL_DUE:
        reason = f"{reason} : {homologation.get_renewal_trigger_display().lower()}"
    return AreaState(Area.RGS, HOMOLOGATION_STATUS[state], [reason])


# --- RGPD ---


def rgpd_state(activities: Iterable[ProcessingActivity]) -> AreaState:
    activities = list(activities)
    if not activities:
        return AreaState(Area.RGPD, Status.MISSING, ["aucun traitement recensé"])
    missing_aipd = [a for a in activities if a.impact_assessment_missing]
    unregistered = [a for a in activities if not a.in_ministry_register]
    reasons = [f"AIPD requise non réalisée : {a.name}" for a in missing_aipd]
    reasons += [f"hors registre : {a.name}" for a in unregistered]
    if missing_aipd:
        return AreaState(Area.RGPD, Status.LAPSED, reasons)
    if unregistered:
        return AreaState(Area.RGPD, Status.DUE_SOON, reasons)
    count = len(activities)
    return AreaState(Area.RGPD, Status.DONE, [f"{count} traitement{'s' if count > 1 else ''} au registre"])


# --- RGESN ---


def rgesn_state(declaration: EcodesignDeclaration | None) -> AreaState:
    if declaration is None or declaration.declared_on is None:
        return AreaState(Area.RGESN, Status.MISSING, ["aucune déclaration d’écoconception"])
    assessed = declaration.criteria_assessed or 0
    if assessed < standards.RGESN_CRITERIA_COUNT:
        return AreaState(
            Area.RGESN,
            Status.DUE_SOON,
            [f"{assessed} critères évalués sur {standards.RGESN_CRITERIA_COUNT}"],
        )
    score = declaration.score
    return AreaState(
        Area.RGESN,
        Status.DONE,
        [f"déclarée le {declaration.declared_on:%d/%m/%Y}, {score if score is not None else 0} %"],
    )
