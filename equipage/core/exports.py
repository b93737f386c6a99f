"""Table downloads: a view declares its table once and answers it as CSV, XLSX or ODS.

One route per table, its format in the suffix (`export_path("decisions", view, name=…)` answers
`decisions.csv`, `decisions.xlsx` and `decisions.ods`; the view receives `fmt`). The rows hold real
values — dates, datetimes, integers, decimals, `None`, booleans — and each format writes them its way:

- CSV streams, formula-safe (a cell starting with = + - @ gets a leading apostrophe, numbers pass).
  A spreadsheet download is `;`-separated with a byte-order mark and decimal commas, as French
  spreadsheet software expects; an open-data download (`open_data=True`, the public statistics) is
  `,`-separated, decimal point, UTF-8 without byte-order mark. Dates are ISO (AAAA-MM-JJ) in both.
- XLSX and ODS (tablib, on openpyxl and odfpy) hold typed cells: real dates and numbers, text as
  text — never a formula, whatever it starts with — a bold header row and a named sheet.

`download_links` (templatetags `ui`) renders the DSFR download links to the three formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import tablib
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import URLPattern, path, register_converter
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from tablib.formats._ods import ODSFormat
from tablib.formats._xlsx import XLSXFormat

from .downloads import set_download_name

CSV, XLSX, ODS = "csv", "xlsx", "ods"
FORMATS: dict[str, dict[str, str]] = {
    CSV: {"content_type": "text/csv; charset=utf-8", "label": "CSV", "hint": "tableur, séparateur point-virgule"},
    XLSX: {
        "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "label": "XLSX",
        "hint": "classeur Excel",
    },
    ODS: {
        "content_type": "application/vnd.oasis.opendocument.spreadsheet",
        "label": "ODS",
        "hint": "classeur LibreOffice",
    },
}
OPEN_DATA_CSV_HINT = "données ouvertes, séparateur virgule"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31  # Excel's limit, kept for ODS too so both files name the sheet alike
XLSX_DATE = "DD/MM/YYYY"
XLSX_DATETIME = "DD/MM/YYYY HH:MM"


class ExportFormatConverter:
    """`<export:fmt>` in a route: one of csv, xlsx, ods; anything else is a 404."""

    regex = "csv|xlsx|ods"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "export")


def export_path(route: str, view: Callable, name: str) -> URLPattern:
    """The route `route.csv|xlsx|ods` (route given without its extension), one name for the three."""
    return path(f"{route}.<export:fmt>", view, name=name)


@dataclass
class Table:
    """A download declared once: French headers, rows of real values, a file name without extension."""

    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    filename: str
    sheet: str = "Données"
    open_data: bool = False


def export_response(table: Table, fmt: str) -> HttpResponse:
    """The table in the format asked for (`csv`, `xlsx` or `ods`), as an attachment."""
    if fmt == XLSX:
        response = HttpResponse(_XLSX.export_set(_dataset(table)), content_type=FORMATS[XLSX]["content_type"])
    elif fmt == ODS:
        response = HttpResponse(_ODS.export_set(_dataset(table)), content_type=FORMATS[ODS]["content_type"])
    elif fmt == CSV:
        response = StreamingHttpResponse(_csv_stream(table), content_type=FORMATS[CSV]["content_type"])
    else:
        raise ValueError(f"Unknown export format: {fmt!r}")
    return set_download_name(response, f"{table.filename}.{fmt}")


# --- CSV -------------------------------------------------------------------------------------------------


def safe_cell(value):
    """A cell a spreadsheet will not run as a formula; numbers, negative ones too, pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not NUMBER.match(value):
        return "'" + value
    return value


def csv_text(value: Any, *, open_data: bool = False) -> str:
    """A value as the CSV writes it: ISO dates, decimal comma (point for open data), oui/non."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds") if open_data else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        # A decimal keeps its places (an amount stays 10,00); a float is written in its shortest form.
        text = format(Decimal(str(value)) if isinstance(value, float) else value, "f")
        return text if open_data else text.replace(".", ",")
    return safe_cell(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_stream(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter="," if table.open_data else ";")
    if not table.open_data:
        yield "\ufeff"  # lets spreadsheet software detect UTF-8
    yield writer.writerow([safe_cell(str(header)) for header in table.headers])
    for row in table.rows:
        yield writer.writerow([csv_text(cell, open_data=table.open_data) for cell in row])


# --- XLSX and ODS ----------------------------------------------------------------------------------------


def plain_number(value: Decimal | None) -> Decimal | None:
    """12.50 → 12.5, 1E+2 → 100: no trailing zeros, never an exponent (for measures, not amounts)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def typed_cell(value: Any) -> Any:
    """A value as a spreadsheet cell: dates, numbers kept as such, local naive datetimes, text cleaned."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date | int | float):
        return value
    if isinstance(value, Decimal):
        return plain_number(value)
    # Control characters cannot be stored in either file format (both are XML).
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def sheet_name(name: str) -> str:
    return _SHEET_FORBIDDEN.sub("-", name).strip("' ")[:SHEET_NAME_LENGTH] or "Données"


def _dataset(table: Table) -> tablib.Dataset:
    dataset = tablib.Dataset(
        headers=[typed_cell(str(header)) for header in table.headers], title=sheet_name(table.sheet)
    )
    for row in table.rows:
        dataset.append([typed_cell(cell) for cell in row])
    return dataset


class _XLSX(XLSXFormat):
    """tablib's XLSX writer, with text that looks like a formula stored as text and French date formats.

    (tablib's own `escape` drops the leading `=`, changing the content; here it stays, as text.)
    """

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = XLSX_DATETIME
                elif isinstance(cell.value, dt.date):
                    cell.number_format = XLSX_DATE


# tablib's ODS writer already types its cells: strings are string cells (never a formula), numbers
# floats, dates and datetimes dates.
_ODS = ODSFormat
