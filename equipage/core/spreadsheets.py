"""Spreadsheet files read through libraries, for every import (measurements, spending…).

Bottom layer. charset-normalizer finds a CSV's encoding (after UTF-8, among those French spreadsheets use) and
ftfy undoes UTF-8 text once decoded with the wrong table; the standard library's csv.Sniffer finds the
separator; openpyxl reads XLSX and odfpy reads ODS (its XML parser refuses entity bombs). Whatever cannot be
read raises `UnreadableFile` with a French message (and the line, when known): an import refuses the file
with it, never answers an error 500. Rows come as (line number, list of cells), the first sheet only.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal

import charset_normalizer
import ftfy
from ftfy.badness import is_bad

MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
ODS_MAX_COLUMNS = 64
SNIFF_LINES = 20
# Encodings a French spreadsheet is saved in, besides UTF-8: charset-normalizer chooses among them.
TEXT_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16"]


class UnreadableFile(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
                raise UnreadableFile(
                    "Ce fichier n’est pas un fichier texte CSV lisible : enregistrez-le en « CSV UTF-8 » depuis "
                    "votre tableur, ou importez-le au format XLSX ou ODS."
                ) from None
            text = str(best)
    if "\x00" in text:
        raise UnreadableFile("Ce fichier n’est pas un fichier texte CSV : importez un CSV, un XLSX ou un ODS.")
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text once decoded as Windows-1252, Latin-1 or Mac Roman; refuse it if it cannot be undone."""
    if not is_bad(text):
        return text
    repaired = ftfy.fix_encoding(text)
    if not is_bad(repaired):
        return repaired
    line = next((number for number, part in enumerate(repaired.splitlines(), start=1) if is_bad(part)), None)
    raise UnreadableFile(
        "le fichier semble mal encodé : des caractères accentués y sont illisibles. "
        "Reprenez le fichier d’origine et enregistrez-le en « CSV UTF-8 », ou importez-le en XLSX ou ODS.",
        line,
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


def read_csv(data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=sniff_dialect(text))
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(f"ligne CSV illisible ({error}).", reader.line_num) from error


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
            raise UnreadableFile("Le classeur ODS est trop volumineux : découpez-le.")
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
        if any(not _is_blank(value) for value in cells):
            for _ in range(min(repeat, MAX_ROWS + 1)):
                yield line, cells
                line += 1
        else:
            line += repeat


def _guarded(rows: Iterator[tuple[int, list]], refusal: str) -> Iterator[tuple[int, list]]:
    """Whatever a reading library raises on a malformed file becomes a French refusal, never an error 500."""
    try:
        yield from rows
    except UnreadableFile:
        raise
    except Exception as error:  # any library's error on a bad file
        raise UnreadableFile(refusal) from error


UNREADABLE_XLSX = "Le classeur XLSX est illisible : enregistrez-le à nouveau depuis votre tableur."
UNREADABLE_ODS = "Le classeur ODS est illisible : enregistrez-le à nouveau depuis votre tableur."


def read_rows(filename: str, data: bytes) -> Iterator[tuple[int, list]]:
    name = filename.lower()
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("Le format XLS (Excel 97-2003) n’est pas accepté : enregistrez en XLSX, ODS ou CSV.")
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode("ascii", "ignore") if "mimetype" in names else ""
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
            raise UnreadableFile(
                "Le fichier est une archive illisible : enregistrez-le à nouveau depuis votre tableur."
            ) from error
        if "opendocument.spreadsheet" in mimetype or (name.endswith(".ods") and "content.xml" in names):
            return _guarded(read_ods(data), UNREADABLE_ODS)
        if "xl/workbook.xml" in names or name.endswith(".xlsx"):
            return _guarded(read_xlsx(data), UNREADABLE_XLSX)
        raise UnreadableFile("Ce fichier n’est ni un CSV, ni un classeur XLSX ou ODS.")
    if name.endswith((".xlsx", ".ods")):
        kind = name.rsplit(".", 1)[1].upper()
        raise UnreadableFile(f"Ce fichier n’est pas un classeur {kind} : enregistrez-le à nouveau.")
    return read_csv(data)
