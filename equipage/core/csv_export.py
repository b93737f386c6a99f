"""CSV downloads for French spreadsheets: UTF-8 with a byte-order mark, `;`-separated, formula-safe."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

from django.http import StreamingHttpResponse

from .downloads import set_download_name

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def safe_cell(value):
    """A cell a spreadsheet will not run as a formula; numbers, negative ones too, pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not NUMBER.match(value):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable], filename: str, *, open_data: bool = False) -> StreamingHttpResponse:
    """Stream the rows (header first) as a download, every cell made formula-safe.

    Two conventions, said on the pages that link to them: a spreadsheet download (the default) is
    `;`-separated with a byte-order mark, as French spreadsheet software expects; an open-data download
    (`open_data=True`, the public statistics) follows the usual open-data convention: `,`-separated,
    decimal point, UTF-8 without byte-order mark.
    """
    writer = csv.writer(_Echo(), delimiter="," if open_data else ";")

    def stream():
        if not open_data:
            yield "\ufeff"  # lets spreadsheet software detect UTF-8
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    return set_download_name(response, filename)
