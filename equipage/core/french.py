"""French typography for sentences built from data: elisions, dates, numbers and percentages.

One helper each, used by templates (filters of the ``ui`` library), messages and exports, so that a
product called « Atlas » reads « d’Atlas », the first of the month « 1er », two hundred thousand
« 200 000 » and a rate « 72,5 % » everywhere. Bottom layer: imports nothing from the apps.
"""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from equipage.core import formats

APOSTROPHE = "’"
NBSP = "\u00a0"  # before « % », between a number and its unit
THOUSANDS = "\u00a0"  # the French locale's thousands separator (Django's `fr` formats)

# Words whose h is aspirated: no elision before them (« de Hugo » is elided, « de haut » is not).
ASPIRATED_H = {
    "hache", "haie", "haine", "hall", "halte", "hameau", "hamac", "hanche", "handicap", "hangar", "hanter",
    "harcèlement", "hardi", "hareng", "haricot", "harpe", "hasard", "hâte", "hausse", "haut", "haute", "hauteur",
    "havre", "hérisson", "héros", "hêtre", "hibou", "hiérarchie", "hockey", "hollande", "homard", "honte",
    "hors", "houblon", "housse", "huit", "hurler", "hutte",
}  # fmt: skip
# Article or preposition → its elided form.
ELIDABLE = {"de": "d", "le": "l", "la": "l", "que": "qu", "ne": "n", "je": "j", "se": "s", "me": "m", "te": "t"}


def _bare(word: str) -> str:
    """The word in lower case without accents (« Émilie » → « emilie »)."""
    decomposed = unicodedata.normalize("NFD", word.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def starts_with_vowel_sound(text: str) -> bool:
    """Does the text begin with a vowel or a mute h, so that « de », « le », « que »… elide before it?"""
    words = str(text).strip().lstrip("«“\"'( \u00a0\u202f").split()
    if not words:
        return False
    first = words[0]
    bare = _bare(first)
    if not bare:
        return False
    letter = bare[0]
    if letter in "aeiou":
        return True
    if letter == "y":  # « d’Yves », but « de Yann », « de yaourt »
        return len(bare) > 1 and bare[1] not in "aeiou"
    if letter == "h":
        word = _bare(first.strip(".,;:!?’'"))
        return word not in {_bare(w) for w in ASPIRATED_H} and not any(
            word.startswith(_bare(w)) for w in ASPIRATED_H if len(w) > 4
        )
    return False


def elide(article: str, text) -> str:
    """« de » + « Atlas » → « d’Atlas »; « le » + « Émilie » → « l’Émilie »; « de » + « Mon parcours » unchanged."""
    text = str(text)
    key = article.lower()
    if key in ELIDABLE and starts_with_vowel_sound(text):
        elided = ELIDABLE[key]
        if article[:1].isupper():
            elided = elided.capitalize()
        return f"{elided}{APOSTROPHE}{text}"
    return f"{article} {text}"


def de(text) -> str:
    """« de Mon parcours emploi », « d’Atlas », « d’Émilie Colin »."""
    return elide("de", text)


def le(text, article: str = "le") -> str:
    """« le rôle » / « l’équipe »: the article (``le`` or ``la``) elided when needed."""
    return elide(article or "le", text)


def agree(word: str, *, feminine: bool = False, plural: bool = False) -> str:
    """A regular adjective or past participle agreed in gender and number (« suivi » → « suivie », « suivis »)."""
    if feminine and not word.endswith("e"):
        word += word[-1] + "e" if word.endswith(("el", "en", "on", "et")) else "e"
    if plural and not word.endswith(("s", "x")):
        word += "s"
    return word


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 produit », « 2 produits », « 0 produit » (French: 0 and 1 take the singular)."""
    word = singular if abs(count) < 2 else (plural_form or f"{singular}s")
    return f"{number(count)} {word}"


# --- Dates and numbers: written by equipage.core.formats (one helper each), wrapped for templates ---


def date(value, year: bool = True) -> str:
    """« 1er septembre 2024 », « 15 octobre 2024 »; empty for no date."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        return str(value)
    text = formats.long_date(value)
    return text if year else text.rsplit(" ", 1)[0]


def date_time(value, seconds: bool = False) -> str:
    """« 1er décembre 2026 à 01:28 » (local time), « … à 01:28:09 » with seconds; empty for no date.
    Django's « j F Y à H:i » would write « 1 décembre »."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return date(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return (
        f"{formats.long_date(value.date())} à {value:%H:%M:%S}"
        if seconds
        else f"{formats.long_date(value.date())} à {value:%H:%M}"
    )


def weekday_date(value) -> str:
    """« mardi 1er décembre 2026 »; empty for no date."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.weekday_date(value)


def month_short(value: datetime.date, year: bool = True) -> str:
    """« sept. 2024 », « juil. 2025 »: a month abbreviated without ambiguity, for chart labels."""
    return formats.short_month(value, year=year)


def number(value, decimals: int | None = None) -> str:
    """« 200 000 », « 20,7 », « 1 234,56 »: French grouping and decimal comma, no trailing zeros.

    ``decimals`` rounds to at most that many decimal places; without it every significant decimal
    is kept. Anything that is not a number is returned as text, unchanged.
    """
    if type(value) is int:  # the common case (counts in long tables): no Decimal, no locale lookup
        return f"{value:,}".replace(",", THOUSANDS)
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    if decimals is None:
        exponent = amount.normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.format_number(amount, decimals)


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def percent(value, decimals: int = 1) -> str:
    """« 72,5 % », « 100 % », « 33,3 % »: one rounding rule for every rate shown."""
    text = number(value, decimals)
    return f"{text}{NBSP}%" if text else ""


def decimal_comma(value) -> str:
    """A number with a decimal comma and no grouping, for spreadsheet CSV cells (« 1234,5 »)."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    amount = amount.normalize()
    if amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    return f"{amount:f}".replace(".", ",")
