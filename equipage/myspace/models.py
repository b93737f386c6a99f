"""Notifications shown in the page header, and the record of each digest e-mail claimed for a period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationKind(models.TextChoices):
    BLOCKING = "bloquant", "Nouveau point bloquant"
    DEADLINE = "echeance", "Échéance proche"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something new for an account: a blocking finding on one of its products, a deadline within a week.

    Created once per `key` (the finding or the deadline it tells of), whatever the number of runs; read
    ones are kept (nothing a user would miss is deleted).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("type", max_length=10, choices=NotificationKind.choices)
    key = models.CharField("clé", max_length=255)
    title = models.CharField("titre", max_length=300)
    detail = models.TextField("détail", blank=True)
    url = models.CharField("lien", max_length=500, blank=True)
    product_name = models.CharField("produit", max_length=200, blank=True)
    due = models.DateField("échéance", null=True, blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title


class DigestRun(models.Model):
    """The digest of one person for one period (« 2026-S48 », « 2026-11-30 »), claimed before it is sent.

    The unique (person, period) constraint is what keeps two instances of the daily job from sending it
    twice: the one whose insert succeeds sends, the other skips.
    """

    person = models.ForeignKey("people.Person", verbose_name="personne", on_delete=models.CASCADE, related_name="+")
    period = models.CharField("période", max_length=12)
    claimed_at = models.DateTimeField("réservé le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    item_count = models.PositiveIntegerField("éléments", default=0)

    class Meta:
        verbose_name = "résumé envoyé"
        verbose_name_plural = "résumés envoyés"
        ordering = ["-claimed_at"]
        constraints = [models.UniqueConstraint(fields=["person", "period"], name="digest_once_per_period")]

    def __str__(self) -> str:
        return f"{self.person_id} — {self.period}"
