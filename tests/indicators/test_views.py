import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from equipage.indicators.models import Indicator, Measurement, Objective, ProductToken, hash_secret
from equipage.registry.models import Product
from tests.factories import ProductFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

TODAY = timezone.localdate()


def _series(indicator, days=400, step=1, start_value=20):
    start = TODAY - datetime.timedelta(days=days)
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, date=start + datetime.timedelta(days=i), value=Decimal(start_value + i % 50))
        for i in range(0, days, step)
    )


THIS_MONTH = TODAY.replace(day=1)
PREVIOUS_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def indicator(product):
    indicator = IndicatorFactory(
        objective=ObjectiveFactory(product=product, title="Simplifier la démarche"),
        name="Taux de dossiers complets",
        code="dossiers-complets",
    )
    # A monthly indicator: its measurements are dated the first of their month.
    MeasurementFactory(indicator=indicator, date=PREVIOUS_MONTH, value=Decimal("45.5"))
    MeasurementFactory(indicator=indicator, date=THIS_MONTH, value=Decimal("52"))
    return indicator


@pytest.mark.django_db
def test_overview_shows_objectives_indicators_chart_and_data_table(agent_client, product, indicator):
    response = agent_client.get(f"/produits/{product.slug}/indicateurs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Simplifier la démarche" in html
    assert "Taux de dossiers complets" in html
    assert '<svg class="eq-chart__svg" role="img"' in html
    assert "Données du graphique « Taux de dossiers complets »" in html
    assert "52\u202f%" in html
    assert "Nouvel objectif" not in html  # agents read only
    assert f"/produits/{product.slug}/indicateurs/{indicator.pk}/mesures.csv" in html
    assert "Context: card" not in html  # the chart template's comment stays out of the page


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/produits/{slug}/indicateurs/", "/produits/{slug}/statistiques/"])
def test_indicator_pages_make_the_same_number_of_queries_for_1_or_20_indicators(editor_client, path):
    """Twenty charts under two objectives, some of every value and some averaged by week: as many queries as one."""
    one = ProductFactory(is_public_service=True)
    twenty = ProductFactory(is_public_service=True)
    _series(IndicatorFactory(objective=ObjectiveFactory(product=one), is_published=True), days=60)
    objectives = [ObjectiveFactory(product=twenty), ObjectiveFactory(product=twenty)]
    for number in range(20):
        indicator = IndicatorFactory(objective=objectives[number % 2], is_published=True)
        _series(indicator, days=400 if number % 2 else 60)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(path.format(slug=one.slug))
    assert response.content.decode().count('<svg class="eq-chart__svg"') == 1
    first = len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(path.format(slug=twenty.slug))
    html = response.content.decode()
    assert html.count('<svg class="eq-chart__svg"') == 20
    assert "Mesures (moyenne par semaine)" in html  # the long series are averaged in the database
    assert len(queries) == first
    measurement_reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "indicators_measurement"')]
    assert len(measurement_reads) == 2  # the periods chosen, then every average: whatever the number of charts


@pytest.mark.django_db
def test_long_daily_series_are_aggregated_by_period_in_the_database(agent_client, product):
    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product))
    _series(indicator, days=5 * 365)
    response = agent_client.get(indicator.get_absolute_url())
    html = response.content.decode()
    assert "moyenne des mesures par mois" in html
    # A row a month in the chart's data table and one page of measurements below it, never 1,825 rows.
    assert 60 + 50 <= html.count('<th scope="row">') <= 62 + 50


@pytest.mark.django_db
def test_editor_defines_an_objective_then_an_indicator_then_records_a_measurement(editor_client, product):
    response = editor_client.post(
        f"/produits/{product.slug}/indicateurs/objectifs/nouveau/",
        {"title": "Réduire les délais", "beneficiaries": "Demandeurs", "due_date": "2027-06-30", "position": 1},
    )
    assert response.status_code == 302
    objective = Objective.objects.get(product=product)
    response = editor_client.post(
        f"/produits/{product.slug}/indicateurs/nouveau/",
        {
            "objective": objective.pk,
            "name": "Délai moyen d’instruction",
            "code": "",
            "unit": "jours",
            "direction": "baisse",
            "baseline": "30,5",
            "baseline_date": "2025-01-01",
            "target": "10",
            "target_date": "2027-06-30",
            "frequency": "mensuelle",
            "source": "Requête en base",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator = Indicator.objects.get(product=product)
    assert indicator.code == "delai-moyen-dinstruction"
    assert indicator.baseline == Decimal("30.5")
    response = editor_client.post(
        f"/produits/{product.slug}/indicateurs/{indicator.pk}/mesures/nouvelle/",
        {"date": (TODAY - datetime.timedelta(days=2)).isoformat(), "value": "1 234,5", "comment": "Premier mois"},
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.value == Decimal("1234.5")
    assert measurement.history.get().history_user.email == product.memberships.get().person.user.email


@pytest.mark.django_db
def test_a_second_value_on_the_same_date_is_refused_and_a_future_date_too(editor_client, product, indicator):
    url = f"/produits/{product.slug}/indicateurs/{indicator.pk}/mesures/nouvelle/"
    # Any day of this month is this month's measurement, which already exists.
    response = editor_client.post(url, {"date": TODAY.isoformat(), "value": "60"})
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    response = editor_client.post(url, {"date": (TODAY + datetime.timedelta(days=1)).isoformat(), "value": "60"})
    assert "dans le futur" in response.content.decode()
    assert indicator.measurements.count() == 2


@pytest.mark.django_db
def test_correcting_a_measurement_keeps_the_old_value_in_history(editor_client, product, indicator):
    measurement = indicator.measurements.order_by("date").first()
    response = editor_client.post(
        f"/produits/{product.slug}/indicateurs/mesures/{measurement.pk}/corriger/",
        {"value": "47", "comment": "", "reason": "Erreur de saisie"},
    )
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.value == Decimal("47")
    old, new = measurement.history.order_by("history_date")
    assert old.value == Decimal("45.5") and new.value == Decimal("47")
    assert new.history_change_reason == "Erreur de saisie"
    page = editor_client.get(f"/produits/{product.slug}/indicateurs/{indicator.pk}/historique/").content.decode()
    assert "Erreur de saisie" in page and "45,5" in page and "Correction" in page


@pytest.mark.django_db
def test_a_withdrawn_measurement_is_no_longer_shown_in_charts(editor_client, product, indicator):
    measurement = indicator.measurements.order_by("date").last()
    editor_client.post(
        f"/produits/{product.slug}/indicateurs/mesures/{measurement.pk}/corriger/",
        {"value": "52", "withdrawn": "on", "reason": "Doublon"},
    )
    page = editor_client.get(f"/produits/{product.slug}/indicateurs/").content.decode()
    assert "45,5\u202f%" in page
    assert "Dernière valeur</dt><dd>45,5" in page
    assert Measurement.objects.filter(pk=measurement.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/produits/{slug}/indicateurs/objectifs/nouveau/",
        "/produits/{slug}/indicateurs/nouveau/",
        "/produits/{slug}/indicateurs/import/",
        "/produits/{slug}/indicateurs/jetons/",
        "/produits/{slug}/indicateurs/{pk}/mesures/nouvelle/",
    ],
)
def test_agents_cannot_change_indicators(agent_client, product, indicator, path):
    assert agent_client.get(path.format(slug=product.slug, pk=indicator.pk)).status_code == 403


@pytest.mark.django_db
def test_archived_products_are_read_only(editor_client, product, indicator):
    Product.objects.filter(pk=product.pk).update(archived_at=timezone.now())
    response = editor_client.get(f"/produits/{product.slug}/indicateurs/{indicator.pk}/mesures/nouvelle/")
    assert response.status_code == 403
    assert "ses objectifs et ses indicateurs ne se modifient plus" in response.content.decode()
    response = editor_client.post(f"/produits/{product.slug}/indicateurs/objectifs/nouveau/", {"title": "X"})
    assert response.status_code == 403
    assert not Objective.objects.filter(title="X").exists()
    response = editor_client.post(f"/produits/{product.slug}/indicateurs/jetons/", {"name": "Script"})
    assert response.status_code == 403
    assert not ProductToken.objects.exists()
    assert editor_client.get(f"/produits/{product.slug}/indicateurs/jetons/").status_code == 200
    page = editor_client.get(f"/produits/{product.slug}/indicateurs/").content.decode()
    assert "Nouvel objectif" not in page and "archivé" in page


@pytest.mark.django_db
def test_indicator_csv_download(agent_client, product, indicator):
    response = agent_client.get(f"/produits/{product.slug}/indicateurs/{indicator.pk}/mesures.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0] == "indicateur;date;valeur;commentaire;retiree;origine;modifiee_le"
    assert lines[1].startswith(f"dossiers-complets;{PREVIOUS_MONTH};45,5;")


@pytest.mark.django_db
def test_tokens_are_shown_once_stored_hashed_and_revocable(editor_client, product):
    response = editor_client.post(f"/produits/{product.slug}/indicateurs/jetons/", {"name": "Export Matomo"})
    html = response.content.decode()
    token = ProductToken.objects.get(product=product)
    secret = html.split('id="jeton-secret">')[1].split("<")[0]
    assert secret.startswith("eqp_") and token.key_hash == hash_secret(secret)
    assert secret not in editor_client.get(f"/produits/{product.slug}/indicateurs/jetons/").content.decode()
    editor_client.post(f"/produits/{product.slug}/indicateurs/jetons/{token.pk}/revoquer/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.count() == 2
