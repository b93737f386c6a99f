"""Import spending from a CSV file as French spreadsheets write it: `;` (or `,`) separators, Windows-1252 or
UTF-8 (read by `equipage.core.spreadsheets`),
amounts such as « 1 234,56 € ». All or nothing: one bad line and nothing is written; every problem is named
by its line and column."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from equipage.core import spreadsheets
from equipage.core.formats import MONTHS, parse_decimal
from equipage.registry.models import Product

from .models import FIRST_YEAR, LAST_YEAR, BudgetLine, SpendingEntry

MAX_BYTES = 2_000_000
COLUMNS = ["année", "ligne", "période", "montant"]
_QUARTER = re.compile(r"t([1-4])", re.I)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"ligne {self.line}" + (f", colonne « {self.column} »" if self.column else "")
        return f"{where[0].upper()}{where[1:]} : {self.message}"


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Row:
    line_number: int
    budget_line: BudgetLine
    month: int | None
    quarter: int | None
    amount: Decimal


def decode(data: bytes) -> str:
    """Text in whichever encoding French spreadsheets save it (`equipage.core.spreadsheets`), within 2 Mo."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(0, "", "le fichier dépasse 2 Mo.")])
    try:
        return spreadsheets.decode_text(data)
    except spreadsheets.UnreadableFile as error:
        raise ImportRefused([Problem(error.line or 0, "", error.message[:1].lower() + error.message[1:])]) from error


def parse_period(text: str) -> tuple[int | None, int | None]:
    """(month, quarter) from « 3 », « 03 », « mars », « 2026-03 » or « T1 »."""
    value = text.strip().lower()
    if match := _QUARTER.fullmatch(value):
        return None, int(match.group(1))
    if match := _ISO_MONTH.fullmatch(value):
        value = match.group(2)
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value), None
    if value in MONTHS:
        return MONTHS.index(value) + 1, None
    raise ValueError(f"« {text} » n’est pas une période : un mois (1 à 12, « mars ») ou un trimestre (T1 à T4).")


def _normalise(heading: str) -> str:
    return heading.strip().lower().replace("annee", "année").replace("periode", "période")


def parse(product: Product, data: bytes) -> list[Row]:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=spreadsheets.sniff_dialect(text))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportRefused([Problem(reader.line_num, "", f"ligne CSV illisible ({error}).")]) from error
    if not rows:
        raise ImportRefused([Problem(1, "", "le fichier est vide.")])
    header = [_normalise(cell) for cell in rows[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportRefused(
            [
                Problem(
                    1,
                    "",
                    f"colonne{'s' if len(missing) > 1 else ''} manquante{'s' if len(missing) > 1 else ''} : "
                    f"{', '.join('« ' + c + ' »' for c in missing)} (attendu : {' ; '.join(COLUMNS)}).",
                )
            ]
        )
    position = {column: header.index(column) for column in COLUMNS}
    lines = {
        (line.budget_year.year, line.label.strip().lower()): line
        for line in BudgetLine.objects.filter(budget_year__product=product).select_related("budget_year")
    }
    years_with_lines = {year for year, _label in lines}
    problems: list[Problem] = []
    parsed: list[Row] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        value = {column: cells[position[column]].strip() for column in COLUMNS}
        row_problems = []
        year = None
        try:
            year = int(value["année"])
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError
        except ValueError:
            row_problems.append(
                Problem(number, "année", f"« {value['année']} » n’est pas une année (par exemple 2026).")
            )
            year = None
        budget_line = None
        if year is not None:
            if year not in years_with_lines:
                row_problems.append(
                    Problem(number, "année", f"le produit n’a aucune ligne budgétaire en {year} : créez-la d’abord.")
                )
            else:
                budget_line = lines.get((year, value["ligne"].lower()))
                if budget_line is None:
                    row_problems.append(
                        Problem(number, "ligne", f"aucune ligne « {value['ligne']} » dans le budget {year} du produit.")
                    )
        month = quarter = None
        try:
            month, quarter = parse_period(value["période"])
        except ValueError as error:
            row_problems.append(Problem(number, "période", str(error)))
        amount = None
        try:
            amount = parse_decimal(value["montant"])
            if amount < 0:
                row_problems.append(
                    Problem(number, "montant", f"« {value['montant']} » : un montant ne peut pas être négatif.")
                )
            elif amount.as_tuple().exponent < -2:
                row_problems.append(
                    Problem(number, "montant", f"« {value['montant']} » : au plus deux décimales (les centimes).")
                )
        except ValueError as error:
            row_problems.append(Problem(number, "montant", str(error)))
        if row_problems:
            problems.extend(row_problems)
        else:
            parsed.append(Row(number, budget_line, month, quarter, amount))
    problems.extend(_overlaps(parsed))
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise ImportRefused([Problem(2, "", "le fichier ne contient aucune dépense.")])
    return parsed


def _overlaps(rows: list[Row]) -> list[Problem]:
    """The same month twice, or a month and its quarter, for one line: within the file and against what is saved."""
    problems = []
    seen: dict[tuple[int, str], int] = {}
    by_line: dict[int, list[Row]] = {}
    for row in rows:
        key = (row.budget_line.pk, f"m{row.month}" if row.month else f"t{row.quarter}")
        if key in seen:
            problems.append(
                Problem(row.line_number, "période", f"même ligne et même période qu’à la ligne {seen[key]}.")
            )
        seen[key] = row.line_number
        by_line.setdefault(row.budget_line.pk, []).append(row)
    saved = SpendingEntry.objects.filter(line_id__in=list(by_line))
    covered: dict[int, dict[str, set[int]]] = {}
    for entry in saved:
        kinds = covered.setdefault(entry.line_id, {"m": set(), "t": set()})
        (kinds["m"] if entry.month else kinds["t"]).add(entry.covered_quarter)
    for line_id, line_rows in by_line.items():
        months_quarters = {(r.month - 1) // 3 + 1 for r in line_rows if r.month}
        quarters = {r.quarter for r in line_rows if r.quarter}
        saved_kinds = covered.get(line_id, {"m": set(), "t": set()})
        for row in line_rows:
            quarter = row.quarter or (row.month - 1) // 3 + 1
            if row.month and (quarter in quarters or quarter in saved_kinds["t"]):
                problems.append(
                    Problem(
                        row.line_number, "période", f"le trimestre T{quarter} de cette ligne est déjà saisi en bloc."
                    )
                )
            if row.quarter and (quarter in months_quarters or quarter in saved_kinds["m"]):
                problems.append(
                    Problem(
                        row.line_number,
                        "période",
                        f"des mois du trimestre T{quarter} de cette ligne sont saisis un par un.",
                    )
                )
    return problems


@transaction.atomic
def import_spending(user, product: Product, data: bytes) -> int:
    """Write every row (replacing the amount already entered for the same line and period), or none."""
    rows = parse(product, data)
    for row in rows:
        entry = SpendingEntry.objects.filter(line=row.budget_line, month=row.month, quarter=row.quarter).first()
        entry = entry or SpendingEntry(line=row.budget_line, month=row.month, quarter=row.quarter)
        entry.amount = row.amount
        entry._history_user = user
        entry.save()
    return len(rows)
