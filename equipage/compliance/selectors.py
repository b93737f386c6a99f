"""Reads of the compliance records, for one product or the whole portfolio, in bounded queries.

`load_facts` gathers every record of many products in five queries whatever their number; the
rest derives from those facts (see `states.py`). Interfaces used by other apps:

- `compliance_alerts(product_ids, today)`: alerts for the vigilance rules;
- `sheet_summary(product)` and the include `compliance/_sheet_summary.html`: the product sheet;
- `accessibility_status(product)` and the include `compliance/_public_accessibility.html`: the
  public statistics page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from equipage.checks.store import flush
from equipage.core import french
from equipage.core.french import de
from equipage.core.vocabulary import Area as RuleArea
from equipage.core.vocabulary import Level as RuleLevel
from equipage.core.vocabulary import Severity
from equipage.governance.defaults import Level
from equipage.governance.matrix import effective_matrices
from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.models import Membership, current_team

from . import standards
from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    SecurityMeasure,
    StoredAreaStates,
)
from .states import (
    AREA_ACTIVITY,
    STATUS_ORDER,
    Area,
    AreaState,
    DeclaredStatus,
    HomologationState,
    StatementState,
    Status,
    accessibility_declaration,
    homologation_state,
    homologation_steps,
    latest_audit,
    rgaa_state,
    rgesn_state,
    rgpd_state,
    rgs_state,
    statement_deadlines,
    statement_state,
    statement_update_reasons,
)


@dataclass
class ComplianceFacts:
    product: Product
    activities: list[ProcessingActivity] = field(default_factory=list)
    audits: list[AccessibilityAudit] = field(default_factory=list)  # newest first
    accessibility: AccessibilityRecord | None = None
    homologation: Homologation | None = None
    ecodesign: EcodesignDeclaration | None = None
    measures: list[SecurityMeasure] = field(default_factory=list)
    opinions: list[HomologationOpinion] = field(default_factory=list)

    def homologation_steps(self):
        return homologation_steps(self.homologation, self.measures, self.opinions)

    @property
    def latest_audit(self) -> AccessibilityAudit | None:
        return latest_audit(self.audits)

    @property
    def statement_url(self) -> str:
        """The statement's address: the compliance record's, or else the product sheet's link."""
        return (
            self.accessibility.statement_url if self.accessibility else ""
        ) or self.product.accessibility_statement_url

    def areas(self, today: datetime.date) -> dict[str, AreaState]:
        return {
            Area.RGPD: rgpd_state(self.activities),
            Area.RGAA: rgaa_state(self.accessibility, self.audits, self.product.is_public_service, today),
            Area.RGS: rgs_state(self.homologation, today),
            Area.RGESN: rgesn_state(self.ecodesign),
        }


def load_facts(products: Iterable[Product], scope: QuerySet | None = None) -> dict[int, ComplianceFacts]:
    """Every compliance record of these products, by product id: seven queries whatever their number.

    `scope`, a queryset of these products' ids, filters the records by a subquery instead of their ids."""
    products = list(products)
    facts = {product.pk: ComplianceFacts(product=product) for product in products}
    if not facts:
        return facts
    ids = scope if scope is not None else list(facts)
    for activity in ProcessingActivity.objects.filter(product_id__in=ids).order_by("name", "pk"):
        facts[activity.product_id].activities.append(activity)
    for audit in AccessibilityAudit.objects.filter(product_id__in=ids).order_by("-audited_on", "-pk"):
        facts[audit.product_id].audits.append(audit)
    for record in AccessibilityRecord.objects.filter(product_id__in=ids):
        facts[record.product_id].accessibility = record
    for homologation in Homologation.objects.filter(product_id__in=ids):
        facts[homologation.product_id].homologation = homologation
    for declaration in EcodesignDeclaration.objects.filter(product_id__in=ids):
        facts[declaration.product_id].ecodesign = declaration
    for measure in SecurityMeasure.objects.filter(product_id__in=ids).order_by("title", "pk"):
        facts[measure.product_id].measures.append(measure)
    for opinion in HomologationOpinion.objects.filter(product_id__in=ids).order_by("-given_on", "-pk"):
        facts[opinion.product_id].opinions.append(opinion)
    for item in facts.values():
        if item.homologation is not None:
            item.homologation.has_steps = bool(item.measures or item.opinions)
    return facts


def product_facts(product: Product) -> ComplianceFacts:
    return load_facts([product])[product.pk]


# --- Owners ---


def area_owners(products: Iterable[Product], on: datetime.date | None = None) -> dict[int, dict[str, list[Person]]]:
    """For each product and area, the people holding the role that is responsable of the area's activity
    in the product's matrix (co-responsables when it has none). At most four queries."""
    products = list(products)
    matrices = effective_matrices(products)
    holders: dict[int, dict[str, list[Person]]] = defaultdict(lambda: defaultdict(list))
    if len(products) == 1:  # one product's page: its team as the other sections read it
        memberships = current_team(products[0], on)
    else:
        memberships = (
            Membership.objects.current(on)
            .filter(product_id__in=[p.pk for p in products])
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
    for membership in memberships:
        people = holders[membership.product_id][membership.role]
        if membership.person not in people:
            people.append(membership.person)
    owners: dict[int, dict[str, list[Person]]] = {}
    for product in products:
        matrix = matrices[product.pk]
        by_area: dict[str, list[Person]] = {}
        for area, code in AREA_ACTIVITY.items():
            row = next((row for row in matrix.activities if row.code == code), None)
            roles = (row.roles_at(Level.RESPONSIBLE) or row.roles_at(Level.CO_RESPONSIBLE)) if row else []
            people: list[Person] = []
            for role in roles:
                people += [person for person in holders[product.pk].get(role, []) if person not in people]
            by_area[area] = people
        owners[product.pk] = by_area
    return owners


# --- Alerts, for the vigilance rules ---


@dataclass(frozen=True)
class AlertKind:
    severity: Severity
    title: str
    short: str
    area: RuleArea
    level: RuleLevel
    activity: str  # the responsibility matrix's activity whose responsible answers for it


# Every alert compliance raises, each registered as a vigilance rule with this one severity (see rules.py).
ALERT_KINDS: dict[str, AlertKind] = {
    "HOMOLOGATION_EXPIREE": AlertKind(
        Severity.BLOCKING,
        "Homologation de sécurité expirée",
        "Homologation expirée",
        RuleArea.COMPLIANCE,
        RuleLevel.FOUNDATION,
        "conformite_referentiels",
    ),
    "HOMOLOGATION_A_ECHEANCE": AlertKind(
        Severity.WATCH,
        "Homologation de sécurité bientôt échue",
        "Homologation à échéance",
        RuleArea.COMPLIANCE,
        RuleLevel.PRACTICES,
        "conformite_referentiels",
    ),
    "HOMOLOGATION_A_RENOUVELER": AlertKind(
        Severity.WATCH,
        "Homologation à renouveler (changement majeur)",
        "Homologation à renouveler",
        RuleArea.COMPLIANCE,
        RuleLevel.PRACTICES,
        "conformite_referentiels",
    ),
    "DECLARATION_ACCESSIBILITE_ABSENTE": AlertKind(
        Severity.BLOCKING,
        "Service public sans déclaration d’accessibilité",
        "Déclaration absente",
        RuleArea.TRANSPARENCY,
        RuleLevel.FOUNDATION,
        "conformite_referentiels",
    ),
    "DECLARATION_ACCESSIBILITE_ANCIENNE": AlertKind(
        Severity.WATCH,
        "Déclaration d’accessibilité trop ancienne",
        "Déclaration ancienne",
        RuleArea.TRANSPARENCY,
        RuleLevel.PRACTICES,
        "conformite_referentiels",
    ),
    "AIPD_MANQUANTE": AlertKind(
        Severity.BLOCKING,
        "Analyse d’impact (AIPD) requise et non faite",
        "AIPD manquante",
        RuleArea.COMPLIANCE,
        RuleLevel.FOUNDATION,
        "conformite_legale",
    ),
    "HOMOLOGATION_ABSENTE": AlertKind(
        Severity.BLOCKING,
        "Produit en production sans homologation de sécurité",
        "Sans homologation",
        RuleArea.COMPLIANCE,
        RuleLevel.FOUNDATION,
        "conformite_referentiels",
    ),
    "HOMOLOGATION_REFUSEE": AlertKind(
        Severity.BLOCKING,
        "Homologation de sécurité refusée",
        "Homologation refusée",
        RuleArea.COMPLIANCE,
        RuleLevel.FOUNDATION,
        "conformite_referentiels",
    ),
    "DISPENSE_ECHUE": AlertKind(
        Severity.BLOCKING,
        "Dispense d’homologation dépassée",
        "Dispense échue",
        RuleArea.COMPLIANCE,
        RuleLevel.FOUNDATION,
        "conformite_referentiels",
    ),
    "TRAITEMENT_HORS_REGISTRE": AlertKind(
        Severity.WATCH,
        "Traitement de données absent du registre",
        "Hors registre",
        RuleArea.COMPLIANCE,
        RuleLevel.PRACTICES,
        "conformite_legale",
    ),
    "RGESN_ABSENTE": AlertKind(
        Severity.WATCH,
        "Service public sans déclaration d’écoconception (RGESN)",
        "RGESN absente",
        RuleArea.TRANSPARENCY,
        RuleLevel.EXEMPLARY,
        "conformite_referentiels",
    ),
}

# Phases in which a product is in production: it must be homologated (or exempted) by then.
PRODUCTION_PHASES = frozenset({"acceleration", "perennisation", "fin_de_vie"})


@dataclass(frozen=True)
class Alert:
    code: str
    message: str
    remedy: str

    def __post_init__(self) -> None:
        if self.code not in ALERT_KINDS:
            raise ValueError(f"Unknown compliance alert {self.code!r}: declare it in ALERT_KINDS")

    @property
    def severity(self) -> Severity:
        return ALERT_KINDS[self.code].severity


def _alerts(facts: ComplianceFacts, today: datetime.date) -> list[Alert]:
    product = facts.product
    alerts: list[Alert] = []
    homologation = facts.homologation
    state = homologation_state(homologation, today)
    if state == HomologationState.EXPIRED:
        alerts.append(
            Alert(
                "HOMOLOGATION_EXPIREE",
                f"L’homologation de sécurité {de(product.name)} a expiré le {french.date(homologation.valid_until)}.",
                "Faire prononcer une nouvelle décision d’homologation par l’autorité, après mise à jour de "
                "l’analyse de risques.",
            )
        )
    elif state == HomologationState.EXPIRING:
        alerts.append(
            Alert(
                "HOMOLOGATION_A_ECHEANCE",
                f"L’homologation de sécurité {de(product.name)} expire le {french.date(homologation.valid_until)}.",
                "Engager le renouvellement de l’homologation avec le RSSI dès maintenant.",
            )
        )
    elif state == HomologationState.RENEWAL_DUE:
        alerts.append(
            Alert(
                "HOMOLOGATION_A_RENOUVELER",
                f"{homologation.get_renewal_trigger_display()} le {french.date(homologation.renewal_trigger_on)} : "
                "l’homologation de sécurité est à renouveler.",
                "Mettre à jour l’analyse de risques et soumettre une nouvelle décision à l’autorité d’homologation.",
            )
        )
    if state in (HomologationState.NOT_STARTED, HomologationState.IN_PROGRESS) and (product.phase in PRODUCTION_PHASES):
        alerts.append(
            Alert(
                "HOMOLOGATION_ABSENTE",
                f"{product.name} est en production ({product.get_phase_display().lower()}) sans homologation de "
                "sécurité prononcée"
                + (" : la démarche est en cours." if state == HomologationState.IN_PROGRESS else "."),
                "Conduire l’homologation en quatre étapes (guide de l’ANSSI, 2025) jusqu’à la décision de l’autorité, "
                "ou obtenir une dispense au titre de l’arrêté du 31 juillet 2025.",
            )
        )
    elif state == HomologationState.REFUSED:
        alerts.append(
            Alert(
                "HOMOLOGATION_REFUSEE",
                f"L’autorité a refusé l’homologation de sécurité {de(product.name)} le "
                f"{french.date(homologation.decision_date)}.",
                "Traiter les motifs du refus (mesures, risques résiduels) et présenter à nouveau le dossier ; "
                "décider avec l’autorité du maintien en service d’ici là.",
            )
        )
    elif state == HomologationState.EXEMPTION_LAPSED:
        alerts.append(
            Alert(
                "DISPENSE_ECHUE",
                f"La dispense d’homologation {de(product.name)} ({homologation.get_exemption_case_display().lower()}) "
                f"imposait d’homologuer avant le {french.date(homologation.exemption_deadline)}.",
                "Faire prononcer la décision d’homologation, ou arrêter le service.",
            )
        )
    if product.is_public_service and (facts.ecodesign is None or facts.ecodesign.declared_on is None):
        alerts.append(
            Alert(
                "RGESN_ABSENTE",
                f"{product.name} est un service public numérique sans déclaration d’écoconception (RGESN "
                f"{standards.RGESN_VERSION}).",
                "Évaluer le service selon les critères du RGESN et publier sa déclaration d’écoconception.",
            )
        )
    statement = statement_state(facts.accessibility, facts.audits, today)
    if product.is_public_service and statement == StatementState.MISSING:
        alerts.append(
            Alert(
                "DECLARATION_ACCESSIBILITE_ABSENTE",
                f"{product.name} est un service public numérique sans déclaration d’accessibilité datée "
                "dans son dossier de conformité.",
                "Faire auditer le service selon le RGAA, publier sa déclaration d’accessibilité et en indiquer "
                "l’adresse et la date dans le dossier de conformité.",
            )
        )
    elif statement == StatementState.OUTDATED:
        alerts.append(
            Alert(
                "DECLARATION_ACCESSIBILITE_ANCIENNE",
                f"La déclaration d’accessibilité {de(product.name)}, du "
                f"{french.date(facts.accessibility.statement_date)}, est à mettre à jour : "
                f"{' ; '.join(statement_update_reasons(facts.accessibility, facts.audits, today))}.",
                "Mettre à jour la déclaration à partir d’un audit complet récent (Équipage en produit le texte "
                "depuis le dossier de conformité) et la republier.",
            )
        )
    for activity in facts.activities:
        if not activity.in_ministry_register:
            alerts.append(
                Alert(
                    "TRAITEMENT_HORS_REGISTRE",
                    f"Le traitement « {activity.name} » {de(product.name)} n’est pas inscrit au registre des "
                    "traitements du ministère.",
                    "Le faire inscrire au registre par le DPO, avec les mentions de l’article 30 du RGPD.",
                )
            )
        if activity.impact_assessment_missing:
            alerts.append(
                Alert(
                    "AIPD_MANQUANTE",
                    f"Le traitement « {activity.name} » requiert une analyse d’impact (AIPD), non réalisée.",
                    "Réaliser l’AIPD avec le DPO avant la mise en œuvre du traitement.",
                )
            )
    return alerts


def compliance_alerts(product_ids: Iterable[int], today: datetime.date | None = None) -> dict[int, list[Alert]]:
    """The compliance alerts of each product, by product id, in six queries whatever their number."""
    today = today or timezone.localdate()
    products = Product.objects.filter(pk__in=list(product_ids)).only(
        "pk", "name", "slug", "is_public_service", "accessibility_statement_url", "phase"
    )
    return {pk: _alerts(facts, today) for pk, facts in load_facts(products).items()}


# --- Public accessibility status ---


@dataclass(frozen=True)
class AccessibilityStatus:
    status: str
    label: str
    rate: Decimal | None
    audited_on: datetime.date | None
    rgaa_version: str
    statement_url: str
    statement_date: datetime.date | None
    reason: str = ""


def accessibility_status_from_facts(facts: ComplianceFacts, today: datetime.date | None = None) -> AccessibilityStatus:
    """The status the product may declare, decided by `states.accessibility_declaration` (the one place)."""
    today = today or timezone.localdate()
    declaration = accessibility_declaration(facts.audits, today)
    status = declaration.status
    audit = declaration.latest
    return AccessibilityStatus(
        status=status.value,
        label=status.label,
        rate=audit.conformity_rate if audit else None,
        audited_on=audit.audited_on if audit else None,
        rgaa_version=audit.rgaa_version if audit else standards.RGAA_VERSION,
        statement_url=facts.statement_url,
        statement_date=facts.accessibility.statement_date if facts.accessibility else None,
        reason=declaration.reason,
    )


def accessibility_status(product: Product) -> AccessibilityStatus:
    """The accessibility status the product declares (from its latest audit) and its statement (two queries)."""
    audits = list(AccessibilityAudit.objects.filter(product=product).order_by("-audited_on", "-pk"))
    facts = ComplianceFacts(
        product=product, audits=audits, accessibility=AccessibilityRecord.objects.filter(product=product).first()
    )
    return accessibility_status_from_facts(facts)


# --- The product sheet ---


def sheet_summary(product: Product, today: datetime.date | None = None) -> dict:
    """What the product sheet shows of compliance: each area's state and owners, and the alerts."""
    today = today or timezone.localdate()
    facts = product_facts(product)
    owners = area_owners([product], today)[product.pk]
    areas = facts.areas(today)
    return {
        "product": product,
        "areas": [{"state": state, "owners": owners[area]} for area, state in areas.items()],
        "alerts": _alerts(facts, today),
        "accessibility": accessibility_status_from_facts(facts, today),
    }


# --- Portfolio ---


@dataclass
class PortfolioRow:
    product: Product
    areas: dict[str, AreaState]

    def cells(self) -> list[AreaState]:
        return [self.areas[area] for area in Area.values]

    @property
    def urgency(self) -> tuple[int, ...]:
        """Most urgent first: by the most urgent area, then by how many areas share it."""
        orders = sorted(STATUS_ORDER[Status(state.status)] for state in self.areas.values())
        return tuple(orders)

    @property
    def worst(self) -> str:
        return min(self.areas.values(), key=lambda state: STATUS_ORDER[Status(state.status)]).status


def portfolio_rows(products: Iterable[Product], today: datetime.date | None = None) -> list[PortfolioRow]:
    """Each product's area states, derived now from its records (see `stored_portfolio_rows` for the heat map)."""
    today = today or timezone.localdate()
    products = list(products)
    facts = load_facts(products)
    return [PortfolioRow(product=product, areas=facts[product.pk].areas(today)) for product in products]


# --- Stored area states (the heat map reads them; see `StoredAreaStates`) ---


def urgency_rank(areas: Iterable[AreaState]) -> int:
    """The heat map's order as one number: the areas' urgency ranks sorted, read in base 5 (lower is more urgent),
    so that ordering by it is ordering by `PortfolioRow.urgency`."""
    rank = 0
    for order in sorted(STATUS_ORDER[Status(state.status)] for state in areas):
        rank = rank * len(STATUS_ORDER) + order
    return rank


def states_to_store(facts: dict[int, ComplianceFacts], today: datetime.date) -> list[StoredAreaStates]:
    """The rows of `StoredAreaStates` for these products' facts (written with the findings, see rules.py)."""
    rows = []
    for product_id, product_facts in facts.items():
        areas = product_facts.areas(today)
        fields = {}
        for area, state in areas.items():
            area = Area(area).value
            fields[f"{area}_status"] = state.status
            fields[f"{area}_reasons"] = list(state.reasons)
            fields[f"{area}_non_conforming"] = state.non_conforming
        row = PortfolioRow(product=product_facts.product, areas=areas)
        rows.append(
            StoredAreaStates(
                product_id=product_id,
                worst=row.worst,
                urgency=urgency_rank(areas.values()),
                computed_on=today,
                **fields,
            )
        )
    return rows


def stored_areas(stored: StoredAreaStates) -> dict[str, AreaState]:
    return {
        area: AreaState(
            area=area,
            status=getattr(stored, f"{area}_status"),
            reasons=list(getattr(stored, f"{area}_reasons")),
            non_conforming=getattr(stored, f"{area}_non_conforming"),
        )
        for area in Area.values
    }


def with_stored_states(products: QuerySet[Product]) -> QuerySet[Product]:
    """The products with their stored states joined, most urgent first, then by name (the heat map's order)."""
    flush()
    return products.select_related("compliance_states").order_by(
        F("compliance_states__urgency").asc(nulls_last=True), Lower("name"), "pk"
    )


def stored_portfolio_rows(products: Iterable[Product]) -> list[PortfolioRow]:
    """Rows of the heat map for products read through `with_stored_states` (a product without stored states,
    say one loaded from a fixture, is derived now)."""
    products = list(products)
    missing = [product for product in products if not hasattr(product, "compliance_states")]
    derived = {row.product.pk: row.areas for row in portfolio_rows(missing)} if missing else {}
    return [
        PortfolioRow(
            product=product,
            areas=derived[product.pk] if product.pk in derived else stored_areas(product.compliance_states),
        )
        for product in products
    ]


def stored_state_counts(products: QuerySet[Product]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """How many of these products are in each state, per area and by their most urgent area: one query.
    `overall["total"]` is how many products there are in all (the heat map's paginator count)."""
    aggregates = {"total": Count("pk")}
    for status in Status.values:
        aggregates[f"worst__{status}"] = Count("pk", filter=Q(compliance_states__worst=status))
        for area in Area.values:
            aggregates[f"{area}__{status}"] = Count("pk", filter=Q(**{f"compliance_states__{area}_status": status}))
    flush()
    totals = products.order_by().aggregate(**aggregates)
    per_area = {area: {status: totals[f"{area}__{status}"] for status in Status.values} for area in Area.values}
    overall = {status: totals[f"worst__{status}"] for status in Status.values}
    overall["total"] = totals["total"]
    return per_area, overall


# --- Due items, for the daily reminder ---


@dataclass(frozen=True)
class DueItem:
    product: Product
    area: str
    due_on: datetime.date | None
    message: str


def due_items(products: Iterable[Product], today: datetime.date, days: int) -> list[DueItem]:
    """What falls due within `days` days, or is already overdue: homologation expiry, statement age,
    AIPD required but not done. Sorted by date (undated items first)."""
    horizon = today + datetime.timedelta(days=days)
    items: list[DueItem] = []
    for facts in load_facts(products).values():
        product = facts.product
        homologation = facts.homologation
        if homologation and homologation.valid_until and homologation.valid_until <= horizon:
            verb = "a expiré" if homologation.valid_until < today else "expire"
            items.append(
                DueItem(
                    product,
                    Area.RGS,
                    homologation.valid_until,
                    f"L’homologation de sécurité {verb} le {french.date(homologation.valid_until)}.",
                )
            )
        for day, why in statement_deadlines(facts.accessibility, facts.audits):
            if day <= horizon:
                verb = "était" if day < today else "est"
                items.append(
                    DueItem(
                        product,
                        Area.RGAA,
                        day,
                        f"La déclaration d’accessibilité {verb} à mettre à jour le {french.date(day)} ({why}).",
                    )
                )
        for activity in facts.activities:
            if activity.impact_assessment_missing:
                items.append(
                    DueItem(
                        product,
                        Area.RGPD,
                        None,
                        f"Le traitement « {activity.name} » requiert une AIPD, non réalisée.",
                    )
                )
    items.sort(key=lambda item: (item.due_on or datetime.date.min, item.product.name, item.area))
    return items


# --- Homologation reminders, for the daily job ---


@dataclass
class HomologationReminderDue:
    product: Product
    homologation: Homologation
    months_before: int
    passed: list[int]
    recipients: list[Person]

    @property
    def message(self) -> str:
        h = self.homologation
        validity = f" (décision de {h.validity_months} mois)" if h.validity_months else ""
        return (
            f"Rappel à {self.months_before} mois : l’homologation de sécurité {de(self.product.name)} expire le "
            f"{french.date(h.valid_until)}{validity}. Engagez son renouvellement."
        )


def homologation_reminders(products: Iterable[Product], today: datetime.date) -> list[HomologationReminderDue]:
    """The reminder each homologation is due today on its ladder (states.reminder_due), not yet sent,
    with its recipients: the homologation's owner and the product's RSSI. Three queries."""
    from equipage.teams.roles import Role

    from .models import HomologationReminder
    from .states import reminder_due

    products = {product.pk: product for product in products}
    homologations = Homologation.objects.filter(product_id__in=list(products)).select_related("owner")
    due = []
    for homologation in homologations:
        step = reminder_due(homologation, today)
        if step is not None:
            due.append((homologation, *step))
    if not due:
        return []
    sent = set(
        HomologationReminder.objects.filter(product_id__in=[h.product_id for h, *_ in due]).values_list(
            "product_id", "valid_until", "months_before"
        )
    )
    rssi: dict[int, list[Person]] = defaultdict(list)
    for membership in (
        Membership.objects.current(today)
        .filter(product_id__in=[h.product_id for h, *_ in due], role=Role.SECURITY_OFFICER)
        .select_related("person")
    ):
        rssi[membership.product_id].append(membership.person)
    reminders = []
    for homologation, months, passed in due:
        if (homologation.product_id, homologation.valid_until, months) in sent:
            continue
        people = [homologation.owner] if homologation.owner else []
        people += [person for person in rssi[homologation.product_id] if person not in people]
        reminders.append(
            HomologationReminderDue(products[homologation.product_id], homologation, months, passed, people)
        )
    return reminders


__all__ = [
    "AccessibilityStatus",
    "Alert",
    "ComplianceFacts",
    "DeclaredStatus",
    "accessibility_status",
    "area_owners",
    "compliance_alerts",
    "due_items",
    "load_facts",
    "portfolio_rows",
    "sheet_summary",
]
