"""Roadmap and backlog pages: who sees and changes what, filters, and bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from equipage.delivery.models import Horizon, RoadmapItem, Story, StoryStatus
from tests.delivery.factories import RoadmapItemFactory, StoryFactory, bulk_stories
from tests.indicators.factories import ObjectiveFactory

STORY = {
    "title": "Relancer les dossiers incomplets",
    "as_a": "agent instructeur",
    "i_want": "relancer d’un clic",
    "so_that": "gagner du temps",
    "status": StoryStatus.READY,
    "criteria": "Étant donné un dossier incomplet\nquand je clique sur Relancer\nalors l’usager reçoit un courriel",
    "reach": "1200",
    "impact": "2.00",
    "confidence": "80",
    "effort": "4",
}


@pytest.mark.django_db
def test_roadmap_shows_horizons_quarters_and_a_table(agent_client, product):
    objective = ObjectiveFactory(product=product, title="Réduire les délais")
    item = RoadmapItemFactory(
        product=product, title="Relance automatique", horizon=Horizon.NEXT, target_quarter="2026-T1"
    )
    item.objectives.add(objective)
    html = agent_client.get(f"/produits/{product.slug}/feuille-de-route/").content.decode()
    assert "Relance automatique" in html
    assert "1er trimestre 2026" in html
    assert "Réduire les délais" in html
    assert "<caption>Éléments de la feuille de route" in html
    assert "Nouvel élément" not in html  # agents read only
    assert "Monter" not in html


@pytest.mark.django_db
def test_a_lead_creates_a_roadmap_item_tied_to_an_objective(editor_client, product):
    objective = ObjectiveFactory(product=product)
    response = editor_client.post(
        f"/produits/{product.slug}/feuille-de-route/nouveau/",
        {
            "title": "Tableau de bord",
            "horizon": Horizon.NOW,
            "status": "planifie",
            "objectives": [objective.pk],
            "target_quarter": "2026-t2",
        },
    )
    assert response.status_code == 302
    item = RoadmapItem.objects.get()
    assert item.target_quarter == "2026-T2"
    assert list(item.objectives.all()) == [objective]


@pytest.mark.django_db
def test_a_member_who_does_not_lead_cannot_edit_the_roadmap(member_client, product):
    response = member_client.post(
        f"/produits/{product.slug}/feuille-de-route/nouveau/",
        {"title": "X", "horizon": Horizon.NOW, "status": "planifie"},
    )
    assert response.status_code == 403
    assert not RoadmapItem.objects.exists()


@pytest.mark.django_db
def test_a_bad_quarter_is_refused_in_french(editor_client, product):
    response = editor_client.post(
        f"/produits/{product.slug}/feuille-de-route/nouveau/",
        {"title": "X", "horizon": Horizon.NOW, "status": "planifie", "target_quarter": "T5 2026"},
    )
    assert response.status_code == 200
    assert "AAAA-T1 à AAAA-T4" in response.content.decode()
    assert not RoadmapItem.objects.exists()


@pytest.mark.django_db
def test_a_team_member_writes_a_story_with_criteria_and_rice(member_client, product):
    response = member_client.post(f"/produits/{product.slug}/backlog/nouvelle/", STORY)
    story = Story.objects.get()
    assert response.url == f"/produits/{product.slug}/backlog/{story.number}/"
    assert story.criteria.count() == 3
    assert story.rice == 480
    html = member_client.get(response.url).content.decode()
    assert "En tant que agent instructeur, je veux relancer d’un clic, afin de gagner du temps." in html
    assert "portée 1\xa0200 × impact 2 × confiance 80 % ÷ effort 4" in html
    assert "Création le" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Donnez un titre à la story."),
        ({"criteria": ""}, "Une story ne peut pas être « prête » sans au moins un critère d’acceptation."),
        ({"effort": "0"}, "L’effort doit être strictement positif"),
        ({"reach": "-3"}, "Un facteur RICE ne peut pas être négatif."),
        ({"effort": ""}, "Renseignez les quatre facteurs RICE"),
    ],
)
def test_bad_stories_are_refused_with_a_french_message_and_nothing_saved(member_client, product, change, message):
    response = member_client.post(f"/produits/{product.slug}/backlog/nouvelle/", {**STORY, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_an_agent_outside_the_team_cannot_write_a_story(agent_client, product):
    assert agent_client.post(f"/produits/{product.slug}/backlog/nouvelle/", STORY).status_code == 403
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_backlog_filters_by_status_roadmap_item_missing_criteria_and_text(agent_client, product):
    item = RoadmapItemFactory(product=product)
    StoryFactory(product=product, title="Avec critère", status=StoryStatus.READY, roadmap_item=item, criteria=["Ok"])
    StoryFactory(product=product, title="Idée nue")
    url = f"/produits/{product.slug}/backlog/"
    assert "Idée nue" not in agent_client.get(url, {"statut": "prete"}).content.decode()
    assert "Idée nue" not in agent_client.get(url, {"element": item.pk}).content.decode()
    html = agent_client.get(url, {"sans_criteres": "1"}).content.decode()
    assert "Idée nue" in html and "Avec critère" not in html
    html = agent_client.get(url, {"q": "critère"}).content.decode()
    assert "Avec critère" in html and "Idée nue" not in html


@pytest.mark.django_db
def test_backlog_leaves_unknown_filter_values_aside(agent_client, product):
    StoryFactory(product=product, title="Idée nue")
    url = f"/produits/{product.slug}/backlog/"
    response = agent_client.get(url, {"statut": "inconnu", "element": "abc", "tri": "hasard", "sans_criteres": "oui"})
    assert response.status_code == 200 and "Idée nue" in response.content.decode()
    assert response.context["filters"] == {"q": "", "statut": "", "element": "", "sans_criteres": False, "tri": "rang"}
    assert response.context["filtered"] is False


@pytest.mark.django_db
def test_backlog_sorts_by_rice(agent_client, product):
    StoryFactory(product=product, title="Petit score", reach=10, impact="1", confidence=50, effort="1")
    StoryFactory(product=product, title="Gros score", reach=1000, impact="3", confidence=100, effort="1")
    html = agent_client.get(f"/produits/{product.slug}/backlog/", {"tri": "rice"}).content.decode()
    assert html.index("Gros score") < html.index("Petit score")


@pytest.mark.django_db
def test_a_lead_moves_a_story_with_the_buttons_and_a_member_cannot(client, editor, member, product):
    first, second = StoryFactory(product=product), StoryFactory(product=product)
    client.force_login(member)
    assert (
        client.post(f"/produits/{product.slug}/backlog/{second.number}/deplacer/", {"direction": "haut"}).status_code
        == 403
    )
    assert Story.objects.order_by("rank").first() == first
    client.force_login(editor)
    html = client.get(f"/produits/{product.slug}/backlog/").content.decode()
    assert f'Monter<span class="fr-sr-only"> la story n° {second.number}' in html
    client.post(f"/produits/{product.slug}/backlog/{second.number}/deplacer/", {"direction": "haut"})
    assert Story.objects.order_by("rank").first() == second


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_backlog_and_story_pages_make_a_fixed_number_of_queries(editor_client, product):
    item = RoadmapItemFactory(product=product)
    StoryFactory(product=product, roadmap_item=item, criteria=["Un"])
    backlog = f"/produits/{product.slug}/backlog/"
    few = _queries(editor_client, backlog)
    bulk_stories(product, 400, start=100)
    Story.objects.filter(number__gte=100).update(roadmap_item=item)
    assert _queries(editor_client, backlog) == few
    assert _queries(editor_client, backlog + "?page=5&tri=rice") == few
    story = f"/produits/{product.slug}/backlog/250/"
    assert _queries(editor_client, story) <= 14
    assert _queries(editor_client, f"/produits/{product.slug}/feuille-de-route/") <= 12
