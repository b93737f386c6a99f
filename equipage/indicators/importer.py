"""Import of measurements from a spreadsheet: CSV (any separator, any usual encoding), XLSX or ODS.
One file may hold one or several indicators.

Files are read through libraries: charset-normalizer finds a CSV's encoding (ftfy undoes UTF-8 text once
decoded with the wrong table), the standard library's csv.Sniffer finds its separator, openpyxl reads
XLSX and odfpy reads ODS. A file any of them cannot read is refused in French, never with an error 500.

Each row is checked by `validation.MeasurementChecker`, the same checker as the form and the API. A file is
checked whole before anything is written: any bad line refuses the file, with every problem listed by line
and column. A good file is first previewed (`preview_rows`: per indicator, how many values are added,
corrected or unchanged, and their range against the previous one), then written in one transaction once
the user confirms. A measurement already recorded for the same indicator and period is left alone when its
value is the same, and corrected (history keeps the old value) when it differs, so importing the same file
twice duplicates nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import charset_normalizer
import ftfy
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from ftfy.badness import is_bad
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from equipage.checks.store import mark_stale
from equipage.core.formats import DATE_FORMATS_HELP
from equipage.registry.models import Product

from .models import Indicator, Measurement, Origin
from .validation import CheckedRow, MeasurementChecker, describe_range, far_outside, is_blank

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
MAX_XML_BYTES = 50 * 1024 * 1024
MAX_LISTED_PROBLEMS = 200
ODS_MAX_COLUMNS = 64
SNIFF_LINES = 20
# Encodings a French spreadsheet is saved in, besides UTF-8: charset-normalizer chooses among them.
TEXT_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16"]

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


# --- Reading the file into rows of cells -------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode a CSV file: UTF-8 (with or without BOM) first, else the encoding charset-normalizer finds among
    those French spreadsheets use. UTF-8 text once decoded with the wrong table is repaired (ftfy); text that
    stays garbled, or bytes that are not text, are refused."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-16") if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data, cp_isolation=TEXT_ENCODINGS).best()
            if best is None:
                raise _refused(
                    "Ce fichier n’est pas un fichier texte CSV lisible : enregistrez-le en « CSV UTF-8 » depuis "
                    "votre tableur, ou importez-le au format XLSX ou ODS."
                ) from None
            text = str(best)
    if "\x00" in text:
        raise _refused("Ce fichier n’est pas un fichier texte CSV : importez un CSV, un XLSX ou un ODS.")
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text once decoded as Windows-1252, Latin-1 or Mac Roman; refuse it if it cannot be undone."""
    if not is_bad(text):
        return text
    repaired = ftfy.fix_encoding(text)
    if not is_bad(repaired):
        return repaired
    line = next((number for number, part in enumerate(repaired.splitlines(), start=1) if is_bad(part)), None)
    raise ImportRefused(
        [
            Problem(
                line,
                "",
                "le fichier semble mal encodé : des caractères accentués y sont illisibles. "
                "Reprenez le fichier d’origine et enregistrez-le en « CSV UTF-8 », ou importez-le en XLSX ou ODS.",
            )
        ]
    )


def sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect found by the standard library's sniffer on the first lines, or on the heading line
    alone when data lines disagree; `;` (French Excel) when neither tells."""
    lines = text.splitlines()
    sniffer = csv.Sniffer()
    for sample in ("\n".join(lines[:SNIFF_LINES]), lines[0] if lines else ""):
        try:
            return sniffer.sniff(sample, delimiters=";,\t")
        except csv.Error:
            continue

    class FrenchExcel(csv.excel):
        delimiter = ";"

    return FrenchExcel


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


def read_csv(data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=sniff_dialect(text))
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportRefused([Problem(reader.line_num, "", f"ligne CSV illisible ({error}).")]) from error


def read_xlsx(data: bytes) -> Iterator[tuple[int, list]]:
    """The first sheet of an Excel workbook, read with openpyxl."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(row)
    finally:
        workbook.close()


def _ods_cell_value(cell):
    from odf import teletype
    from odf.namespaces import OFFICENS
    from odf.text import P

    kind = cell.getAttrNS(OFFICENS, "value-type")
    text = "\n".join(teletype.extractText(paragraph) for paragraph in cell.getElementsByType(P))
    if kind in ("float", "percentage", "currency"):
        try:
            return Decimal(cell.getAttrNS(OFFICENS, "value"))
        except (ArithmeticError, TypeError, ValueError):
            return text  # a malformed cell: its displayed text is checked like any other
    if kind == "date":
        return cell.getAttrNS(OFFICENS, "date-value") or text
    return text or None


def _repeat(cell_or_row, attribute: str) -> int:
    from odf.namespaces import TABLENS

    try:
        return max(1, int(cell_or_row.getAttrNS(TABLENS, attribute) or 1))
    except ValueError:
        return 1


def read_ods(data: bytes) -> Iterator[tuple[int, list]]:
    """The first sheet of an OpenDocument spreadsheet, read with odfpy (its XML parser refuses entity bombs)."""
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.getinfo("content.xml").file_size > MAX_XML_BYTES:
            raise _refused("Le classeur ODS est trop volumineux : découpez-le.")
    document = load(io.BytesIO(data))
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        return
    cell_names = {(TABLENS, "table-cell"), (TABLENS, "covered-table-cell")}
    line = 1
    for row in tables[0].getElementsByType(TableRow):
        repeat = _repeat(row, "number-rows-repeated")
        cells: list = []
        for cell in row.childNodes:
            if cell.qname not in cell_names:
                continue
            times = min(_repeat(cell, "number-columns-repeated"), max(0, ODS_MAX_COLUMNS - len(cells)))
            if times:
                cells.extend([_ods_cell_value(cell)] * times)
        if any(not is_blank(value) for value in cells):
            for _ in range(min(repeat, MAX_ROWS + 1)):
                yield line, cells
                line += 1
        else:
            line += repeat


def _guarded(rows: Iterator[tuple[int, list]], refusal: str) -> Iterator[tuple[int, list]]:
    """Whatever a reading library raises on a malformed file becomes a French refusal, never an error 500."""
    try:
        yield from rows
    except ImportRefused:
        raise
    except Exception as error:  # any library's error on a bad file
        raise _refused(refusal) from error


UNREADABLE_XLSX = "Le classeur XLSX est illisible : enregistrez-le à nouveau depuis votre tableur."
UNREADABLE_ODS = "Le classeur ODS est illisible : enregistrez-le à nouveau depuis votre tableur."


def read_rows(filename: str, data: bytes) -> Iterator[tuple[int, list]]:
    name = filename.lower()
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused("Le format XLS (Excel 97-2003) n’est pas accepté : enregistrez en XLSX, ODS ou CSV.")
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode("ascii", "ignore") if "mimetype" in names else ""
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
            raise _refused(
                "Le fichier est une archive illisible : enregistrez-le à nouveau depuis votre tableur."
            ) from error
        if "opendocument.spreadsheet" in mimetype or (name.endswith(".ods") and "content.xml" in names):
            return _guarded(read_ods(data), UNREADABLE_ODS)
        if "xl/workbook.xml" in names or name.endswith(".xlsx"):
            return _guarded(read_xlsx(data), UNREADABLE_XLSX)
        raise _refused("Ce fichier n’est ni un CSV, ni un classeur XLSX ou ODS.")
    if name.endswith((".xlsx", ".ods")):
        raise _refused(f"Ce fichier n’est pas un classeur {name.rsplit('.', 1)[1].upper()} : enregistrez-le à nouveau.")
    return read_csv(data)


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
            raise ImportRefused([Problem(line, "", f"le fichier dépasse {MAX_ROWS} lignes : découpez-le.")])

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
