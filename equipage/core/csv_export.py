"""CSV-only downloads, kept for callers not yet moved to `equipage.core.exports` (which answers CSV,
XLSX and ODS from one declaration — use it for any new table)."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

from .downloads import set_download_name
from .exports import FORMULA_PREFIXES, NUMBER, safe_cell

__all__ = ["FORMULA_PREFIXES", "NUMBER", "csv_response", "safe_cell"]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable], filename: str, *, open_data: bool = False) -> StreamingHttpResponse:
    """Stream the rows (header first) as a CSV download, every cell made formula-safe."""
    writer = csv.writer(_Echo(), delimiter="," if open_data else ";")

    def stream():
        if not open_data:
            yield "\ufeff"  # lets spreadsheet software detect UTF-8
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    return set_download_name(response, filename)
