"""The digest e-mail: what is a person's to do, sent weekly (the default), daily or never, as they chose
on `/compte/`.

Called by the daily job. Each (person, period) is claimed first by inserting a `DigestRun`, whose unique
constraint lets only one of several instances running the job at the same time send it; a failed
sending gives the claim back so that the next run tries again. Nothing is sent for an empty list.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from equipage.accounts.models import DigestFrequency
from equipage.core.french import date as date_fr
from equipage.core.french import plural
from equipage.core.todo import TodoItem, Who, todo_items
from equipage.people.models import Person

from .models import DigestRun
from .notifications import sync_notifications

logger = logging.getLogger(__name__)


def period_of(frequency: str, today: datetime.date) -> str:
    """The period a digest covers: the ISO week (« 2026-S49 ») for a weekly one, the day for a daily one."""
    if frequency == DigestFrequency.DAILY:
        return today.isoformat()
    year, week, _day = today.isocalendar()
    return f"{year}-S{week:02d}"


@dataclass
class DigestReport:
    sent: int = 0
    empty: int = 0
    already: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"{plural(self.sent, 'résumé envoyé', 'résumés envoyés')}, {self.empty} sans rien à faire, "
            f"{self.already} déjà envoyé{'s' if self.already > 1 else ''} pour la période, {self.failed} en échec."
        )


def recipients():
    """People with an active account that has not turned the digest off."""
    return (
        Person.objects.filter(user__is_active=True)
        .exclude(user__digest_frequency=DigestFrequency.NEVER)
        .select_related("user", "organisation")
        .order_by("pk")
    )


def _absolute(url: str) -> str:
    return getattr(settings, "EQUIPAGE_BASE_URL", "").rstrip("/") + url


def build_message(
    person: Person, items: list[TodoItem], today: datetime.date, frequency: str
) -> EmailMultiAlternatives:
    """The digest as text and HTML, in French, every link absolute."""
    overdue = sum(1 for item in items if item.overdue)
    things = plural(len(items), "chose à faire", "choses à faire")
    subject = f"[Équipage] {things}" + (f", dont {overdue} en retard" if overdue else "")
    context = {
        "person": person,
        "items": [(item, _absolute(item.url)) for item in items],
        "count": len(items),
        "things": things,
        "overdue": overdue,
        "today": date_fr(today),
        "weekly": frequency == DigestFrequency.WEEKLY,
        "my_space_url": _absolute("/mon-espace/"),
        "account_url": _absolute("/compte/"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("myspace/digest_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.user.email],
    )
    message.attach_alternative(render_to_string("myspace/digest_email.html", context), "text/html")
    return message


def claim(person: Person, period: str, count: int) -> DigestRun | None:
    """Insert the (person, period) record; None when another run has already claimed it."""
    try:
        with transaction.atomic():
            return DigestRun.objects.create(person=person, period=period, item_count=count)
    except IntegrityError:
        return None


def send_digest(person: Person, today: datetime.date, items: list[TodoItem] | None = None) -> str:
    """Send one person's digest for the current period if it is due: "sent", "empty", "already" or "failed"."""
    frequency = person.user.digest_frequency
    if frequency == DigestFrequency.NEVER or not person.user.is_active:
        return "empty"
    period = period_of(frequency, today)
    if DigestRun.objects.filter(person=person, period=period).exists():
        return "already"
    items = todo_items(person, today) if items is None else items
    if not items:
        return "empty"
    run = claim(person, period, len(items))
    if run is None:
        return "already"
    try:
        build_message(person, items, today, frequency).send(fail_silently=False)
    except Exception:  # the claim is given back: the next run tries again
        logger.exception("Digest to %s not sent", person.user.email)
        run.delete()
        return "failed"
    DigestRun.objects.filter(pk=run.pk).update(sent_at=timezone.now())
    return "sent"


def send_digests(today: datetime.date | None = None) -> DigestReport:
    """Every due digest of the period, and each account's notifications brought up to date on the way."""
    today = today or timezone.localdate()
    report = DigestReport()
    for person in recipients():
        who = Who(person=person, today=today)
        items = todo_items(person, who=who)
        sync_notifications(who, items)
        outcome = send_digest(person, today, items)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
