import datetime
from decimal import Decimal

import pytest

from equipage.core.formats import (
    MONTH_ABBREVIATIONS,
    format_number,
    long_date,
    parse_date,
    parse_decimal,
    short_date,
    short_month,
)


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("1 234,5", "1234.5"),
        ("1\u202f234,50", "1234.50"),
        ("1\u00a0234", "1234"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("-3.25", "-3.25"),
        ("45 %", "45"),
        ("12 €", "12"),
        (12.5, "12.5"),
        (Decimal("7"), "7"),
    ],
)
def test_numbers_are_read_as_people_write_them(written, number):
    assert parse_decimal(written) == Decimal(number)


@pytest.mark.parametrize("written", ["12,5,3", "douze", "", "1..2", True, "NaN", float("inf")])
def test_what_is_not_a_number_is_refused_in_french(written):
    with pytest.raises(ValueError, match="n’est pas un nombre"):
        parse_decimal(written)


def test_dates_are_read_as_people_and_spreadsheets_write_them():
    assert parse_date("5/3/2025") == datetime.date(2025, 3, 5)
    assert parse_date("05.03.2025") == datetime.date(2025, 3, 5)
    assert parse_date("2025-03-05T00:00:00") == datetime.date(2025, 3, 5)
    assert parse_date("03/2025") == datetime.date(2025, 3, 1)
    assert parse_date("2025-03") == datetime.date(2025, 3, 1)
    assert parse_date(datetime.datetime(2025, 3, 5, 0, 0)) == datetime.date(2025, 3, 5)
    with pytest.raises(ValueError, match="quatre chiffres"):
        parse_date("05/03/25")
    with pytest.raises(ValueError, match="qui existe"):
        parse_date("31/02/2025")
    with pytest.raises(ValueError, match="n’est pas une date"):
        parse_date(45000)


def test_numbers_and_dates_are_written_the_french_way():
    assert format_number(Decimal("200000")) == "200\u00a0000"
    assert format_number(Decimal("72.50")) == "72,5"
    assert format_number(Decimal("20.7000"), 4) == "20,7"
    assert format_number(None) == "—"
    assert long_date(datetime.date(2026, 10, 1)) == "1er octobre 2026"
    assert long_date(datetime.date(2026, 9, 15)) == "15 septembre 2026"
    assert short_date(datetime.date(2026, 7, 1)) == "1er juil."


def test_month_abbreviations_are_unambiguous():
    assert len(set(MONTH_ABBREVIATIONS)) == 12
    assert short_month(datetime.date(2026, 6, 1)) == "juin 2026"
    assert short_month(datetime.date(2026, 7, 1)) == "juil. 2026"
    assert short_month(datetime.date(2026, 8, 1), year=False) == "août"
    assert all(not label.startswith("Jui") for label in MONTH_ABBREVIATIONS)


def _as_django_formats_it(value, places: int) -> str:
    """format_number as it was written before (Django's number_format after rounding): the reference."""
    from decimal import ROUND_HALF_UP

    from django.utils import formats

    text = format(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return formats.number_format(Decimal(text), decimal_pos=decimals, use_l10n=True, force_grouping=True)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_numbers_are_written_as_django_writes_them_in_the_active_language(language):
    from django.utils import translation

    values = [0, -0.0, Decimal("-0.001"), Decimal("-0.005"), 7, -1234567, 0.5, 1e-7, 1e15, 123456.789]
    values += [Decimal("999.995"), Decimal("-999.995"), Decimal("1E+3"), Decimal("12.3400"), Decimal("-98765.4321")]
    with translation.override(language):
        for value in values:
            for places in range(5):
                assert format_number(value, places) == _as_django_formats_it(value, places), (value, places)
