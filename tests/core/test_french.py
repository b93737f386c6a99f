"""French typography helpers: elisions, dates, numbers and percentages read as written by hand."""

import datetime
from decimal import Decimal

import pytest

from equipage.core import french


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Atlas", "d’Atlas"),
        ("Avis juridiques", "d’Avis juridiques"),
        ("Aides inclusion", "d’Aides inclusion"),
        ("Émilie Colin", "d’Émilie Colin"),
        ("Observatoire de l’insertion", "d’Observatoire de l’insertion"),
        ("Hugo Blanc", "d’Hugo Blanc"),
        ("Yves Martin", "d’Yves Martin"),
        ("Mon parcours emploi", "de Mon parcours emploi"),
        ("Yann Le Gall", "de Yann Le Gall"),
        ("hausse des délais", "de hausse des délais"),
        ("Démat’ social", "de Démat’ social"),
        ("« Atlas »", "d’« Atlas »"),
    ],
)
def test_de_elides_before_a_vowel_or_a_mute_h_only(text, expected):
    assert french.de(text) == expected


def test_articles_elide_and_keep_their_capital():
    assert french.le("équipe", "la") == "l’équipe"
    assert french.le("rôle") == "le rôle"
    assert french.elide("De", "Atlas") == "D’Atlas"
    assert french.elide("que", "il") == "qu’il"
    assert french.elide("pour", "Atlas") == "pour Atlas"


def test_agreement_and_plural():
    assert french.agree("suivi", feminine=False) == "suivi"
    assert french.agree("mensuel", feminine=True) == "mensuelle"
    assert french.agree("suivi", feminine=True, plural=True) == "suivies"
    assert french.plural(0, "produit") == "0 produit"
    assert french.plural(1, "produit") == "1 produit"
    assert french.plural(2, "produit") == "2 produits"
    assert french.plural(1200, "travail", "travaux") == "1\u00a0200 travaux"


def test_dates_read_first_of_the_month_as_premier():
    assert french.date(datetime.date(2024, 9, 1)) == "1er septembre 2024"
    assert french.date(datetime.date(2024, 10, 15)) == "15 octobre 2024"
    assert french.date(datetime.date(2024, 10, 1), year=False) == "1er octobre"
    assert french.date(None) == ""


def test_month_abbreviations_are_unambiguous():
    labels = [french.month_short(datetime.date(2025, month, 1), year=False) for month in range(1, 13)]
    assert len(set(labels)) == 12
    assert labels[5:8] == ["juin", "juil.", "août"]
    assert not any(label.startswith("Jui") or label == "Aoû" for label in labels)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (200000, None, "200\u00a0000"),
        (Decimal("20.7000"), None, "20,7"),
        (Decimal("1234.56"), None, "1\u00a0234,56"),
        ("72.50", None, "72,5"),
        (3, None, "3"),
        (Decimal("2.0"), None, "2"),
        (Decimal("1.23456"), 2, "1,23"),
        (-1500.5, None, "-1\u00a0500,5"),
        (None, None, ""),
        ("n/a", None, "n/a"),
    ],
)
def test_numbers_group_thousands_and_use_a_decimal_comma(value, decimals, expected):
    assert french.number(value, decimals) == expected


def test_percentages_share_one_rounding_rule():
    assert french.percent(Decimal("72.50")) == "72,5\u00a0%"
    assert french.percent(72.5) == "72,5\u00a0%"
    assert french.percent(100) == "100\u00a0%"
    assert french.percent(Decimal("33.333")) == "33,3\u00a0%"
    assert french.percent(None) == ""


def test_decimal_comma_for_spreadsheet_cells_has_no_grouping():
    assert french.decimal_comma(Decimal("1234.50")) == "1234,5"
    assert french.decimal_comma(-3) == "-3"
    assert french.decimal_comma(None) == ""


def test_times_and_weekdays_read_the_first_of_the_month_as_premier_too():
    paris = datetime.timezone(datetime.timedelta(hours=1))
    moment = datetime.datetime(2026, 12, 1, 0, 28, 9, tzinfo=datetime.UTC)  # 01:28:09 in Paris
    assert french.date_time(moment) == "1er décembre 2026 à 01:28"
    assert french.date_time(moment.astimezone(paris), seconds=True) == "1er décembre 2026 à 01:28:09"
    assert french.date_time(None) == ""
    assert french.weekday_date(datetime.date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert french.weekday_date(datetime.date(2026, 12, 6)) == "dimanche 6 décembre 2026"


def test_sentences_built_from_product_names_elide_before_a_vowel(db):
    """The names shown in histories, e-mail subjects and chart titles: « Homologation d’Atlas »."""
    from equipage.compliance.models import AccessibilityRecord, Homologation
    from equipage.governance.models import ResponsibilityMatrix
    from tests.factories import ProductFactory

    atlas = ProductFactory.build(name="Atlas")
    assert str(Homologation(product=atlas)) == "Homologation d’Atlas"
    assert str(AccessibilityRecord(product=atlas)) == "Accessibilité d’Atlas"
    assert str(ResponsibilityMatrix(product=atlas)) == "Matrice des responsabilités d’Atlas"
    assert str(Homologation(product=ProductFactory.build(name="Mon parcours"))) == "Homologation de Mon parcours"


@pytest.mark.parametrize("value", [0, 7, 999, 1000, 20_000, 1_234_567, -5, -1_500, -999_999])
def test_whole_numbers_read_the_same_through_the_quick_path_as_through_the_locale(value):
    from django.utils import formats as django_formats

    assert french.number(value) == django_formats.number_format(value, use_l10n=True, force_grouping=True)
    assert french.number(value) == french.number(Decimal(value))
