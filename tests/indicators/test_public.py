import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from equipage.registry.models import Phase, Product
from tests.factories import ProductFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

TODAY = timezone.localdate()


@pytest.fixture
def public_product(db):
    product = ProductFactory(
        name="Aides en ligne", slug="aides-en-ligne", is_public_service=True, phase=Phase.ACCELERATION
    )
    objective = ObjectiveFactory(product=product, title="Plus de demandes en ligne")
    published = IndicatorFactory(
        objective=objective, name="Part des demandes en ligne", code="part-en-ligne", is_published=True
    )
    secret = IndicatorFactory(objective=objective, name="Coût interne secret", code="cout-secret", is_published=False)
    for indicator, value in ((published, "61.5"), (secret, "987654")):
        MeasurementFactory(indicator=indicator, date=TODAY - datetime.timedelta(days=5), value=Decimal(value))
    return product


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["statistiques/", "statistiques.csv", "statistiques.json"])
def test_anyone_reads_published_indicators_and_never_the_unpublished(client, public_product, suffix):
    response = client.get(f"/produits/aides-en-ligne/{suffix}")
    assert response.status_code == 200
    body = _body(response)
    assert "Part des demandes en ligne" in body
    assert "61" in body
    assert "Coût interne secret" not in body and "cout-secret" not in body and "987654" not in body


@pytest.mark.django_db
def test_public_page_has_chart_table_and_downloads(client, public_product):
    html = client.get("/produits/aides-en-ligne/statistiques/").content.decode()
    assert 'role="img"' in html and "Données du graphique « Part des demandes en ligne »" in html
    assert "/produits/aides-en-ligne/statistiques.csv?indicateur=part-en-ligne" in html
    assert "Statistiques" in html  # main navigation entry, for anonymous visitors too


@pytest.mark.django_db
def test_public_json_shape(client, public_product):
    data = json.loads(client.get("/produits/aides-en-ligne/statistiques.json").content)
    assert data["product"]["slug"] == "aides-en-ligne"
    [indicator] = data["indicators"]
    assert indicator["code"] == "part-en-ligne"
    assert indicator["measurements"] == [{"date": (TODAY - datetime.timedelta(days=5)).isoformat(), "value": 61.5}]
    assert indicator["status"] in {"en_bonne_voie", "en_retard", "atteinte", "non_evaluable"}


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["statistiques/", "statistiques.csv", "statistiques.json"])
@pytest.mark.parametrize("change", [{"is_public_service": False}, {"archived_at": timezone.now()}])
def test_non_public_or_archived_products_have_no_public_statistics(
    client, admin_client, public_product, suffix, change
):
    Product.objects.filter(pk=public_product.pk).update(**change)
    assert client.get(f"/produits/aides-en-ligne/{suffix}").status_code == 404
    assert admin_client.get(f"/produits/aides-en-ligne/{suffix}").status_code == 404


@pytest.mark.django_db
def test_portfolio_statistics_are_public_in_html_csv_and_json(client, public_product):
    ProductFactory(phase=Phase.CONSTRUCTION)
    ProductFactory(archived_at=timezone.now())
    html = client.get("/statistiques/").content.decode()
    assert "Statistiques du portefeuille" in html and "Aides en ligne" in html
    csv_body = _body(client.get("/statistiques.csv"))
    assert "ensemble,Produits actifs,2" in csv_body
    assert "ensemble,Services publics qui publient leurs statistiques,1" in csv_body
    assert "phase,Accélération,1" in csv_body
    data = json.loads(client.get("/statistiques.json").content)
    assert data["active_products"] == 2
    assert data["published_indicators"] == 1
    assert data["statistics_pages"][0]["slug"] == "aides-en-ligne"
    assert {row["phase"]: row["products"] for row in data["by_phase"]}["construction"] == 1


def test_include_if_exists_renders_an_existing_template_and_nothing_for_a_missing_one():
    from django.template import engines

    engine = engines["django"]
    missing = engine.from_string(
        '{% load indicators_tags %}[{% include_if_exists "compliance/pas-de-gabarit.html" product=product %}]'
    )
    assert missing.render({"product": "P"}) == "[]"
    existing = engine.from_string(
        '{% load indicators_tags %}{% include_if_exists "indicators/_sheet_summary.html" indicator_summary=s %}'
    )
    summary = {"count": 0, "overview_url": "/x/", "public_url": ""}
    assert "Aucun indicateur n’est encore défini." in existing.render({"s": summary, "product": {"name": "P"}})


@pytest.mark.django_db
def test_portfolio_figures_group_thousands_on_the_page_and_stay_plain_in_the_open_data(client, public_product):
    from equipage.indicators.models import Indicator, Measurement

    indicator = Indicator.objects.get(code="part-en-ligne")
    start = datetime.date(2020, 1, 1)
    Measurement.objects.bulk_create(
        MeasurementFactory.build(indicator=indicator, date=start + datetime.timedelta(days=day)) for day in range(1200)
    )
    html = client.get("/statistiques/").content.decode()
    assert '<p class="fr-h3 fr-mb-0">1\u00a0202</p>' in html
    assert "ensemble,Mesures enregistrées,1202" in _body(client.get("/statistiques.csv"))
