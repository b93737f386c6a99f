"""At sign-in, the account's notifications are brought up to date (the daily job does it for everyone)."""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="myspace-notifications-at-sign-in")
def notify_at_sign_in(sender, request, user, **kwargs) -> None:
    from equipage.core.todo import Who

    from .notifications import sync_notifications
    from .selectors import person_of

    try:
        with transaction.atomic():  # a savepoint: a failure leaves the sign-in's transaction usable
            person = person_of(user)
            if person is not None:
                sync_notifications(Who(person=person, today=timezone.localdate()))
    except Exception:  # a to-do source failing must never keep anyone from signing in
        logger.exception("Notifications of account %s not brought up to date at sign-in", user.pk)
