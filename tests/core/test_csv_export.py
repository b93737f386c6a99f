import pytest

from equipage.core.csv_export import csv_response, safe_cell


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
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_csv_download_has_a_bom_semicolons_and_safe_cells():
    response = csv_response([["produit", "valeur"], ["=1+1", "-2"]], "export.csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content == "\ufeffproduit;valeur\r\n'=1+1;-2\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'


def test_open_data_download_uses_commas_and_no_bom():
    response = csv_response([["rubrique", "valeur"], ["Délai, en jours", "12.5"]], "stats.csv", open_data=True)
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content == 'rubrique,valeur\r\n"Délai, en jours",12.5\r\n'
