"""Shared vocabulary every app may import: it imports nothing from the project."""

from django.db import models


class Severity(models.TextChoices):
    """How serious a vigilance finding is."""

    BLOCKING = "bloquant", "Bloquant"
    WATCH = "a_surveiller", "À surveiller"
    INFO = "information", "Information"


SEVERITY_ORDER: dict[str, int] = {Severity.BLOCKING: 0, Severity.WATCH: 1, Severity.INFO: 2}
