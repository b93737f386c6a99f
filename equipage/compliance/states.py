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

from equipage.core import french

from . import standards
from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    AuditType,
    EcodesignDeclaration,
    Homologation,
    HomologationDecision,
    MeasureStatus,
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
    """The heat map's states, always shown with their label, never by colour alone."""

    DONE = "a_jour", "À jour"
    EXEMPTED = "dispense", "Dispensé"
    DUE_SOON = "a_echeance", "À échéance"
    LAPSED = "echu", "Échu"
    MISSING = "manquant", "Manquant"


# Urgency, most urgent first: the heat map sorts products by their most urgent area.
STATUS_ORDER = {Status.LAPSED: 0, Status.MISSING: 1, Status.DUE_SOON: 2, Status.EXEMPTED: 3, Status.DONE: 4}


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
    REFUSED = "refusee", "Refusée"
    EXEMPTED = "dispensee", "Dispensée"
    EXEMPTION_LAPSED = "dispense_echue", "Dispense échue"


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
    # Up to date, yet declaring a non-conformity (RGAA « non conforme »): never shown as a success.
    non_conforming: bool = False

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
    """THE place where a product's declared accessibility status is decided: from the latest complete
    audit (106 criteria) while it is in its validity; « non conforme » otherwise (RGAA 4.1.2,
    obligations: no valid complete audit, no conformity may be declared). Shorter audits are steps."""
    audits = list(audits)
    latest = latest_audit(audits)
    complete = latest_audit([audit for audit in audits if audit.audit_type == AuditType.COMPLETE])
    if complete is None:
        reason = "aucun audit" if latest is None else "aucun audit complet (106 critères)"
        return AccessibilityDeclaration(DeclaredStatus.NONE, None, latest, reason)
    if audit_valid_until(complete) <= today:
        return AccessibilityDeclaration(
            DeclaredStatus.NONE,
            None,
            complete,
            f"dernier audit complet de plus de {standards.ACCESSIBILITY_AUDIT_VALIDITY_YEARS} ans",
        )
    return AccessibilityDeclaration(declared_status(complete.conformity_rate), complete, complete, "")


def statement_audit(record: AccessibilityRecord | None, audits: Iterable[AccessibilityAudit]):
    """The audit the statement rests on: the one it names, or else the latest complete audit."""
    if record is not None and record.audit_id:
        named = next((audit for audit in audits if audit.pk == record.audit_id), None)
        if named is not None:
            return named
    return latest_audit([audit for audit in audits if audit.audit_type == AuditType.COMPLETE])


def statement_expires_on(record: AccessibilityRecord | None) -> datetime.date | None:
    if record is None or record.statement_date is None:
        return None
    return standards.add_years(record.statement_date, standards.ACCESSIBILITY_STATEMENT_VALIDITY_YEARS)


def statement_deadlines(
    record: AccessibilityRecord | None,
    audits: Iterable[AccessibilityAudit],
    window_days: int | None = None,
) -> list[tuple[datetime.date, str]]:
    """Each day by which the statement is to be updated, with why (arrêté du 20 septembre 2019 and
    RGAA obligations, see standards.py): three years after publication; at a substantial change of
    the service; 18 months after a new RGAA version; after a newer complete audit (within the window)."""
    if record is None or record.statement_date is None:
        return []
    window = datetime.timedelta(days=expiry_window_days() if window_days is None else window_days)
    audits = list(audits)
    published = record.statement_date
    deadlines = [
        (statement_expires_on(record), f"{standards.ACCESSIBILITY_STATEMENT_VALIDITY_YEARS} ans après sa publication")
    ]
    if record.substantial_change_on and record.substantial_change_on > published:
        deadlines.append(
            (record.substantial_change_on, f"modification substantielle du {french.date(record.substantial_change_on)}")
        )
    based_on = statement_audit(record, audits)
    version = based_on.rgaa_version if based_on else None
    if version is None:  # the version in force when the statement was published
        version = max(
            (name for name, day in standards.RGAA_VERSIONS.items() if day <= published),
            key=lambda name: standards.RGAA_VERSIONS[name],
            default=None,
        )
    newer = standards.rgaa_update_deadline(version) if version else None
    if newer:
        name, day = newer
        deadlines.append(
            (day, f"RGAA {name} publié : {standards.RGAA_NEW_VERSION_UPDATE_MONTHS} mois pour mettre à jour")
        )
    latest = latest_audit(audits)
    if latest is not None and latest.audited_on > published:
        deadlines.append((latest.audited_on + window, f"nouvel audit du {french.date(latest.audited_on)}"))
    return sorted(deadlines, key=lambda item: item[0])


def statement_state(
    record: AccessibilityRecord | None,
    audit: AccessibilityAudit | Iterable[AccessibilityAudit] | None,
    today: datetime.date,
    window_days: int | None = None,
) -> StatementState:
    """Absent without a dated, published statement; « à mettre à jour » once a deadline of
    `statement_deadlines` is reached; « bientôt » when one falls within the window."""
    window = datetime.timedelta(days=expiry_window_days() if window_days is None else window_days)
    if record is None or record.statement_date is None or not record.statement_url:
        return StatementState.MISSING
    audits = [] if audit is None else ([audit] if isinstance(audit, AccessibilityAudit) else list(audit))
    deadlines = statement_deadlines(record, audits, window_days)
    if any(day <= today for day, _why in deadlines):
        return StatementState.OUTDATED
    if any(day <= today + window for day, _why in deadlines):
        return StatementState.EXPIRING
    return StatementState.CURRENT


def statement_update_reasons(
    record: AccessibilityRecord | None, audits: Iterable[AccessibilityAudit], today: datetime.date
) -> list[str]:
    window = datetime.timedelta(days=expiry_window_days())
    return [
        f"{why} (avant le {french.date(day)})" if day > today else why
        for day, why in statement_deadlines(record, audits)
        if day <= today + window
    ]


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",")


def rgaa_state(
    record: AccessibilityRecord | None,
    audits: Iterable[AccessibilityAudit],
    is_public_service: bool,
    today: datetime.date,
    window_days: int | None = None,
) -> AreaState:
    window = datetime.timedelta(days=expiry_window_days() if window_days is None else window_days)
    audits = list(audits)
    declaration = accessibility_declaration(audits, today)
    complete = declaration.latest if declaration.latest and declaration.latest.is_complete else None
    statement = statement_state(record, audits, today, window_days)
    lapsed, due = [], []
    if not audits and statement == StatementState.MISSING:
        if is_public_service:
            return AreaState(Area.RGAA, Status.LAPSED, ["service public sans déclaration d’accessibilité ni audit"])
        return AreaState(Area.RGAA, Status.MISSING, ["aucun audit ni déclaration"])
    if complete is None:
        due.append(f"{declaration.reason} : statut déclaré non conforme")
    else:
        audit_expires = audit_valid_until(complete)
        if audit_expires <= today:
            lapsed.append(f"dernier audit complet de plus de {standards.ACCESSIBILITY_AUDIT_VALIDITY_YEARS} ans")
        elif audit_expires <= today + window:
            due.append(f"audit à refaire avant le {french.date(audit_expires)}")
    if statement == StatementState.MISSING and is_public_service:
        lapsed.append("service public sans déclaration d’accessibilité")
    elif statement == StatementState.OUTDATED:
        reasons = statement_update_reasons(record, audits, today)
        lapsed.append("déclaration d’accessibilité à mettre à jour" + (f" : {reasons[0]}" if reasons else ""))
    elif statement == StatementState.EXPIRING:
        reasons = statement_update_reasons(record, audits, today)
        due.append("déclaration à mettre à jour" + (f" : {reasons[0]}" if reasons else ""))
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
    return AreaState(
        Area.RGAA,
        Status.DONE,
        [f"{declaration.label.lower()} ({_rate_text(declaration.rate)} %)"],
        non_conforming=declaration.status == DeclaredStatus.NONE,
    )


# --- RGS ---


def _has_valid_decision_shape(homologation: Homologation) -> bool:
    return bool(
        homologation.decision_date
        and homologation.valid_until
        and homologation.decision != HomologationDecision.REFUSED
    )


def expiring_from(homologation: Homologation, window_days: int | None = None) -> datetime.date:
    """The first day the decision is « expire bientôt »: a window growing with the validity
    (standards.HOMOLOGATION_EXPIRY_WINDOW_MONTHS); the setting's window in days for a decision
    recorded without a chosen duration."""
    months = standards.HOMOLOGATION_EXPIRY_WINDOW_MONTHS.get(homologation.validity_months)
    if months and window_days is None:
        return standards.add_months(homologation.valid_until, -months)
    window = expiry_window_days() if window_days is None else window_days
    return homologation.valid_until - datetime.timedelta(days=window)


def homologation_state(
    homologation: Homologation | None, today: datetime.date, window_days: int | None = None
) -> HomologationState:
    if homologation is None:
        return HomologationState.NOT_STARTED
    if homologation.decision == HomologationDecision.REFUSED:
        return HomologationState.REFUSED
    decided = _has_valid_decision_shape(homologation)
    if homologation.exemption_case and not (decided and homologation.valid_until >= today):
        deadline = homologation.exemption_deadline
        return HomologationState.EXEMPTION_LAPSED if deadline and deadline < today else HomologationState.EXEMPTED
    if not decided:
        started = (
            homologation.started_on
            or homologation.risk_analysis_on
            or homologation.security_needs
            or getattr(homologation, "has_steps", False)
        )
        return HomologationState.IN_PROGRESS if started else HomologationState.NOT_STARTED
    if homologation.valid_until < today:
        return HomologationState.EXPIRED
    if (
        homologation.renewal_trigger
        and homologation.renewal_trigger_on
        and homologation.renewal_trigger_on >= homologation.decision_date
    ):
        return HomologationState.RENEWAL_DUE
    if expiring_from(homologation, window_days) <= today:
        return HomologationState.EXPIRING
    return HomologationState.VALID


def reminder_ladder(homologation: Homologation) -> tuple[int, ...]:
    """Months before expiry at which the owner and the RSSI are reminded (standards)."""
    months = homologation.validity_months
    if months not in standards.HOMOLOGATION_REMINDER_MONTHS:
        return (3, 1)
    return standards.HOMOLOGATION_REMINDER_MONTHS[months]


def reminder_due(homologation: Homologation | None, today: datetime.date) -> tuple[int, list[int]] | None:
    """The reminder step due today or before, with every step already passed: (step, passed steps).

    The step is the most imminent one reached (a job that missed days sends one reminder, not five);
    None when no step is reached or the decision has expired or is not a valid decision."""
    if homologation is None or not _has_valid_decision_shape(homologation) or homologation.valid_until < today:
        return None
    reached = [m for m in reminder_ladder(homologation) if standards.add_months(homologation.valid_until, -m) <= today]
    if not reached:
        return None
    return min(reached), reached


HOMOLOGATION_STATUS = {
    HomologationState.NOT_STARTED: Status.MISSING,
    HomologationState.IN_PROGRESS: Status.DUE_SOON,
    HomologationState.VALID: Status.DONE,
    HomologationState.EXPIRING: Status.DUE_SOON,
    HomologationState.RENEWAL_DUE: Status.DUE_SOON,
    HomologationState.EXPIRED: Status.LAPSED,
    HomologationState.REFUSED: Status.LAPSED,
    HomologationState.EXEMPTED: Status.EXEMPTED,
    HomologationState.EXEMPTION_LAPSED: Status.LAPSED,
}


STEP_TODO, STEP_IN_PROGRESS, STEP_DONE = "a_faire", "en_cours", "faite"
STEP_LABELS = {STEP_TODO: "À faire", STEP_IN_PROGRESS: "En cours", STEP_DONE: "Faite"}


@dataclass(frozen=True)
class HomologationStep:
    code: str
    title: str
    state: str
    evidence: str

    @property
    def state_label(self) -> str:
        return STEP_LABELS[self.state]


def homologation_steps(homologation: Homologation | None, measures: list, opinions: list) -> list[HomologationStep]:
    """The four steps of the ANSSI's 2025 guide (standards.HOMOLOGATION_STEPS), each with its state
    and what evidences it."""
    h = homologation
    titles = dict(standards.HOMOLOGATION_STEPS)
    steps = []
    needs = h.get_security_needs_display().lower() if h and h.security_needs else ""
    steps.append(
        HomologationStep(
            "besoins", titles["besoins"], STEP_DONE if needs else STEP_TODO, f"besoins {needs}" if needs else ""
        )
    )
    if h and h.risk_analysis_on:
        method = f" ({h.risk_analysis_method})" if h.risk_analysis_method else ""
        steps.append(
            HomologationStep(
                "risques", titles["risques"], STEP_DONE, f"analyse du {french.date(h.risk_analysis_on)}{method}"
            )
        )
    else:
        steps.append(HomologationStep("risques", titles["risques"], STEP_TODO, ""))
    open_measures = [m for m in measures if m.status in (MeasureStatus.TODO, MeasureStatus.PARTIAL)]
    done = len(measures) - len(open_measures)
    if not measures:
        steps.append(HomologationStep("mesures", titles["mesures"], STEP_TODO, ""))
    else:
        state = STEP_IN_PROGRESS if open_measures else STEP_DONE
        steps.append(
            HomologationStep(
                "mesures", titles["mesures"], state, f"{done} sur {len(measures)} faites ou non applicables"
            )
        )
    if h and h.decision:
        text = f"{h.get_decision_display().lower()} le {french.date(h.decision_date)} par {h.authority}"
        if h.valid_until:
            text += f", pour {h.validity_months or '?'} mois, jusqu’au {french.date(h.valid_until)}"
        steps.append(HomologationStep("decision", titles["decision"], STEP_DONE, text))
    elif opinions:
        count = len(opinions)
        steps.append(
            HomologationStep("decision", titles["decision"], STEP_IN_PROGRESS, f"{count} avis, décision à prononcer")
        )
    else:
        steps.append(HomologationStep("decision", titles["decision"], STEP_TODO, ""))
    return steps


def rgs_state(homologation: Homologation | None, today: datetime.date, window_days: int | None = None) -> AreaState:
    state = homologation_state(homologation, today, window_days)
    reason = state.label.lower()
    if state in (HomologationState.VALID, HomologationState.EXPIRING):
        reason = f"{reason}, jusqu’au {french.date(homologation.valid_until)}"
    elif state == HomologationState.EXPIRED:
        reason = f"{reason} le {french.date(homologation.valid_until)}"
    elif state == HomologationState.RENEWAL_DUE:
        reason = f"{reason} : {homologation.get_renewal_trigger_display().lower()}"
    elif state in (HomologationState.EXEMPTED, HomologationState.EXEMPTION_LAPSED):
        reason = f"{reason} ({homologation.get_exemption_case_display().lower()})"
        if homologation.exemption_deadline:
            reason += f", homologuer avant le {french.date(homologation.exemption_deadline)}"
    elif state == HomologationState.REFUSED:
        reason = f"{reason} le {french.date(homologation.decision_date)}"
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
        [f"déclarée le {french.date(declaration.declared_on)}, {score if score is not None else 0} %"],
    )
