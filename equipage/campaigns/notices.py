"""Telling the owners of a campaign's failing findings: when it opens, 30 and 7 days before its deadline.

Sent by the daily job (`jobs.py`). Each notice is recorded (`CampaignNotice`, unique per campaign,
person and kind) in the same transaction as its sending, so that it is never sent twice — neither
on a second run nor by a second instance — and a sending that fails is tried again the next run.
A person who becomes an owner later gets the notice due at that time; a day missed sends the
latest step only (its earlier steps are recorded as passed).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from equipage.checks.models import StoredFinding
from equipage.core.formats import long_date
from equipage.core.french import percent, plural

from .models import Campaign, CampaignNotice

STEPS = ((30, CampaignNotice.Kind.DAYS_30), (7, CampaignNotice.Kind.DAYS_7))


def due_kinds(campaign: Campaign, today: datetime.date) -> list[str]:
    """The notices due by now, in order: the opening, then each step the deadline has come within."""
    days_left = (campaign.deadline - today).days
    return [CampaignNotice.Kind.OPENED, *(kind for days, kind in STEPS if days_left <= days)]


@dataclass
class NoticeReport:
    sent: int = 0
    without_owner: int = 0
    failed: int = 0


def _message(campaign: Campaign, kind: str, products: list[str], today: datetime.date) -> tuple[str, str]:
    base = getattr(settings, "EQUIPAGE_BASE_URL", "").rstrip("/")
    days_left = (campaign.deadline - today).days
    titles = campaign.rule_titles
    rules = ", ".join(f"« {title} »" for title in titles)
    if kind == CampaignNotice.Kind.OPENED:
        subject = f"[Équipage] Campagne « {campaign.title} » : ouverte jusqu’au {long_date(campaign.deadline)}"
        opening = f"La campagne « {campaign.title} » est ouverte jusqu’au {long_date(campaign.deadline)}."
    else:
        subject = f"[Équipage] Campagne « {campaign.title} » : échéance dans {plural(days_left, 'jour')}"
        opening = f"L’échéance de la campagne « {campaign.title} » approche : le {long_date(campaign.deadline)}."
    lines = [
        "Bonjour,",
        "",
        opening,
        f"Cible : {percent(campaign.target)} des produits du périmètre "
        + (f"respectent la règle « {titles[0]} »." if len(titles) == 1 else f"respectent les règles {rules}."),
        "",
        "Vous êtes responsable de points de vigilance qui comptent encore contre la cible :",
        *(f"- {name}" for name in products),
        "",
        f"{base}{campaign.get_absolute_url()}",
        "",
        "— Équipage",
    ]
    return subject, "\n".join(lines)


def send_notices(today: datetime.date) -> NoticeReport:
    """Send what is due for every running campaign (a fixed number of queries, plus one write per e-mail)."""
    from .progress import failing_ids

    report = NoticeReport()
    campaigns = list(Campaign.objects.running(today).prefetch_related("directorates"))
    if not campaigns:
        return report
    failing = failing_ids(campaigns)
    codes = {code for campaign in campaigns for code in campaign.rule_codes}
    findings = (
        StoredFinding.objects.filter(code__in=codes, product_id__in=set().union(*failing.values()))
        .select_related("product", "owner")
        .order_by("product__name")
    )
    by_product = defaultdict(list)
    for finding in findings:
        by_product[finding.product_id].append(finding)
    sent = defaultdict(set)
    for notice in CampaignNotice.objects.filter(campaign__in=campaigns).values_list("campaign_id", "person_id", "kind"):
        sent[notice[:2]].add(notice[2])
    for campaign in campaigns:
        owners: dict[int, tuple] = {}
        for product_id in sorted(failing[campaign.pk]):
            relevant = [f for f in by_product.get(product_id, []) if f.code in campaign.rule_codes]
            people = {f.owner.pk: f.owner for f in relevant if f.owner is not None and f.owner.email}
            if not people:
                report.without_owner += 1
            for person in people.values():
                owners.setdefault(person.pk, (person, []))[1].append(relevant[0].product.name)
        due = due_kinds(campaign, today)
        for person_id, (person, products) in sorted(owners.items()):
            missing = [kind for kind in due if kind not in sent[(campaign.pk, person_id)]]
            if not missing:
                continue
            kind = CampaignNotice.Kind.OPENED if CampaignNotice.Kind.OPENED in missing else missing[-1]
            subject, body = _message(campaign, kind, sorted(set(products)), today)
            try:
                with transaction.atomic():
                    CampaignNotice.objects.bulk_create(
                        [CampaignNotice(campaign=campaign, person=person, kind=k, sent_on=today) for k in missing]
                    )
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email], fail_silently=False)
            except IntegrityError:
                continue  # recorded meanwhile by another run: already sent
            except OSError:  # the mail server refused: nothing recorded, tried again on the next run
                report.failed += 1
                continue
            report.sent += 1
    return report
