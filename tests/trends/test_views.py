import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equipage.trends.snapshots import State, write_day
from equipage.trends.trends import WINDOWS, period_start, portfolio_periods, product_periods
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def history(products, days: int, today: datetime.date) -> None:
    """One snapshot a day: a rule fails every fifth day and passes again the next."""
    from equipage.trends.snapshots import previous_states

    for offset in range(days, -1, -1):
        day = today - datetime.timedelta(days=offset)
        failing = offset % 5 == 0
        states = {
            p.pk: State(level_rank=0 if failing else 1, watch=int(failing), codes=frozenset({"A"} if failing else ()))
            for p in products
        }
        write_day(day, states, previous_states(day))


def test_opened_and_closed_rules_are_summed_per_month_without_a_query_per_day(editor):
    today = datetime.date(2026, 3, 31)
    product = ProductFactory()
    history([product], 89, today)
    with CaptureQueriesContext(connection) as queries:
        periods = product_periods(product, today, WINDOWS["annee"])
    assert len(queries) == 1
    assert [p.start for p in periods] == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    ]
    march = periods[-1]
    # Failing on the 31st (offset 0), the 26th, 21st… of March: opened 7 times, closed after each but the last.
    assert (march.opened, march.closed) == (7, 6)
    assert (march.level_down, march.level_up) == (7, 6)
    assert march.level_label == "Non atteint" and march.findings == 1


def test_the_portfolio_trend_sums_every_product_by_week():
    today = datetime.date(2026, 3, 31)
    products = [ProductFactory(), ProductFactory()]
    history(products, 20, today)
    periods = portfolio_periods(today, WINDOWS["trimestre"])
    assert periods[0].start == period_start(today - datetime.timedelta(days=20), "week")
    assert sum(p.opened for p in periods) == 2 * 4  # offsets 15, 10, 5, 0 (20 is the baseline)
    assert periods[-1].levels == {0: 2}


def test_the_portfolio_trends_page_shows_both_charts_and_their_tables(agent_client):
    products = [ProductFactory() for _ in range(2)]
    history(products, 60, timezone.localdate())
    response = agent_client.get(reverse("trends:portfolio"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Règles apparues et résolues" in body and "Niveaux des produits" in body
    assert "Données du graphique : produits par niveau en fin de période" in body
    assert "2 produits actifs" in body


def test_the_portfolio_trends_page_refuses_an_unknown_period_in_french(agent_client):
    response = agent_client.get(reverse("trends:portfolio"), {"periode": "siecle"})
    assert "Période inconnue : « siecle »" in response.content.decode()


def test_the_portfolio_trends_page_costs_the_same_queries_for_one_product_or_many(agent_client):
    today = timezone.localdate()
    first = ProductFactory()
    history([first], 40, today)
    with CaptureQueriesContext(connection) as one:
        agent_client.get(reverse("trends:portfolio"))
    others = [ProductFactory() for _ in range(4)]
    history([first, *others], 40, today)
    with CaptureQueriesContext(connection) as five:
        agent_client.get(reverse("trends:portfolio"))
    assert len(five) == len(one)


def test_the_product_sheet_shows_the_products_trend(agent_client, product):
    history([product], 70, timezone.localdate())
    body = agent_client.get(product.get_absolute_url()).content.decode()
    assert "Tendances sur douze mois" in body
    assert "Données du graphique : règles apparues et résolues pour Mon parcours" in body


def test_the_product_sheet_says_when_no_snapshot_exists_yet(agent_client, product):
    body = agent_client.get(product.get_absolute_url()).content.decode()
    assert "Aucun instantané n’est encore enregistré" in body
