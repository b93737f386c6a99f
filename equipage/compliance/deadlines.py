"""Compliance's deadlines (see `equipage/core/deadlines.py`): the homologation's end of validity, its
renewal or exemption deadline and its security measures; the accessibility statement's update and the
audit's end of validity; an impact assessment (AIPD) required and not done.

Owners: the homologation's owner, then the holders of the role the responsibility matrix makes
responsable of the area's activity. One reading of the records (`load_facts`) and of the owners for
any number of products.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from equipage.core.deadlines import Deadline, register_deadline_kind, register_deadline_source
from equipage.core.french import date as date_fr
from equipage.governance.matrix import activity_owners

from .models import AuditType, MeasureStatus
from .selectors import load_facts
from .states import (
    AREA_ACTIVITY,
    Area,
    HomologationState,
    audit_valid_until,
    homologation_state,
    latest_audit,
    statement_deadlines,
)

register_deadline_kind("homologation", "Homologation de sécurité", order=10)
register_deadline_kind("accessibilite", "Accessibilité", order=20)
register_deadline_kind("rgpd", "Données personnelles", order=30)

OPEN_MEASURES = (MeasureStatus.TODO, MeasureStatus.PARTIAL)


def _url(product, anchor: str) -> str:
    return reverse("compliance:overview", args=[product.slug]) + f"#{anchor}"


@register_deadline_source("homologation", "accessibilite", "rgpd")
def compliance_deadlines(products: list, today: datetime.date, facts=None) -> Iterator[Deadline]:
    facts_by_product = facts.get("compliance_records") if facts is not None else load_facts(products)
    owners = activity_owners(products, set(AREA_ACTIVITY.values()), today, facts=facts)
    for product in products:
        facts = facts_by_product[product.pk]
        by_activity = owners[product.pk]

        def area_owners(area: str, first=None, by_activity=by_activity) -> tuple:
            people = [first] if first is not None else []
            return tuple(people + [p for p in by_activity[AREA_ACTIVITY[area]] if p not in people])

        homologation = facts.homologation
        state = homologation_state(homologation, today)
        rgs_owners = area_owners(Area.RGS, homologation.owner if homologation else None)
        if state in (HomologationState.VALID, HomologationState.EXPIRING, HomologationState.EXPIRED):
            yield Deadline(
                date=homologation.valid_until,
                product=product,
                kind="homologation",
                label="Fin de validité de l’homologation de sécurité : la renouveler",
                url=_url(product, "rgs"),
                key="validite",
                owners=rgs_owners,
            )
        elif state == HomologationState.RENEWAL_DUE:
            yield Deadline(
                date=homologation.renewal_trigger_on,
                product=product,
                kind="homologation",
                label=f"Homologation à renouveler : {homologation.get_renewal_trigger_display().lower()}",
                url=_url(product, "rgs"),
                key="renouvellement",
                owners=rgs_owners,
            )
        elif state in (HomologationState.EXEMPTED, HomologationState.EXEMPTION_LAPSED) and (
            homologation.exemption_deadline
        ):
            yield Deadline(
                date=homologation.exemption_deadline,
                product=product,
                kind="homologation",
                label="Fin de la dispense d’homologation : faire prononcer la décision",
                url=_url(product, "rgs"),
                key="dispense",
                owners=rgs_owners,
            )
        for measure in facts.measures:
            if measure.due_on and measure.status in OPEN_MEASURES:
                who = f" (responsable : {measure.owner})" if measure.owner else ""
                yield Deadline(
                    date=measure.due_on,
                    product=product,
                    kind="homologation",
                    label=f"Mesure de sécurité « {measure.title} » à mettre en œuvre{who}",
                    url=_url(product, "rgs"),
                    key=f"mesure-{measure.pk}",
                    owners=area_owners(Area.RGS),
                )

        rgaa_owners = area_owners(Area.RGAA)
        deadlines = statement_deadlines(facts.accessibility, facts.audits)
        if deadlines:
            day, why = deadlines[0]  # the first one reached makes the statement « à mettre à jour »
            yield Deadline(
                date=day,
                product=product,
                kind="accessibilite",
                label=f"Mise à jour de la déclaration d’accessibilité ({why})",
                url=_url(product, "rgaa"),
                key="declaration",
                owners=rgaa_owners,
            )
        complete = latest_audit([audit for audit in facts.audits if audit.audit_type == AuditType.COMPLETE])
        if complete is not None and (product.is_public_service or facts.accessibility is not None):
            yield Deadline(
                date=audit_valid_until(complete),
                product=product,
                kind="accessibilite",
                label=f"Fin de validité de l’audit d’accessibilité complet du {date_fr(complete.audited_on)}",
                url=_url(product, "rgaa"),
                key="audit",
                owners=rgaa_owners,
            )

        for activity in facts.activities:
            if activity.impact_assessment_missing:
                found_on = activity.aipd_assessed_on or timezone.localtime(activity.created_at).date()
                yield Deadline(
                    date=found_on,
                    product=product,
                    kind="rgpd",
                    label=f"Analyse d’impact (AIPD) du traitement « {activity.name} », requise et non faite",
                    url=_url(product, "rgpd"),
                    key=f"aipd-{activity.pk}",
                    owners=area_owners(Area.RGPD),
                )
