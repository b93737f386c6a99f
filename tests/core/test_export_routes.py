"""Every table export answers CSV, XLSX and ODS with the same rows, and typed cells in the workbooks."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from equipage.delivery.models import RoadmapItem
from tests.core.permission_world import build_world
from tests.core.test_exports import ods_rows, ods_type
from tests.core.test_permission_matrix import MATRIX, export_routes

# The probes of routes that need something of the world besides the product's slug.
ARGUMENTS = {
    "indicators:indicator_csv": lambda world: [world.product.slug, world.indicator.pk],
    "campaigns:export": lambda world: [world.campaign.pk],
}
# Tables whose rows hold a date column the workbooks must type as a date (column header).
DATE_COLUMNS = {
    "indicators:indicator_csv": "date",
    "indicators:public_product_csv": "date",
    "committees:decision_log_csv": "Date",
    "core:deadlines_csv": "Date",
}
NUMBER_COLUMNS = {
    "indicators:indicator_csv": "valeur",
    "indicators:public_product_csv": "valeur",
    "indicators:portfolio_statistics_csv": "valeur",
    "budget:public_csv": "prevu",
    "budget:portfolio_csv": "Prévu",
}


def published(world):
    """The world's product publishes its indicator, its budget year and a roadmap item."""
    world.indicator.is_published = True
    world.indicator.save()
    world.budget_line.budget_year.is_published = True
    world.budget_line.budget_year.save()
    RoadmapItem.objects.filter(pk=world.roadmap_item.pk).update(is_published=True)


def _args(route, world):
    if route in ARGUMENTS:
        return ARGUMENTS[route](world)
    return [world.product.slug] if "{slug}" in MATRIX[route][1] else []


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.django_db
def test_every_export_answers_the_three_formats_with_the_same_rows_and_typed_cells():
    world = build_world()
    published(world)
    client = Client()
    client.force_login(world.users["admin"])
    checked_dates = checked_numbers = 0
    for route in sorted(export_routes()):
        args = _args(route, world)
        csv_response = client.get(reverse(route, args=[*args, "csv"]))
        assert csv_response.status_code == 200, route
        rows = _csv_rows(csv_response)
        assert len(rows) >= 2, f"{route}: no data row to compare"
        xlsx = client.get(reverse(route, args=[*args, "xlsx"]))
        assert xlsx.status_code == 200, route
        assert xlsx["Content-Disposition"].endswith('.xlsx"'), route
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        xlsx_rows = list(sheet.iter_rows())
        assert [cell.value for cell in xlsx_rows[0]] == rows[0], route
        assert len(xlsx_rows) == len(rows), route
        ods = client.get(reverse(route, args=[*args, "ods"]))
        assert ods.status_code == 200, route
        _name, ods_table = ods_rows(ods.content)
        assert [str(cell) for cell in ods_table[0]] == rows[0], route
        assert len(ods_table) == len(rows), route
        for columns, python_type, ods_kind in (
            (DATE_COLUMNS, dt.datetime, "date"),
            (NUMBER_COLUMNS, int | float, "float"),
        ):
            if route in columns:
                index = rows[0].index(columns[route])
                assert isinstance(xlsx_rows[1][index].value, python_type), (route, xlsx_rows[1][index].value)
                assert ods_type(ods_table[1][index]) == ods_kind, route
                checked_dates += ods_kind == "date"
                checked_numbers += ods_kind == "float"
    assert (checked_dates, checked_numbers) == (len(DATE_COLUMNS), len(NUMBER_COLUMNS))
