"""The import's matching, preview, period dates and refusals of malformed files; the same checks in the API
and the form (one validator)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.indicators import importer, services
from equipage.indicators.importer import ImportRefused, import_file, parse_file, preview_rows
from equipage.indicators.models import Frequency, Measurement
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory
from tests.indicators.test_import import ODS_MANIFEST, ods_bytes, xlsx_bytes

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def satisfaction(product):
    return IndicatorFactory(
        objective=ObjectiveFactory(product=product),
        code="satisfaction-usagers",
        name="Satisfaction des usagers",
        unit="note",
        frequency=Frequency.MONTHLY,
    )


def _csv(product, text, **kwargs):
    return import_file(product, "mesures.csv", text.encode("utf-8"), user=None, **kwargs)


# --- Matching a column value to an indicator -----------------------------------------------------------


@pytest.mark.django_db
def test_a_name_close_to_an_indicator_is_refused_with_the_candidates_named(product, satisfaction):
    with pytest.raises(ImportRefused) as refused:
        _csv(product, f"indicateur;date;valeur\nSatisfaction usagers;01/01/{YEAR};72\n")
    message = str(refused.value.problems[0])
    assert "« Satisfaction usagers »" in message
    assert "« Satisfaction des usagers » (code satisfaction-usagers)" in message
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written", ["satisfaction-usagers", "SATISFACTION-USAGERS", "Satisfaction des usagers", "satisfaction  dés USAGERS"]
)
def test_the_exact_code_or_name_matches_case_and_accents_aside(product, satisfaction, written):
    assert _csv(product, f"indicateur;date;valeur\n{written};01/01/{YEAR};7\n").created == 1
    assert satisfaction.measurements.get().value == Decimal(7)


# --- Dates of a periodic indicator ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("frequency", "given", "stored"),
    [
        (Frequency.MONTHLY, datetime.date(YEAR, 11, 15), datetime.date(YEAR, 11, 1)),
        (
            Frequency.WEEKLY,
            datetime.date(YEAR, 11, 13),
            datetime.date(YEAR, 11, 13) - datetime.timedelta(days=datetime.date(YEAR, 11, 13).weekday()),
        ),
        (Frequency.QUARTERLY, datetime.date(YEAR, 8, 20), datetime.date(YEAR, 7, 1)),
        (Frequency.YEARLY, datetime.date(YEAR, 8, 20), datetime.date(YEAR, 1, 1)),
    ],
)
def test_an_imported_date_is_brought_back_to_the_start_of_its_period(product, frequency, given, stored):
    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product), code="x", frequency=frequency)
    _csv(product, f"indicateur;date;valeur\nx;{given:%d/%m/%Y};5\n")
    assert indicator.measurements.get().date == stored


@pytest.mark.django_db
def test_a_mid_month_value_corrects_the_month_instead_of_adding_a_second_one(product, satisfaction):
    MeasurementFactory(indicator=satisfaction, date=datetime.date(YEAR, 11, 1), value=Decimal(7))
    result = _csv(product, f"indicateur;date;valeur\nsatisfaction-usagers;15/11/{YEAR};8\n")
    assert (result.created, result.corrected) == (0, 1)
    assert list(satisfaction.measurements.values_list("date", "value")) == [(datetime.date(YEAR, 11, 1), Decimal(8))]


@pytest.mark.django_db
def test_two_rows_for_the_same_month_are_refused_naming_the_month(product, satisfaction):
    with pytest.raises(ImportRefused) as refused:
        _csv(
            product,
            f"indicateur;date;valeur\nsatisfaction-usagers;01/11/{YEAR};7\nsatisfaction-usagers;15/11/{YEAR};8\n",
        )
    message = str(refused.value.problems[0])
    assert message.startswith("Ligne 3") and f"novembre {YEAR}" in message and "ligne 2" in message
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_the_api_normalises_the_date_and_refuses_a_second_value_for_the_month(product, satisfaction, editor):
    _token, secret = services.create_token(product, name="Script", user=editor)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/products/{product.slug}/measurements/"
    response = client.post(
        url, {"indicator": "satisfaction-usagers", "date": f"{YEAR}-11-15", "value": 7}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["date"] == f"{YEAR}-11-01"
    response = client.post(
        url, {"indicator": "satisfaction-usagers", "date": f"{YEAR}-11-20", "value": 9}, format="json"
    )
    assert response.status_code == 400 and "corrigez-la" in response.json()["errors"]["date"][0]
    response = client.post(
        f"{url}bulk/",
        [
            {"indicator": "satisfaction-usagers", "date": f"{YEAR}-03-02", "value": 1},
            {"indicator": "Satisfaction usagers", "date": f"{YEAR}-04-02", "value": 1},
            {"indicator": "satisfaction-usagers", "date": f"{YEAR}-03-30", "value": 2},
        ],
        format="json",
    )
    errors = response.json()["errors"]["measurements"]
    assert "Satisfaction des usagers" in errors["1"]["indicator"][0]
    assert f"mars {YEAR}" in errors["2"]["date"][0] and "élément 0" in errors["2"]["date"][0]
    assert satisfaction.measurements.count() == 1


@pytest.mark.django_db
def test_the_form_normalises_the_date_and_says_so(editor_client, product, satisfaction):
    url = f"/produits/{product.slug}/indicateurs/{satisfaction.pk}/mesures/nouvelle/"
    response = editor_client.post(url, {"date": f"{YEAR}-11-15", "value": "7"}, follow=True)
    assert "Datée du 1er novembre" in response.content.decode()
    assert satisfaction.measurements.get().date == datetime.date(YEAR, 11, 1)
    response = editor_client.post(url, {"date": f"{YEAR}-11-20", "value": "8"})
    assert response.status_code == 200 and "existe déjà au 1er novembre" in response.content.decode()
    assert satisfaction.measurements.get().value == Decimal(7)


# --- Preview, then confirmation ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_preview_counts_per_indicator_and_warns_of_a_value_far_outside_the_previous_range(product, satisfaction):
    for month, value in ((1, "6"), (2, "8")):
        MeasurementFactory(indicator=satisfaction, date=datetime.date(YEAR, month, 1), value=Decimal(value))
    other = IndicatorFactory(objective=satisfaction.objective, code="visites", name="Visites", unit="nombre")
    content = (
        "indicateur;date;valeur\n"
        f"satisfaction-usagers;01/01/{YEAR};6\n"
        f"satisfaction-usagers;01/02/{YEAR};7,5\n"
        f"satisfaction-usagers;01/03/{YEAR};72\n"
        f"visites;01/03/{YEAR};1200\n"
    )
    preview = preview_rows(parse_file(product, "m.csv", content.encode()))
    by_code = {item.indicator.code: item for item in preview.indicators}
    item = by_code["satisfaction-usagers"]
    assert (item.added, item.corrected, item.unchanged) == (1, 1, 1)
    assert item.range == "6 à 72\u202fnote" or item.range.startswith("6 à 72")
    assert item.previous_range.startswith("6 à 8")
    assert [row.line for row in item.far] == [4]
    assert (by_code["visites"].added, by_code["visites"].far) == (1, [])
    assert preview.warnings == 1
    assert other.measurements.count() == 0 and satisfaction.measurements.count() == 2


@pytest.mark.django_db
def test_nothing_is_written_before_the_user_confirms_the_preview(editor_client, product, satisfaction, media):
    url = f"/produits/{product.slug}/indicateurs/import/"
    upload = SimpleUploadedFile("m.csv", f"indicateur;date;valeur\nsatisfaction-usagers;01/01/{YEAR};7\n".encode())
    response = editor_client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "Rien n’est encore enregistré" in page and "Confirmer l’import" in page
    assert Measurement.objects.count() == 0
    # A wrong token writes nothing; the right one writes, once.
    response = editor_client.post(url, {"confirm": "autre-chose"})
    assert response.status_code == 302 and Measurement.objects.count() == 0
    token = editor_client.post(url, {"file": SimpleUploadedFile("m.csv", upload.file.getvalue())}).context["token"]
    assert len(list((media / "imports-en-attente").rglob("*.bin"))) == 1
    assert editor_client.post(url, {"confirm": token}).status_code == 302
    assert satisfaction.measurements.get().value == Decimal(7)
    assert list((media / "imports-en-attente").rglob("*.bin")) == []
    assert editor_client.post(url, {"confirm": token}).status_code == 302
    assert Measurement.objects.count() == 1


@pytest.mark.django_db
def test_another_user_cannot_confirm_someone_elses_import(editor_client, admin_user, product, satisfaction):
    from django.test import Client

    url = f"/produits/{product.slug}/indicateurs/import/"
    upload = SimpleUploadedFile("m.csv", f"indicateur;date;valeur\nsatisfaction-usagers;01/01/{YEAR};7\n".encode())
    token = editor_client.post(url, {"file": upload}).context["token"]
    other = Client()
    other.force_login(admin_user)
    assert other.post(url, {"confirm": token}).status_code == 302
    assert Measurement.objects.count() == 0
    assert editor_client.post(url, {"confirm": token}).status_code == 302
    assert Measurement.objects.count() == 1


# --- Files no library can read: a French refusal, never a 500 ------------------------------------------


def _zip(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CORRUPT = {
    "ods-bad-xml": (
        "m.ods",
        _zip(
            {
                "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                "META-INF/manifest.xml": ODS_MANIFEST,
                "content.xml": "<office:document-content",
            }
        ),
    ),
    "ods-no-content": ("m.ods", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})),
    "xlsx-bad-workbook": ("m.xlsx", _zip({"[Content_Types].xml": "<x", "xl/workbook.xml": "pas du xml"})),
    "truncated-xlsx": ("m.xlsx", None),
    "zip-of-something-else": ("m.zip", _zip({"photo.jpg": b"\xff\xd8\xff"})),
    "xlsx-that-is-text": ("m.xlsx", b"indicateur;date;valeur\n"),
    "binary": ("m.csv", bytes(range(256)) * 8),
    "xls": ("m.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    "entity-bomb": (
        "m.ods",
        _zip(
            {
                "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                "META-INF/manifest.xml": ODS_MANIFEST,
                "content.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                '<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
            }
        ),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CORRUPT), ids=list(CORRUPT))
def test_a_malformed_file_gets_a_french_refusal_never_a_500(editor_client, product, satisfaction, case):
    name, data = CORRUPT[case]
    if data is None:
        data = xlsx_bytes([["indicateur", "date", "valeur"], ["satisfaction-usagers", "01/01/2025", 7]])[:300]
    with pytest.raises(ImportRefused) as refused:
        import_file(product, name, data, user=None)
    assert refused.value.problems and refused.value.problems[0].message[:1].isupper()
    response = editor_client.post(
        f"/produits/{product.slug}/indicateurs/import/", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert "Le fichier a été refusé" in response.content.decode()
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_a_malformed_ods_cell_is_reported_by_line_and_column(product, satisfaction):
    rows = [["indicateur", "date", "valeur"], ["satisfaction-usagers", datetime.date(YEAR, 1, 1), 7]]
    with zipfile.ZipFile(io.BytesIO(ods_bytes(rows))) as archive:
        content = archive.read("content.xml").replace(b'office:value="7"', b'office:value="sept"')
    data = _zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": ODS_MANIFEST,
            "content.xml": content.replace(b"<text:p>7<", b"<text:p>sept<"),
        }
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(product, "m.ods", data, user=None)
    assert str(refused.value.problems[0]).startswith("Ligne 2, colonne « valeur (C) » : « sept » n’est pas un nombre")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        "indicateur\tdate\tvaleur\nsatisfaction-usagers\t01/01/{y}\t7,5\n",
        'indicateur,date,valeur\nsatisfaction-usagers,01/01/{y},"7,5"\n',
        "indicateur;date;valeur\nsatisfaction-usagers;01/01/{y};7,5\n",
        '"indicateur";"date";"valeur"\n"satisfaction-usagers";"01/01/{y}";"7,5"\n',
    ],
    ids=["tab", "comma-quoted", "semicolon", "semicolon-quoted"],
)
def test_the_csv_dialect_is_sniffed(product, satisfaction, content):
    assert _csv(product, content.format(y=YEAR)).created == 1
    assert satisfaction.measurements.get().value == Decimal("7.5")


@pytest.mark.django_db
def test_one_checker_refuses_values_beyond_the_database_column(satisfaction):
    row, errors = importer.MeasurementChecker([satisfaction]).check(
        1, indicator="satisfaction-usagers", date="01/01/2025", value="100000000000000"
    )
    assert row is None and [(e.field, "hors des valeurs" in e.message) for e in errors] == [("value", True)]


def test_the_row_limit_is_written_with_grouped_thousands_on_the_page_and_in_the_refusal(
    editor_client, product, satisfaction, monkeypatch
):
    html = editor_client.get(f"/produits/{product.slug}/indicateurs/import/").content.decode()
    assert "200\u00a0000 lignes au plus" in html
    monkeypatch.setattr(importer, "MAX_ROWS", 1000)
    rows = "".join(f"{satisfaction.code};{day:%d/%m/%Y};7\n" for day in (datetime.date(2020, 1, 1),) * 1001)
    with pytest.raises(ImportRefused) as refused:
        _csv(product, "indicateur;date;valeur\n" + rows)
    assert "dépasse 1\u00a0000 lignes" in str(refused.value.problems[0])
