"""One validator for a measurement, whatever brings it: the form, a file import or the API.

`MeasurementChecker.check` takes the raw values of one measurement (text from a file, JSON from the
API, cleaned form values) and returns either a checked row or the problems, by field, in French:

- the indicator is found only by its exact code or exact name (case and accents aside); anything else
  is refused with the nearest candidates named;
- the date is read with `equipage.core.formats.parse_date`, may not lie in the future, and is brought
  back to the first day of the indicator's period (a monthly value dated the 15th is the month's);
- the value is read with `equipage.core.formats.parse_decimal` and must fit the database column;
- two rows of the same batch may not measure the same indicator for the same period.
"""

from __future__ import annotations

import datetime
import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from equipage.core.formats import format_number, long_date, parse_date, parse_decimal
from equipage.core.validators import describe_character, forbidden_character

from .models import MAX_ABS_VALUE, VALUE_DECIMALS, Frequency, Indicator, Measurement

COMMENT_MAX_LENGTH = Measurement._meta.get_field("comment").max_length
MAX_CANDIDATES = 5
STOP_WORDS = {"de", "des", "du", "d'", "la", "le", "les", "l'", "et", "a", "en", "par"}
FIELDS = ("indicator", "date", "value", "comment")


@dataclass(frozen=True)
class FieldError:
    field: str | None
    message: str


@dataclass
class CheckedRow:
    line: int | None
    indicator: Indicator
    date: datetime.date
    value: Decimal
    comment: str
    given_date: datetime.date | None = None

    @property
    def date_moved(self) -> bool:
        return self.given_date is not None and self.given_date != self.date


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def matching_key(text) -> str:
    """Compare names and codes regardless of case, accents, apostrophes and repeated spaces: nothing else."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = text.replace("\u2019", "'").replace("`", "'")
    return " ".join(text.casefold().split())


def measurement_value(raw) -> Decimal:
    """A value read from any input, within the database column's bounds, rounded to its decimals."""
    number = parse_decimal(raw)
    if abs(number) >= MAX_ABS_VALUE:
        raise ValueError(f"« {raw} » est hors des valeurs acceptées.")
    return number.quantize(Decimal(1).scaleb(-VALUE_DECIMALS), rounding=ROUND_HALF_UP)


def period_name(indicator: Indicator, day: datetime.date) -> str:
    """« novembre 2026 », « la semaine du 3 novembre 2026 »… the period a measurement covers."""
    from equipage.core.formats import month_year

    if indicator.frequency == Frequency.MONTHLY:
        return month_year(day)
    if indicator.frequency == Frequency.QUARTERLY:
        return f"le {(day.month - 1) // 3 + 1}{'er' if day.month < 4 else 'e'} trimestre {day.year}"
    if indicator.frequency == Frequency.YEARLY:
        return f"l’année {day.year}"
    if indicator.frequency == Frequency.WEEKLY:
        return f"la semaine du {long_date(day)}"
    return f"le {long_date(day)}"


class IndicatorResolver:
    """Finds a product's indicator by its exact code or exact name, case and accents aside."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.indicators = list(indicators)
        self.by_code = {matching_key(indicator.code): indicator for indicator in self.indicators}
        self.by_name: dict[str, Indicator] = {}
        for indicator in self.indicators:
            self.by_name.setdefault(matching_key(indicator.name), indicator)

    def __call__(self, value) -> Indicator | None:
        key = matching_key(value)
        return self.by_code.get(key) or self.by_name.get(key)

    def candidates(self, value) -> list[Indicator]:
        """The indicators whose code or name is close to `value`, nearest first."""
        key = matching_key(value)
        keys = {**self.by_name, **self.by_code}
        close = difflib.get_close_matches(key, list(keys), n=MAX_CANDIDATES * 2, cutoff=0.5)
        words = set(key.replace("-", " ").split()) - STOP_WORDS
        close += [other for other in keys if other not in close and words & set(other.replace("-", " ").split())]
        found: list[Indicator] = []
        for other in close:
            if keys[other] not in found:
                found.append(keys[other])
        return found[:MAX_CANDIDATES]

    def unknown_message(self, value) -> str:
        text = f"aucun indicateur de ce produit n’a pour code ou nom exact « {value} »."
        candidates = self.candidates(value)
        if candidates:
            named = ", ".join(f"« {i.name} » (code {i.code})" for i in candidates)
            text += f" Indicateurs proches : {named}. Écrivez le code ou le nom exact."
        elif self.indicators:
            codes = ", ".join(i.code for i in self.indicators[:10])
            text += f" Codes de ce produit : {codes}{'…' if len(self.indicators) > 10 else ''}."
        else:
            text += " Ce produit n’a encore aucun indicateur."
        return text


class MeasurementChecker:
    """Checks measurements one by one, remembering the batch's rows to refuse a period given twice."""

    def __init__(
        self,
        indicators: Iterable[Indicator],
        *,
        default_indicator: Indicator | None = None,
        today: datetime.date | None = None,
        describe: Callable[[int], str] = lambda line: f"ligne {line}",
    ):
        self.resolve = IndicatorResolver(indicators)
        self.default_indicator = default_indicator
        self.today = today or timezone.localdate()
        self.describe = describe
        self.seen: dict[tuple[int, datetime.date], int | None] = {}

    def check(
        self, line: int | None, *, indicator=None, date=None, value=None, comment=None
    ) -> tuple[CheckedRow | None, list[FieldError]]:
        errors: list[FieldError] = []
        found = self.default_indicator
        if not is_blank(indicator):
            if isinstance(indicator, Indicator):
                found = indicator
            else:
                found = self.resolve(indicator)
                if found is None:
                    errors.append(FieldError("indicator", self.resolve.unknown_message(indicator)))
        elif found is None:
            errors.append(FieldError("indicator", "l’indicateur est vide."))

        day = given = None
        if is_blank(date):
            errors.append(FieldError("date", "la date est vide."))
        else:
            try:
                given = parse_date(date)
            except ValueError as error:
                errors.append(FieldError("date", str(error)))
            else:
                if given > self.today:
                    errors.append(
                        FieldError("date", f"le {long_date(given)} est dans le futur : une mesure porte sur le passé.")
                    )
                elif found is not None:
                    day = found.period_start(given)

        number = None
        if is_blank(value):
            errors.append(FieldError("value", "la valeur est vide."))
        else:
            try:
                number = measurement_value(value)
            except ValueError as error:
                errors.append(FieldError("value", str(error)))

        text = "" if is_blank(comment) else str(comment).strip()
        if bad_char := forbidden_character(text):
            errors.append(
                FieldError("comment", f"le commentaire tient sur une ligne : retirez {describe_character(bad_char)}.")
            )
        elif len(text) > COMMENT_MAX_LENGTH:
            errors.append(FieldError("comment", f"le commentaire dépasse {COMMENT_MAX_LENGTH} caractères."))

        if found is not None and day is not None:
            key = (found.pk, day)
            if key in self.seen:
                previous = self.seen[key]
                where = f" ({self.describe(previous)})" if previous is not None else ""
                errors.append(
                    FieldError(
                        "date",
                        f"« {found.name} » a déjà une valeur pour {period_name(found, day)}{where} : "
                        f"une mesure par période, datée {found.period_start_hint}.",
                    )
                )
            else:
                self.seen[key] = line
        if errors:
            return None, errors
        return CheckedRow(line, found, day, number, text, given), []


def far_outside(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    """A value far outside an indicator's previous range [low, high]: beyond it by more than the range's
    width, or half the largest previous magnitude, whichever is larger (a percentage in a 0–10 score series)."""
    if low is None or high is None:
        return False
    margin = max(high - low, max(abs(low), abs(high)) / 2)
    if margin == 0:
        margin = Decimal(1)
    return value < low - margin or value > high + margin


def describe_range(low, high, indicator: Indicator) -> str:
    if low is None:
        return "—"
    suffix = f"\u202f{indicator.unit_suffix}" if indicator.unit_suffix else ""
    if low == high:
        return f"{format_number(low)}{suffix}"
    return f"{format_number(low)} à {format_number(high)}{suffix}"
