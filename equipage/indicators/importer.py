"""Import of measurements from a spreadsheet: CSV (any separator, any usual encoding), XLSX or ODS.
One file may hold one or several indicators.

Files are read by `equipage.core.spreadsheets` through libraries (charset-normalizer, ftfy, csv.Sniffer,
openpyxl, odfpy). A file none of them can read is refused in French, never with an error 500.

Each row is checked by `validation.MeasurementChecker`, the same checker as the form and the API. A file is
checked whole before anything is written: any bad line refuses the file, with every problem listed by line
and column. A good file is first previewed (`preview_rows`: per indicator, how many values are added,
corrected or unchanged, and their range against the previous one), then written in one transaction once
the user confirms. A measurement already recorded for the same indicator and period is left alone when its
value is the same, and corrected (history keeps the old value) when it differs, so importing the same file
twice duplicates nothing.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from equipage.checks.store import mark_stale
from equipage.core import spreadsheets
from equipage.core.formats import DATE_FORMATS_HELP
from equipage.core.french import number
from equipage.registry.models import Product

from .models import Indicator, Measurement, Origin
from .validation import CheckedRow, MeasurementChecker, describe_range, far_outside, is_blank

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
MAX_LISTED_PROBLEMS = 200

# Accepted column headings (compared without case, accents, spaces or punctuation) and what they mean.
COLUMNS = {
    "indicator": ("indicateur", "codeindicateur", "code", "indicator"),
    "date": ("date", "periode", "dateouperiode", "datedemesure", "debutdeperiode", "jour", "mois"),
    "value": ("valeur", "value", "mesure"),
    "comment": ("commentaire", "commentaires", "comment", "note"),
}
COLUMN_LABELS = {"indicator": "indicateur", "date": "date", "value": "valeur", "comment": "commentaire"}
ACCEPTED_DATE_FORMATS = DATE_FORMATS_HELP

# Kept for the callers that name rows the importer's way.
ParsedRow = CheckedRow


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        if not where:
            return self.message
        prefix = ", ".join(where)
        return f"{prefix[0].upper()}{prefix[1:]} : {self.message}"


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = problems


def _refused(message: str) -> ImportRefused:
    return ImportRefused([Problem(None, "", message)])


@dataclass
class ImportResult:
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    indicators: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.corrected + self.unchanged


def _normalise(heading) -> str:
    text = unicodedata.normalize("NFKD", str(heading or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


HEADINGS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}


# --- Reading the file into rows of cells (equipage.core.spreadsheets) ---------------------------------


def _split_decimal(cells: list, header: list, positions: dict[str, int]) -> bool:
    """A row like `code,01/05/2018,12,5` in a comma-separated file: 12,5 read as two cells."""
    extra = [cell for cell in cells[len(header) :] if not is_blank(cell)]
    if extra:
        return True
    value_index, comment_index = positions.get("value"), positions.get("comment")
    if value_index is None or comment_index != value_index + 1 or comment_index >= len(cells):
        return False
    value, comment = str(cells[value_index]).strip(), str(cells[comment_index]).strip()
    return value.lstrip("-").isdigit() and comment.isdigit()


def _refusal(error: spreadsheets.UnreadableFile) -> ImportRefused:
    return ImportRefused([Problem(error.line, "", error.message)])


def _refusing(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    try:
        yield from rows
    except spreadsheets.UnreadableFile as error:
        raise _refusal(error) from error


def decode_text(data: bytes) -> str:
    try:
        return spreadsheets.decode_text(data)
    except spreadsheets.UnreadableFile as error:
        raise _refusal(error) from error


def read_rows(filename: str, data: bytes) -> Iterator[tuple[int, list]]:
    try:
        rows = spreadsheets.read_rows(filename, data)
    except spreadsheets.UnreadableFile as error:
        raise _refusal(error) from error
    return _refusing(rows)


# --- Checking ------------------------------------------------------------------------------------------


@dataclass
class ParsedFile:
    rows: list[CheckedRow]
    ignored_columns: list[str]

    @property
    def moved_dates(self) -> int:
        return sum(1 for row in self.rows if row.date_moved)


def parse_file(
    product: Product,
    filename: str,
    data: bytes,
    default_indicator: Indicator | None = None,
    today: datetime.date | None = None,
) -> ParsedFile:
    """Every row of the file checked against the product's indicators; ImportRefused lists every problem."""
    if len(data) > MAX_BYTES:
        raise _refused(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : découpez-le.")
    if not data.strip():
        raise _refused("Le fichier est vide.")
    rows = read_rows(filename, data)
    header_line, header = next(((line, cells) for line, cells in rows if any(not is_blank(c) for c in cells)), (0, []))
    if not header:
        raise _refused("Le fichier ne contient aucune ligne.")

    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for index, heading in enumerate(header):
        key = HEADINGS.get(_normalise(heading))
        if key is None:
            if not is_blank(heading):
                ignored.append(str(heading).strip())
            continue
        if key in positions:
            problems.append(Problem(header_line, str(heading), "cette colonne apparaît deux fois."))
        positions.setdefault(key, index)
    for key in ("date", "value"):
        if key not in positions:
            problems.append(
                Problem(header_line, "", f"la colonne « {COLUMN_LABELS[key]} » manque dans la ligne d’en-tête.")
            )
    if "indicator" not in positions and default_indicator is None:
        problems.append(
            Problem(
                header_line,
                "",
                "la colonne « indicateur » manque : ajoutez-la (code ou nom de l’indicateur), ou choisissez "
                "l’indicateur dans le formulaire d’import.",
            )
        )
    if problems:
        raise ImportRefused(problems)

    checker = MeasurementChecker(
        Indicator.objects.filter(product=product), default_indicator=default_indicator, today=today
    )

    def column(key: str) -> str:
        index = positions.get(key)
        if index is None:
            return ""
        return f"{str(header[index]).strip() or COLUMN_LABELS[key]} ({get_column_letter(index + 1)})"

    parsed: list[CheckedRow] = []
    count = 0
    for line, cells in rows:
        if all(is_blank(cell) for cell in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportRefused([Problem(line, "", f"le fichier dépasse {number(MAX_ROWS)} lignes : découpez-le.")])

        def cell(key: str, cells=cells):
            index = positions.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        row_problems: list[Problem] = []
        if _split_decimal(cells, header, positions):
            row_problems.append(
                Problem(
                    line,
                    "",
                    "la valeur semble coupée en deux par une virgule décimale dans un fichier séparé par des "
                    'virgules : mettez la valeur entre guillemets ("12,5") ou séparez les colonnes par « ; ».',
                )
            )
        row, errors = checker.check(
            line, indicator=cell("indicator"), date=cell("date"), value=cell("value"), comment=cell("comment")
        )
        row_problems += [Problem(line, column(error.field or ""), error.message) for error in errors]
        if row_problems:
            problems.extend(row_problems)
        elif row is not None:
            parsed.append(row)
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise _refused("Le fichier ne contient aucune mesure sous sa ligne d’en-tête.")
    return ParsedFile(parsed, ignored)


# --- Preview, then writing ----------------------------------------------------------------------------


def _existing(rows: list[CheckedRow], *, lock: bool = False) -> dict[tuple[int, datetime.date], Measurement]:
    indicator_ids = {row.indicator.pk for row in rows}
    queryset = Measurement.objects.filter(
        indicator_id__in=indicator_ids,
        date__gte=min(row.date for row in rows),
        date__lte=max(row.date for row in rows),
    )
    if lock:
        queryset = queryset.select_for_update()
    return {(m.indicator_id, m.date): m for m in queryset}


def _changes(row: CheckedRow, current: Measurement | None) -> str:
    """« added », « corrected » or « unchanged »: what writing the row would do."""
    if current is None:
        return "added"
    comment = row.comment or current.comment
    if current.value == row.value and current.comment == comment and not current.withdrawn:
        return "unchanged"
    return "corrected"


@dataclass
class IndicatorPreview:
    indicator: Indicator
    added: int = 0
    corrected: int = 0
    unchanged: int = 0
    low: Decimal | None = None
    high: Decimal | None = None
    previous_low: Decimal | None = None
    previous_high: Decimal | None = None
    far: list[CheckedRow] = field(default_factory=list)

    @property
    def range(self) -> str:
        return describe_range(self.low, self.high, self.indicator)

    @property
    def previous_range(self) -> str:
        return describe_range(self.previous_low, self.previous_high, self.indicator)


@dataclass
class ImportPreview:
    indicators: list[IndicatorPreview]
    moved_dates: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(item.added for item in self.indicators)

    @property
    def corrected(self) -> int:
        return sum(item.corrected for item in self.indicators)

    @property
    def unchanged(self) -> int:
        return sum(item.unchanged for item in self.indicators)

    @property
    def warnings(self) -> int:
        return sum(len(item.far) for item in self.indicators)


def preview_rows(parsed: ParsedFile) -> ImportPreview:
    """What the import would do, per indicator, without writing anything: two queries."""
    rows = parsed.rows
    existing = _existing(rows)
    ranges = {
        item["indicator_id"]: (item["low"], item["high"])
        for item in Measurement.objects.valid()
        .filter(indicator_id__in={row.indicator.pk for row in rows})
        .values("indicator_id")
        .annotate(low=Min("value"), high=Max("value"))
    }
    by_indicator: dict[int, IndicatorPreview] = {}
    for row in rows:
        item = by_indicator.get(row.indicator.pk)
        if item is None:
            previous_low, previous_high = ranges.get(row.indicator.pk, (None, None))
            item = by_indicator[row.indicator.pk] = IndicatorPreview(
                row.indicator, previous_low=previous_low, previous_high=previous_high
            )
        change = _changes(row, existing.get((row.indicator.pk, row.date)))
        setattr(item, change, getattr(item, change) + 1)
        item.low = row.value if item.low is None else min(item.low, row.value)
        item.high = row.value if item.high is None else max(item.high, row.value)
        if far_outside(row.value, item.previous_low, item.previous_high):
            item.far.append(row)
    indicators = sorted(by_indicator.values(), key=lambda item: item.indicator.name.casefold())
    return ImportPreview(indicators, parsed.moved_dates, parsed.ignored_columns)


def write_rows(rows: list[CheckedRow], *, user, origin: str = Origin.IMPORT, reason: str = "") -> ImportResult:
    """Create or correct the measurements of checked rows, in one transaction."""
    result = ImportResult()
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = _existing(rows, lock=True)
            to_create, to_update = [], []
            for row in rows:
                current = existing.get((row.indicator.pk, row.date))
                change = _changes(row, current)
                if change == "added":
                    to_create.append(
                        Measurement(
                            indicator=row.indicator,
                            date=row.date,
                            value=row.value,
                            comment=row.comment,
                            origin=origin,
                            created_at=now,
                        )
                    )
                elif change == "unchanged":
                    result.unchanged += 1
                else:
                    current.value, current.comment = row.value, row.comment or current.comment
                    current.withdrawn, current.updated_at = False, now
                    to_update.append(current)
            if to_create:
                bulk_create_with_history(
                    to_create, Measurement, batch_size=1000, default_user=user, default_change_reason=reason
                )
            if to_update:
                bulk_update_with_history(
                    to_update,
                    Measurement,
                    ["value", "comment", "withdrawn", "updated_at"],
                    batch_size=1000,
                    default_user=user,
                    default_change_reason=reason,
                )
            # Bulk writes send no signal: the products' findings (stale indicators) are refreshed here.
            mark_stale({row.indicator.product_id for row in rows})
    except IntegrityError as error:  # the same measurements sent at the same moment by someone else
        raise _refused("Des mesures ont été enregistrées en même temps par ailleurs : relancez l’import.") from error
    result.created, result.corrected = len(to_create), len(to_update)
    result.indicators = sorted({row.indicator.name for row in rows})
    return result


def import_file(
    product: Product, filename: str, data: bytes, *, user, default_indicator: Indicator | None = None
) -> ImportResult:
    """Check and write a file at once (the page previews first, then calls this on confirmation)."""
    parsed = parse_file(product, filename, data, default_indicator)
    result = write_rows(parsed.rows, user=user, reason=f"Import du fichier « {filename[:80]} »")
    result.ignored_columns = parsed.ignored_columns
    return result


TEMPLATE_HEADER = ["indicateur", "date", "valeur", "commentaire"]


def template_rows(indicators: list[Indicator], today: datetime.date) -> list[list[str]]:
    rows = [TEMPLATE_HEADER]
    examples = indicators[:3] or [None]
    for offset, indicator in enumerate(examples):
        code = indicator.code if indicator else "code-de-l-indicateur"
        day = today.replace(day=1) - datetime.timedelta(days=1 + 31 * offset)
        rows.append([code, f"{day.replace(day=1):%d/%m/%Y}", "1234,5" if offset == 0 else "98,2", ""])
    rows[1][3] = "Exemple : une valeur par indicateur et par date."
    return rows
