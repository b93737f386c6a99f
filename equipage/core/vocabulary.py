"""Shared vocabulary every app may import: it imports nothing from the project."""

from django.db import models


class Severity(models.TextChoices):
    """How serious a vigilance finding is."""

    BLOCKING = "bloquant", "Bloquant"
    WATCH = "a_surveiller", "À surveiller"
    INFO = "information", "Information"


SEVERITY_ORDER: dict[str, int] = {Severity.BLOCKING: 0, Severity.WATCH: 1, Severity.INFO: 2}


class Area(models.TextChoices):
    """The area of practice a vigilance rule belongs to (see `equipage/checks/levels.py`)."""

    ORGANISATION = "organisation", "Organisation"
    VALUE = "pilotage_valeur", "Pilotage par la valeur"
    DELIVERY = "livraison", "Livraison"
    COMPLIANCE = "conformite", "Conformité"
    TRANSPARENCY = "transparence", "Transparence"


class Level(models.TextChoices):
    """A level of practice: each rule belongs to one of the three reached levels; a product failing
    the socle has reached none (`NONE`)."""

    NONE = "aucun", "Non atteint"
    FOUNDATION = "socle", "Socle"
    PRACTICES = "pratiques", "Pratiques"
    EXEMPLARY = "exemplaire", "Exemplaire"


# The levels a rule may belong to, from the first to reach to the last.
RULE_LEVELS: tuple[Level, ...] = (Level.FOUNDATION, Level.PRACTICES, Level.EXEMPLARY)
LEVEL_RANK: dict[str, int] = {Level.NONE: 0, Level.FOUNDATION: 1, Level.PRACTICES: 2, Level.EXEMPLARY: 3}
