"""The export helper: one table declared once, answered as CSV, XLSX or ODS with typed, formula-safe cells."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.template import Context, Template
from odf import opendocument
from odf.namespaces import OFFICENS, TABLENS
from odf.table import Table as OdsTable
from odf.table import TableCell, TableRow

from equipage.core.exports import Table, csv_text, export_response, safe_cell

PARIS = ZoneInfo("Europe/Paris")


def sample_table(**options):
    return Table(
        ["Produit", "Date", "Montant", "Nombre", "Modifié le", "Publié", "Vide"],
        [
            [
                "=1+1",
                dt.date(2026, 3, 1),
                Decimal("1234.50"),
                7,
                dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
                True,
                None,
            ],
            [
                "@SOMME(A1)",
                dt.date(2026, 12, 31),
                Decimal("-2"),
                -3,
                dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC),
                False,
                "",
            ],
            ["+33 1 23", None, Decimal("1E+2"), 0, None, False, "-x"],
        ],
        filename="essai",
        sheet="Budget [2026]: prévu/réel",
        **options,
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def ods_rows(content: bytes) -> tuple[str, list[list[TableCell]]]:
    document = opendocument.load(io.BytesIO(content))
    sheet = document.spreadsheet.getElementsByType(OdsTable)[0]
    rows = [row.getElementsByType(TableCell) for row in sheet.getElementsByType(TableRow)]
    return sheet.getAttribute("name"), rows


def ods_type(cell) -> str:
    return cell.attributes.get((OFFICENS, "value-type"), "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SOMME(A1)", "'=SOMME(A1)"),
        ("@cmd", "'@cmd"),
        ("-5.5", "-5.5"),
        ("-12,5", "-12,5"),
        ("Délai", "Délai"),
        (3, 3),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_csv_is_semicolon_separated_with_bom_decimal_commas_iso_dates_and_safe_cells(settings):
    settings.TIME_ZONE = "Europe/Paris"
    response = export_response(sample_table(), "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    lines = body(response).decode("utf-8").split("\r\n")
    assert lines[0] == "\ufeffProduit;Date;Montant;Nombre;Modifié le;Publié;Vide"
    assert lines[1] == "'=1+1;2026-03-01;1234,50;7;2026-03-01 10:30:00;oui;"
    assert lines[2] == "'@SOMME(A1);2026-12-31;-2;-3;2026-07-01 14:00:00;non;"
    assert lines[3] == "'+33 1 23;;100;0;;non;'-x"


def test_open_data_csv_uses_commas_decimal_points_and_no_bom(settings):
    settings.TIME_ZONE = "Europe/Paris"
    lines = body(export_response(sample_table(open_data=True), "csv")).decode("utf-8").split("\r\n")
    assert lines[0] == "Produit,Date,Montant,Nombre,Modifié le,Publié,Vide"
    assert lines[1] == "'=1+1,2026-03-01,1234.50,7,2026-03-01T10:30:00+01:00,oui,"


def test_xlsx_has_typed_dates_and_numbers_text_never_a_formula_and_a_named_sheet(settings):
    settings.TIME_ZONE = "Europe/Paris"
    response = export_response(sample_table(), "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="essai.xlsx"'
    sheet = xlsx_sheet(response.content)
    assert sheet.title == "Budget -2026-- prévu-réel"
    assert [cell.value for cell in sheet[1]] == ["Produit", "Date", "Montant", "Nombre", "Modifié le", "Publié", "Vide"]
    assert sheet[1][0].font.bold
    first = sheet[2]
    assert (first[0].value, first[0].data_type) == ("=1+1", "s")
    assert first[1].value == dt.datetime(2026, 3, 1) and first[1].is_date and first[1].number_format == "DD/MM/YYYY"
    assert (first[2].value, first[2].data_type) == (1234.5, "n")
    assert (first[3].value, first[3].data_type) == (7, "n")
    assert first[4].value == dt.datetime(2026, 3, 1, 10, 30) and first[4].is_date
    assert first[5].value == "oui"
    assert first[6].value is None
    assert (sheet[3][0].value, sheet[3][0].data_type) == ("@SOMME(A1)", "s")
    assert (sheet[4][0].value, sheet[4][0].data_type) == ("+33 1 23", "s")
    assert sheet[4][2].value == 100
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_ods_has_typed_dates_and_numbers_text_never_a_formula_and_a_named_sheet():
    response = export_response(sample_table(), "ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == 'attachment; filename="essai.ods"'
    name, rows = ods_rows(response.content)
    assert name == "Budget -2026-- prévu-réel"
    assert [str(cell) for cell in rows[0]] == ["Produit", "Date", "Montant", "Nombre", "Modifié le", "Publié", "Vide"]
    first = rows[1]
    assert (ods_type(first[0]), str(first[0])) == ("string", "=1+1")
    assert (ods_type(first[1]), first[1].getAttribute("datevalue")) == ("date", "2026-03-01")
    assert (ods_type(first[2]), first[2].getAttribute("value")) == ("float", "1234.5")
    assert (ods_type(first[3]), first[3].getAttribute("value")) == ("float", "7")
    assert ods_type(first[4]) == "date"
    assert str(first[5]) == "oui"
    assert (ods_type(rows[2][0]), str(rows[2][0])) == ("string", "@SOMME(A1)")
    assert rows[3][2].getAttribute("value") == "100"
    assert not any((TABLENS, "formula") in cell.attributes for row in rows for cell in row)


def test_control_characters_do_not_break_the_spreadsheet_files():
    table = Table(["Texte"], [["a\x00b\x1bc"]], filename="x")
    assert xlsx_sheet(export_response(table, "xlsx").content)["A2"].value == "abc"
    assert str(ods_rows(export_response(table, "ods").content)[1][1][0]) == "abc"


def test_csv_text_of_a_float_is_its_shortest_decimal_form():
    assert csv_text(0.1 + 0.2) == "0,30000000000000004"
    assert csv_text(2.5, open_data=True) == "2.5"


def test_download_links_offer_the_three_formats_with_the_filters_kept():
    tag = '{% download_links "governance:matrix_csv" "suivi" label="Télécharger la matrice" query=q rows=3 %}'
    html = Template("{% load ui %}" + tag).render(Context({"q": "a=1&b=%C3%A9"}))
    assert "Télécharger la matrice (CSV, XLSX, ODS)" in html
    for fmt in ("csv", "xlsx", "ods"):
        assert f'href="/produits/suivi/responsabilites.{fmt}?a=1&amp;b=%C3%A9" download' in html
    assert "3 lignes" in html
    assert "fr-link--download" in html


def test_an_unknown_format_suffix_is_not_found(agent_client, product):
    assert agent_client.get(f"/produits/{product.slug}/responsabilites.pdf").status_code == 404
