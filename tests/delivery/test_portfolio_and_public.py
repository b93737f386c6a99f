"""The delivery portfolio across products, and a public service's published roadmap."""

import datetime

import pytest
from django.utils import timezone

from equipage.delivery import services
from equipage.delivery.models import RoadmapStatus
from equipage.registry.models import Phase
from tests.delivery.factories import FeedbackFactory, ReleaseFactory, ResearchActivityFactory, RoadmapItemFactory
from tests.factories import OrganisationFactory, ProductFactory

TODAY = timezone.localdate()


@pytest.mark.django_db
def test_portfolio_lists_coming_releases_products_without_research_and_untriaged_feedback(agent_client, editor):
    north = OrganisationFactory(name="Direction du Nord", acronym="DN")
    active = ProductFactory(name="Actif", sponsor=north, phase=Phase.ACCELERATION)
    quiet = ProductFactory(name="Silencieux", sponsor=north)
    ResearchActivityFactory(product=active, date=TODAY)
    release = ReleaseFactory(product=active, name="5.0", planned_date=TODAY + datetime.timedelta(days=20))
    services.prepare_campaign(release, user=editor)
    ReleaseFactory(product=quiet, name="0.9", actual_date=TODAY)  # already in production: not coming
    FeedbackFactory(product=quiet, date=datetime.date(2026, 1, 3))
    html = agent_client.get("/portefeuille/livraison/").content.decode()
    assert "Version 5.0" in html and "Recette en cours" in html
    assert "Version 0.9" not in html
    assert "Silencieux</a> — aucune activité enregistrée" in html
    assert "3 janvier 2026" in html
    filtered = agent_client.get("/portefeuille/livraison/", {"phase": Phase.ACCELERATION}).content.decode()
    assert "Silencieux" not in filtered and "Version 5.0" in filtered
    csv = agent_client.get("/portefeuille/livraison.csv").getvalue().decode()
    assert "Version à venir;Actif;" in csv
    assert "Retours non triés;Silencieux;" in csv


@pytest.mark.django_db
def test_portfolio_queries_do_not_grow_with_products(agent_client):
    from tests.delivery.test_pages import _queries

    def product_with_everything():
        product = ProductFactory()
        ReleaseFactory(product=product)
        FeedbackFactory(product=product)
        ResearchActivityFactory(product=product, date=TODAY - datetime.timedelta(days=400))
        return product

    product_with_everything()
    few = _queries(agent_client, "/portefeuille/livraison/")
    few_export = _queries(agent_client, "/portefeuille/livraison.csv")
    for _ in range(10):
        product_with_everything()
    assert _queries(agent_client, "/portefeuille/livraison/") == few
    assert _queries(agent_client, "/portefeuille/livraison.csv") == few_export


@pytest.mark.django_db
def test_portfolio_counts_untriaged_feedback_and_last_research_per_product(agent_client):
    old = ProductFactory(name="Ancien")
    recent = ProductFactory(name="Récent")
    ResearchActivityFactory(product=old, date=datetime.date(2024, 3, 15))
    ResearchActivityFactory(product=old, date=datetime.date(2024, 6, 12))
    ResearchActivityFactory(product=recent, date=TODAY - datetime.timedelta(days=10))
    for day in (5, 9):
        FeedbackFactory(product=old, date=datetime.date(2026, 2, day))
    FeedbackFactory(product=recent, date=datetime.date(2026, 1, 7))
    html = agent_client.get("/portefeuille/livraison/").content.decode()
    assert "Ancien</a> — dernière activité le 12 juin 2024" in html
    assert "Récent</a> —" not in html
    assert "Sans recherche utilisateur depuis six mois (1)" in html
    assert "Retours terrain en attente de tri (2 produits)" in html
    assert html.index("Récent</a></th><td>1</td><td>7 janvier 2026") < html.index(
        "Ancien</a></th><td>2</td><td>5 février"
    )
    csv = agent_client.get("/portefeuille/livraison.csv").getvalue().decode()
    assert "Retours non triés;Ancien;" in csv and ";2026-02-05;;2" in csv


@pytest.mark.django_db
def test_a_public_service_shows_its_published_roadmap_without_an_account(client):
    product = ProductFactory(slug="service-public", is_public_service=True)
    RoadmapItemFactory(product=product, title="Paiement en ligne", is_published=True, target_quarter="2026-T4")
    RoadmapItemFactory(product=product, title="Chantier interne")
    RoadmapItemFactory(product=product, title="Abandonné", is_published=True, status=RoadmapStatus.DROPPED)
    html = client.get("/produits/service-public/statistiques/").content.decode()
    assert "Paiement en ligne" in html and "4e trimestre 2026" in html
    assert "Chantier interne" not in html and "Abandonné" not in html
    csv = client.get("/produits/service-public/feuille-de-route.csv").getvalue().decode()
    assert "Paiement en ligne;Plus tard" not in csv and "Paiement en ligne;Maintenant;2026-T4" in csv
    assert "Chantier interne" not in csv
    data = client.get("/produits/service-public/feuille-de-route.json").json()
    assert [item["title"] for item in data["items"]] == ["Paiement en ligne"]


@pytest.mark.django_db
def test_a_product_that_is_not_a_public_service_has_no_public_roadmap(client):
    product = ProductFactory(slug="interne", is_public_service=False)
    RoadmapItemFactory(product=product, is_published=True)
    assert client.get("/produits/interne/feuille-de-route.json").status_code == 404
    assert client.get("/produits/interne/feuille-de-route.csv").status_code == 404
