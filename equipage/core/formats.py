"""French numbers and dates, read and written the same way everywhere (forms, imports, API, charts).

Bottom layer: every app may import this module; it imports nothing from the project.

Reading accepts what people type or what spreadsheets export: « 1 234,5 », « 1.234,5 », « 12.5 »,
« 45 % », « 31/01/2026 », « 2026-01-31 », « 01/2026 ». Writing follows the French typography:
« 1 234,5 » (narrow no-break space), « 1er octobre 2026 », « janv. 2026 ».
"""

from __future__ import annotations

import datetime
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, translation

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# The abbreviations of the French typographic tradition (Imprimerie nationale): never « Jui » for both
# juin and juillet.
MONTH_ABBREVIATIONS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+Z-]*)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")

DATE_FORMATS_HELP = [
    ("JJ/MM/AAAA", "31/01/2026"),
    ("AAAA-MM-JJ (ISO 8601)", "2026-01-31"),
    ("MM/AAAA ou AAAA-MM, pour un mois (le 1er du mois est retenu)", "01/2026"),
]


def parse_decimal(value) -> Decimal:
    """A number written the French way (12,5 ; 1 234,5 ; 1.234,5) or the English way (12.5 ; 1,234.5).

    Raises ValueError with a French message. A trailing « % » or « € » is ignored."""
    if isinstance(value, bool):
        raise ValueError(f"« {value} » n’est pas un nombre.")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation as error:
            raise ValueError(f"« {value} » n’est pas un nombre.") from error
    else:
        original = str(value).strip()
        text = _SPACES.sub("", original).removesuffix("%").removesuffix("€")
        if _PLAIN.fullmatch(text):
            text = text.replace(",", ".")
        elif _DOT_THOUSANDS.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")
        elif _COMMA_THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        else:
            raise ValueError(f"« {original} » n’est pas un nombre (exemples acceptés : 12 ; 12,5 ; 1 234,5).")
        number = Decimal(text)
    if not number.is_finite():
        raise ValueError(f"« {value} » n’est pas un nombre.")
    return number


def parse_date(value) -> datetime.date:
    """A date as JJ/MM/AAAA, AAAA-MM-JJ, MM/AAAA or AAAA-MM (a month: its first day), or a date object.

    Raises ValueError with a French message."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal):
        raise ValueError(f"« {value} » n’est pas une date : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")
    text = str(value).strip()
    try:
        if match := _DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := _ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := _ISO_MONTH.fullmatch(text):
            year, month = (int(part) for part in match.groups())
            return datetime.date(year, month, 1)
        if match := _MONTH_YEAR.fullmatch(text):
            month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, 1)
    except ValueError as error:
        raise ValueError(f"« {text} » n’est pas une date qui existe.") from error
    if _SHORT_YEAR.fullmatch(text):
        raise ValueError(f"« {text} » : écrivez l’année sur quatre chiffres (JJ/MM/AAAA).")
    raise ValueError(f"« {text} » n’est pas une date : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")


def format_number(value: Decimal | float | int | None, places: int = 2) -> str:
    """A number as read in French: « 1 234,5 », rounded to `places` decimals, without trailing zeros.

    Written by hand rather than through `django.utils.formats.number_format` (same separators, same output):
    a page of charts formats more than a thousand numbers, and Django's general path costs ten times more."""
    if value is None:
        return "—"
    number = value if type(value) is Decimal else Decimal(str(value))
    text = format(number.quantize(_quantum(places), rounding=ROUND_HALF_UP), "f")
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0")
    if not decimals and whole == "0":
        sign = ""  # « 0 », never « -0 »
    decimal_separator, thousand_separator, grouping = _number_style(translation.get_language())
    if grouping == 3:
        whole = f"{int(whole):,}".replace(",", thousand_separator)
    elif grouping:  # an uncommon grouping: Django's own rules
        whole = formats.number_format(Decimal(whole), decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{sign}{whole}{decimal_separator}{decimals}" if decimals else f"{sign}{whole}"


@functools.cache
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


@functools.cache
def _number_style(language: str | None) -> tuple[str, str, int | tuple]:
    """The decimal and thousand separators and the grouping of a language (its Django formats)."""
    grouping = formats.get_format("NUMBER_GROUPING", language)
    return (
        formats.get_format("DECIMAL_SEPARATOR", language),
        formats.get_format("THOUSAND_SEPARATOR", language),
        grouping if isinstance(grouping, int) else tuple(grouping),
    )


def long_date(day: datetime.date) -> str:
    """« 1er octobre 2026 », « 15 novembre 2026 »."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def weekday_date(day: datetime.date) -> str:
    """« mardi 1er décembre 2026 »."""
    return f"{WEEKDAYS[day.weekday()]} {long_date(day)}"


def month_year(day: datetime.date) -> str:
    """« novembre 2026 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def short_month(day: datetime.date, *, year: bool = True) -> str:
    """« juin 2026 », « juil. 2026 » — unambiguous abbreviations for chart axes."""
    label = MONTH_ABBREVIATIONS[day.month - 1]
    return f"{label} {day.year}" if year else label


def short_date(day: datetime.date) -> str:
    """« 1er juil. », « 15 sept. » — a day on a chart axis."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTH_ABBREVIATIONS[day.month - 1]}"
