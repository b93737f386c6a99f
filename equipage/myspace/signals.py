"""At sign-in, the account's notifications are brought up to date (the daily job does it for everyone)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone


@receiver(user_logged_in, dispatch_uid="myspace-notifications-at-sign-in")
def notify_at_sign_in(sender, request, user, **kwargs) -> None:
    from equipage.core.todo import Who

    from .notifications import sync_notifications
    from .selectors import person_of

    person = person_of(user)
    if person is not None:
        sync_notifications(Who(person=person, today=timezone.localdate()))
