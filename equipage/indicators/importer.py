"""Import of measurements from a spreadsheet: CSV (`;` or `,`, UTF-8 with or without BOM, or Windows-1252),
XLSX or ODS. One file may hold one or several indicators.

A file is checked whole before anything is written: any bad line refuses the file, with every problem
listed by line and column, in French. A good file is written in one transaction. A measurement already
recorded for the same indicator and date is left alone when its value is the same, and corrected
(history keeps the old value) when it differs, so importing the same file twice duplicates nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree import ElementTree

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from equipage.core.validators import describe_character, forbidden_character
from equipage.registry.models import Product

from .models import MAX_ABS_VALUE, VALUE_DECIMALS, Indicator, Measurement, Origin

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
MAX_XML_BYTES = 100 * 1024 * 1024
MAX_LISTED_PROBLEMS = 200
COMMENT_MAX_LENGTH = Measurement._meta.get_field("comment").max_length

# Accepted column headings (compared without case, accents, spaces or punctuation) and what they mean.
COLUMNS = {
    "indicator": ("indicateur", "codeindicateur", "code", "indicator"),
    "date": ("date", "periode", "dateouperiode", "datedemesure", "debutdeperiode", "jour", "mois"),
    "value": ("valeur", "value", "mesure"),
    "comment": ("commentaire", "commentaires", "comment", "note"),
}
COLUMN_LABELS = {"indicator": "indicateur", "date": "date", "value": "valeur", "comment": "commentaire"}
ACCEPTED_DATE_FORMATS = [
    ("JJ/MM/AAAA", "31/01/2026"),
    ("AAAA-MM-JJ (ISO 8601)", "2026-01-31"),
    ("MM/AAAA ou AAAA-MM, pour un mois (le 1er du mois est retenu)", "01/2026"),
]
# Text that is UTF-8 decoded with the wrong table (Windows-1252, Latin-1 or Mac Roman): « Ã© », « â€™ », « √© ».
MOJIBAKE = re.compile(
    r"Ã[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a\u20ac\u2122]|â€|√[©®†ß¥™Æ¢´ºâ§∂ª¨]|‚Ä"
)


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


@dataclass
class ParsedRow:
    line: int
    indicator: Indicator
    date: datetime.date
    value: Decimal
    comment: str


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


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- Reading the file into rows of cells -------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. Never garbled."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = None
    try:
        if encoding:
            text = data.decode(encoding)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [
                Problem(
                    None,
                    "",
                    f"L’encodage du fichier n’est pas reconnu (octet illisible en position {error.start}). "
                    "Enregistrez-le en « CSV UTF-8 » depuis votre tableur, ou importez-le au format XLSX ou ODS.",
                )
            ]
        ) from error
    if "\x00" in text:
        raise ImportRefused(
            [Problem(None, "", "Ce fichier n’est pas un fichier texte CSV : importez un CSV, un XLSX ou un ODS.")]
        )
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text once decoded as Windows-1252, Latin-1 or Mac Roman; refuse it if it cannot be undone."""
    found = MOJIBAKE.search(text)
    if not found:
        return text
    for encoding in ("cp1252", "mac_roman", "latin-1"):
        try:
            repaired = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if not MOJIBAKE.search(repaired):
            return repaired
    line = text.count("\n", 0, found.start()) + 1
    raise ImportRefused(
        [
            Problem(
                line,
                "",
                f"le fichier semble mal encodé : « {found.group()} » apparaît au lieu d’un caractère accentué. "
                "Reprenez le fichier d’origine et enregistrez-le en « CSV UTF-8 », ou importez-le en XLSX ou ODS.",
            )
        ]
    )


def _split_decimal(cells: list, header: list, positions: dict[str, int]) -> bool:
    """A row like `code,01/05/2018,12,5` in a comma-separated file: 12,5 read as two cells."""
    extra = [cell for cell in cells[len(header) :] if not _is_blank(cell)]
    if extra:
        return True
    value_index, comment_index = positions.get("value"), positions.get("comment")
    if value_index is None or comment_index != value_index + 1 or comment_index >= len(cells):
        return False
    value, comment = str(cells[value_index]).strip(), str(cells[comment_index]).strip()
    return value.lstrip("-").isdigit() and comment.isdigit()


def read_csv(data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count) if any(sep in first_line for sep in ";,\t") else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportRefused([Problem(reader.line_num, "", f"ligne CSV illisible ({error}).")]) from error


def read_xlsx(data: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise ImportRefused(
            [Problem(None, "", "Le classeur XLSX est illisible : enregistrez-le à nouveau depuis votre tableur.")]
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(row)
    finally:
        workbook.close()


ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_T = "{%s}" % ODS_NS["table"]  # noqa: UP031
_O = "{%s}" % ODS_NS["office"]  # noqa: UP031
_TX = "{%s}" % ODS_NS["text"]  # noqa: UP031
ODS_MAX_COLUMNS = 64


def _ods_cell_value(cell):
    kind = cell.get(f"{_O}value-type")
    if kind in ("float", "percentage", "currency"):
        return Decimal(cell.get(f"{_O}value"))
    if kind == "date":
        return cell.get(f"{_O}date-value")
    if kind == "boolean":
        return cell.get(f"{_O}boolean-value")
    paragraphs = ["".join(p.itertext()) for p in cell.iter(f"{_TX}p")]
    return "\n".join(paragraphs) if paragraphs else None


def read_ods(data: bytes) -> Iterator[tuple[int, list]]:
    """The first sheet of an OpenDocument spreadsheet, read with the standard library."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo("content.xml").file_size > MAX_XML_BYTES:
                raise ImportRefused([Problem(None, "", "Le classeur ODS est trop volumineux.")])
            root = ElementTree.fromstring(archive.read("content.xml"))  # noqa: S314 — expat refuses entity bombs
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise ImportRefused(
            [Problem(None, "", "Le classeur ODS est illisible : enregistrez-le à nouveau depuis votre tableur.")]
        ) from error
    table = root.find(".//table:table", ODS_NS)
    if table is None:
        return
    line = 1
    for row in table.iter(f"{_T}table-row"):
        repeat = int(row.get(f"{_T}number-rows-repeated", "1"))
        cells: list = []
        for cell in row:
            if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                continue
            value = _ods_cell_value(cell)
            times = int(cell.get(f"{_T}number-columns-repeated", "1"))
            cells.extend([value] * min(times, max(0, ODS_MAX_COLUMNS - len(cells))))
        if any(value not in (None, "") for value in cells):
            for _ in range(min(repeat, MAX_ROWS)):
                yield line, cells
                line += 1
        else:
            line += repeat


def read_rows(filename: str, data: bytes) -> Iterator[tuple[int, list]]:
    name = filename.lower()
    if name.endswith(".xls"):
        raise ImportRefused(
            [Problem(None, "", "Le format XLS (Excel 97-2003) n’est pas accepté : enregistrez en XLSX, ODS ou CSV.")]
        )
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode("ascii", "ignore") if "mimetype" in names else ""
        except zipfile.BadZipFile as error:
            raise ImportRefused([Problem(None, "", "Le fichier est une archive illisible.")]) from error
        if "opendocument.spreadsheet" in mimetype or name.endswith(".ods"):
            return read_ods(data)
        if "xl/workbook.xml" in names or name.endswith(".xlsx"):
            return read_xlsx(data)
        raise ImportRefused([Problem(None, "", "Ce fichier n’est ni un CSV, ni un classeur XLSX ou ODS.")])
    return read_csv(data)


# --- Cells into values --------------------------------------------------------------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal):
        raise ValueError(f"« {value} » n’est pas une date : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")
    text = str(value).strip()
    try:
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+Z-]*)?", text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = (int(part) for part in match.groups())
            return datetime.date(year, month, 1)
        if match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
            month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, 1)
    except ValueError as error:
        raise ValueError(f"« {text} » n’est pas une date qui existe.") from error
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2}", text):
        raise ValueError(f"« {text} » : écrivez l’année sur quatre chiffres (JJ/MM/AAAA).")
    raise ValueError(f"« {text} » n’est pas une date : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")


def parse_value(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"« {value} » n’est pas un nombre.")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        original = str(value).strip()
        text = re.sub(r"[\s\u00a0\u202f']", "", original).removesuffix("%").removesuffix("€")
        if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", text):
            text = text.replace(",", ".")
        elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
            text = text.replace(",", "")
        else:
            raise ValueError(f"« {original} » n’est pas un nombre (exemples acceptés : 12 ; 12,5 ; 1 234,5).")
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(f"« {original} » n’est pas un nombre.") from error
    if not number.is_finite() or abs(number) >= MAX_ABS_VALUE:
        raise ValueError(f"« {value} » est hors des valeurs acceptées.")
    return number.quantize(Decimal(1).scaleb(-VALUE_DECIMALS), rounding=ROUND_HALF_UP)


class IndicatorResolver:
    """Finds a product's indicator by code or by name, without case or accents."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.by_key: dict[str, Indicator] = {}
        for indicator in indicators:
            self.by_key.setdefault(_normalise(indicator.name), indicator)
        for indicator in indicators:
            self.by_key[_normalise(indicator.code)] = indicator

    def __call__(self, value) -> Indicator | None:
        return self.by_key.get(_normalise(value))


# --- Checking, then writing ----------------------------------------------------------------------------


def parse_file(
    product: Product,
    filename: str,
    data: bytes,
    default_indicator: Indicator | None = None,
    today: datetime.date | None = None,
) -> tuple[list[ParsedRow], list[str]]:
    """Every row of the file checked against the product's indicators; ImportRefused lists every problem."""
    today = today or timezone.localdate()
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(None, "", f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : découpez-le.")])
    if not data.strip():
        raise ImportRefused([Problem(None, "", "Le fichier est vide.")])
    rows = read_rows(filename, data)
    header_line, header = next(((line, cells) for line, cells in rows if any(not _is_blank(c) for c in cells)), (0, []))
    if not header:
        raise ImportRefused([Problem(None, "", "Le fichier ne contient aucune ligne.")])

    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for index, heading in enumerate(header):
        key = HEADINGS.get(_normalise(heading))
        if key is None:
            if not _is_blank(heading):
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

    resolve = IndicatorResolver(list(Indicator.objects.filter(product=product)))

    def column(key: str) -> str:
        index = positions[key]
        return f"{str(header[index]).strip() or COLUMN_LABELS[key]} ({_column_letter(index)})"

    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    count = 0
    for line, cells in rows:
        if all(_is_blank(cell) for cell in cells):
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
        indicator = default_indicator
        if "indicator" in positions:
            raw = cell("indicator")
            if _is_blank(raw):
                if default_indicator is None:
                    row_problems.append(Problem(line, column("indicator"), "l’indicateur est vide."))
            else:
                indicator = resolve(raw)
                if indicator is None:
                    row_problems.append(
                        Problem(
                            line, column("indicator"), f"aucun indicateur de ce produit n’a pour code ou nom « {raw} »."
                        )
                    )
        day = None
        raw = cell("date")
        if _is_blank(raw):
            row_problems.append(Problem(line, column("date"), "la date est vide."))
        else:
            try:
                day = parse_date(raw)
            except ValueError as error:
                row_problems.append(Problem(line, column("date"), str(error)))
            else:
                if day > today:
                    row_problems.append(
                        Problem(line, column("date"), f"le {day:%d/%m/%Y} est dans le futur : une mesure est passée.")
                    )
                    day = None
        value = None
        raw = cell("value")
        if _is_blank(raw):
            row_problems.append(Problem(line, column("value"), "la valeur est vide."))
        else:
            try:
                value = parse_value(raw)
            except ValueError as error:
                row_problems.append(Problem(line, column("value"), str(error)))
        comment = cell("comment")
        comment = "" if _is_blank(comment) else str(comment).strip()
        if bad_char := forbidden_character(comment):
            row_problems.append(
                Problem(
                    line,
                    column("comment"),
                    f"le commentaire tient sur une ligne : retirez {describe_character(bad_char)}.",
                )
            )
        elif len(comment) > COMMENT_MAX_LENGTH:
            row_problems.append(
                Problem(line, column("comment"), f"le commentaire dépasse {COMMENT_MAX_LENGTH} caractères.")
            )
        if indicator is not None and day is not None:
            previous = seen.get((indicator.pk, day))
            if previous:
                row_problems.append(
                    Problem(
                        line,
                        column("date"),
                        f"« {indicator.name} » a déjà une valeur au {day:%d/%m/%Y} ligne {previous}.",
                    )
                )
            else:
                seen[(indicator.pk, day)] = line
        if row_problems:
            problems.extend(row_problems)
            continue
        parsed.append(ParsedRow(line, indicator, day, value, comment))
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise ImportRefused([Problem(None, "", "Le fichier ne contient aucune mesure sous sa ligne d’en-tête.")])
    return parsed, ignored


def write_rows(rows: list[ParsedRow], *, user, origin: str = Origin.IMPORT, reason: str = "") -> ImportResult:
    """Create or correct the measurements of checked rows, in one transaction."""
    result = ImportResult()
    indicator_ids = {row.indicator.pk for row in rows}
    first = min(row.date for row in rows)
    last = max(row.date for row in rows)
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = {
                (m.indicator_id, m.date): m
                for m in Measurement.objects.select_for_update().filter(
                    indicator_id__in=indicator_ids, date__gte=first, date__lte=last
                )
            }
            to_create, to_update = [], []
            for row in rows:
                current = existing.get((row.indicator.pk, row.date))
                if current is None:
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
                    continue
                comment = row.comment or current.comment
                if current.value == row.value and current.comment == comment and not current.withdrawn:
                    result.unchanged += 1
                    continue
                current.value, current.comment, current.withdrawn, current.updated_at = row.value, comment, False, now
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
    except IntegrityError as error:  # the same measurements sent at the same moment by someone else
        raise ImportRefused(
            [Problem(None, "", "Des mesures ont été enregistrées en même temps par ailleurs : relancez l’import.")]
        ) from error
    result.created, result.corrected = len(to_create), len(to_update)
    result.indicators = sorted({row.indicator.name for row in rows})
    return result


def import_file(
    product: Product, filename: str, data: bytes, *, user, default_indicator: Indicator | None = None
) -> ImportResult:
    rows, ignored = parse_file(product, filename, data, default_indicator)
    result = write_rows(rows, user=user, reason=f"Import du fichier « {filename[:80]} »")
    result.ignored_columns = ignored
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
