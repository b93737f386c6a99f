import codecs
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from equipage.core.formats import parse_date
from equipage.indicators.importer import ImportRefused, import_file
from equipage.indicators.models import Measurement
from equipage.indicators.validation import measurement_value as parse_value
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


@pytest.fixture
def indicators(product):
    objective = ObjectiveFactory(product=product)
    return (
        IndicatorFactory(objective=objective, code="taux-completion", name="Taux de complétion"),
        IndicatorFactory(objective=objective, code="delai", name="Délai d’instruction", unit="jours"),
    )


GOOD = (
    "indicateur;date;valeur;commentaire\n"
    f"taux-completion;01/01/{YEAR};45,5;Début d’année\n"
    f"taux-completion;{YEAR}-02-01;47;\n"
    f"Délai d’instruction;01/01/{YEAR};12,25;Équipe renforcée\n"
)


def _import(product, content, name="mesures.csv", user=None, **kwargs):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return import_file(product, name, data, user=user, **kwargs)


@pytest.mark.django_db
def test_a_good_file_with_several_indicators_is_imported(product, indicators, editor):
    result = _import(product, GOOD, user=editor)
    assert (result.created, result.corrected, result.unchanged) == (3, 0, 0)
    completion, delay = indicators
    assert list(completion.measurements.order_by("date").values_list("value", flat=True)) == [
        Decimal("45.5"),
        Decimal("47"),
    ]
    delay_measurement = delay.measurements.get()
    assert delay_measurement.comment == "Équipe renforcée"
    assert delay_measurement.history.get().history_user == editor
    assert "mesures.csv" in delay_measurement.history.get().history_change_reason


@pytest.mark.django_db
def test_importing_the_same_file_twice_duplicates_nothing_and_a_changed_value_is_a_correction(product, indicators):
    _import(product, GOOD)
    again = _import(product, GOOD)
    assert (again.created, again.corrected, again.unchanged) == (0, 0, 3)
    assert Measurement.objects.count() == 3
    changed = _import(product, GOOD.replace("45,5", "46"))
    assert (changed.created, changed.corrected, changed.unchanged) == (0, 1, 2)
    measurement = Measurement.objects.get(value=Decimal("46"))
    assert [h.value for h in measurement.history.order_by("history_date")] == [Decimal("45.5"), Decimal("46")]


@pytest.mark.django_db
def test_a_file_with_bad_lines_is_refused_whole_with_every_error_by_line_and_column(product, indicators):
    content = (
        "indicateur;date;valeur\n"
        f"taux-completion;01/01/{YEAR};45,5\n"
        f"inconnu;02/01/{YEAR};12\n"
        f"taux-completion;31/02/{YEAR};12\n"
        f"taux-completion;01/03/{YEAR};douze\n"
        f"taux-completion;15/01/{YEAR};46\n"
        f"taux-completion;01/01/{TODAY.year + 1};46\n"
        f"taux-completion;01/04/{YEAR};\n"
    )
    with pytest.raises(ImportRefused) as refused:
        _import(product, content)
    messages = [str(problem) for problem in refused.value.problems]
    assert messages[0].startswith("Ligne 3, colonne « indicateur (A) » : aucun indicateur de ce produit")
    assert messages[1].startswith(f"Ligne 4, colonne « date (B) » : « 31/02/{YEAR} » n’est pas une date qui existe")
    assert messages[2].startswith("Ligne 5, colonne « valeur (C) » : « douze » n’est pas un nombre")
    assert messages[3].startswith("Ligne 6, colonne « date (B) »") and "ligne 2" in messages[3]
    assert "dans le futur" in messages[4] and messages[4].startswith("Ligne 7")
    assert messages[5] == "Ligne 8, colonne « valeur (C) » : la valeur est vide."
    assert len(messages) == 6
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_are_reported(product, indicators):
    with pytest.raises(ImportRefused) as refused:
        _import(product, "indicateur;quand;combien\nx;y;z\n")
    text = " ".join(str(p) for p in refused.value.problems)
    assert "« date » manque" in text and "« valeur » manque" in text


@pytest.mark.django_db
def test_the_indicator_column_may_be_replaced_by_a_choice_in_the_form(product, indicators):
    result = _import(product, f'Date,Valeur\n{YEAR}-03,"12,5"\n', default_indicator=indicators[1])
    assert result.created == 1
    assert indicators[1].measurements.get().date == datetime.date(YEAR, 3, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
        lambda text: text.replace("’", "'").encode("latin-1"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "latin-1", "utf16"],
)
def test_encodings_are_decoded_correctly(product, indicators, encode):
    _import(product, encode(GOOD.replace("Délai d’instruction", "delai")))
    assert Measurement.objects.get(comment__startswith="Équipe").comment == "Équipe renforcée"
    assert Measurement.objects.get(comment__startswith="Début").comment.startswith("Début d")


@pytest.mark.django_db
@pytest.mark.parametrize("wrong", ["cp1252", "mac_roman"])
def test_a_mis_encoded_utf8_file_is_repaired_never_garbled(product, indicators, wrong):
    mojibake = GOOD.encode("utf-8").decode(wrong).encode("utf-8")  # UTF-8 read as another table, saved again
    _import(product, mojibake)
    assert Measurement.objects.filter(comment="Équipe renforcée").exists()


@pytest.mark.django_db
def test_an_irreparable_mis_encoded_file_gets_a_clear_error(product, indicators):
    content = GOOD + f"taux-completion;01/03/{YEAR};48;√© abîmé √\n"
    with pytest.raises(ImportRefused) as refused:
        _import(product, content)
    assert "mal encodé" in str(refused.value.problems[0])
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_binary_garbage_is_refused(product, indicators):
    with pytest.raises(ImportRefused):
        _import(product, b"\x00\x01\x02\x81\x8d\x8f")


def test_values_and_dates_as_people_write_them():
    assert parse_value("1 234,5") == Decimal("1234.5")
    assert parse_value("1\u202f234,50") == Decimal("1234.5")
    assert parse_value("1.234,5") == Decimal("1234.5")
    assert parse_value("1,234.5") == Decimal("1234.5")
    assert parse_value("-3.25") == Decimal("-3.25")
    assert parse_value("45 %") == Decimal("45")
    assert parse_value(12.5) == Decimal("12.5")
    with pytest.raises(ValueError):
        parse_value("12,5,3")
    assert parse_date("5/3/2025") == datetime.date(2025, 3, 5)
    assert parse_date("2025-03-05T00:00:00") == datetime.date(2025, 3, 5)
    assert parse_date("03/2025") == datetime.date(2025, 3, 1)
    assert parse_date(datetime.datetime(2025, 3, 5, 0, 0)) == datetime.date(2025, 3, 5)
    with pytest.raises(ValueError, match="quatre chiffres"):
        parse_date("05/03/25")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_cell(value) -> str:
    if value is None:
        return '<table:table-cell table:number-columns-repeated="3"/>'
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods_bytes(rows) -> bytes:
    body = "".join(f"<table:table-row>{''.join(_ods_cell(v) for v in row)}</table:table-row>" for row in rows)
    # LibreOffice writes the rest of the sheet as one repeated empty row.
    body += (
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Mesures">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


SHEET = [
    ["Indicateur", "Date", "Valeur", "Commentaire"],
    ["taux-completion", datetime.date(YEAR, 1, 1), 45.5, "Début d’année"],
    ["delai", datetime.date(YEAR, 1, 1), 12, None],
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build"), [("mesures.xlsx", xlsx_bytes), ("mesures.ods", ods_bytes)])
def test_xlsx_and_ods_exports_of_the_same_sheet(product, indicators, name, build):
    result = _import(product, build(SHEET), name=name)
    assert result.created == 2
    assert indicators[0].measurements.get().value == Decimal("45.5")
    assert indicators[1].measurements.get().date == datetime.date(YEAR, 1, 1)
    assert _import(product, build(SHEET), name=name).unchanged == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build"), [("mesures.xlsx", xlsx_bytes), ("mesures.ods", ods_bytes)])
def test_spreadsheet_errors_name_the_row_and_column(product, indicators, name, build):
    with pytest.raises(ImportRefused) as refused:
        _import(product, build([*SHEET, ["delai", "pas une date", 3, None]]), name=name)
    assert str(refused.value.problems[0]).startswith("Ligne 4, colonne « Date (B) »")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_import_page_documents_the_format_refuses_bad_files_and_imports_good_ones(editor_client, product, indicators):
    url = f"/produits/{product.slug}/indicateurs/import/"
    page = editor_client.get(url).content.decode()
    assert "JJ/MM/AAAA" in page and "taux-completion" in page and "modele.csv" in page
    template = editor_client.get(f"{url}modele.csv")
    assert b"".join(template.streaming_content).decode("utf-8-sig").startswith("indicateur;date;valeur;commentaire")
    bad = SimpleUploadedFile("m.csv", b"indicateur;date;valeur\ntaux-completion;hier;1\n")
    response = editor_client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Ligne 2, colonne « date (B) »" in response.content.decode()
    response = editor_client.post(url, {"file": SimpleUploadedFile("m.csv", GOOD.encode("cp1252"))})
    assert response.status_code == 200 and "Confirmer l’import" in response.content.decode()
    assert Measurement.objects.count() == 0
    response = editor_client.post(url, {"confirm": response.context["token"]})
    assert response.status_code == 302
    assert Measurement.objects.count() == 3


def test_decimal_comma_in_a_comma_separated_file_is_refused_not_misread():
    from equipage.indicators.importer import _split_decimal

    header = ["indicateur", "date", "valeur"]
    assert _split_decimal(["taux", "01/05/2018", "12", "5"], header, {"indicator": 0, "date": 1, "value": 2})
    with_comment = {"indicator": 0, "date": 1, "value": 2, "comment": 3}
    assert _split_decimal(["taux", "01/05/2018", "12", "5"], [*header, "commentaire"], with_comment)
    assert not _split_decimal(["taux", "01/05/2018", "12,5", "relevé"], [*header, "commentaire"], with_comment)
