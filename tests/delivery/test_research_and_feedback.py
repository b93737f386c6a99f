"""User research with insights, the field feedback inbox and its triage, and each story's evidence."""

import pytest

from equipage.delivery.models import Feedback, Insight, ResearchActivity, Triage, split_tags
from tests.delivery.factories import FeedbackFactory, ResearchActivityFactory, StoryFactory
from tests.factories import person_for


def test_tags_are_trimmed_lowercased_unique_and_sorted():
    assert split_tags(" Mobile, accessibilité ; mobile,, ") == ["accessibilité", "mobile"]


@pytest.mark.django_db
def test_a_member_records_a_research_activity_with_the_team_members_present(member_client, member, product):
    response = member_client.post(
        f"/produits/{product.slug}/recherche/nouvelle/",
        {
            "kind": "test_utilisabilite",
            "title": "Test du formulaire",
            "date": "2026-01-12",
            "participants": "6",
            "team_members": [person_for(member).pk],
            "summary": "Le champ date bloque.",
        },
    )
    activity = ResearchActivity.objects.get()
    assert response.url == f"/produits/{product.slug}/recherche/{activity.pk}/"
    assert list(activity.team_members.all()) == [person_for(member)]


@pytest.mark.django_db
def test_an_insight_links_stories_by_number_and_the_story_shows_its_evidence(member_client, product):
    activity = ResearchActivityFactory(product=product)
    story = StoryFactory(product=product)
    url = f"/produits/{product.slug}/recherche/{activity.pk}/"
    response = member_client.post(url, {"text": "Les agents impriment tout", "tags": "Papier", "story_numbers": "999"})
    assert response.status_code == 400
    assert "Aucune story de ce produit ne porte le numéro 999." in response.content.decode()
    assert not Insight.objects.exists()
    member_client.post(
        url, {"text": "Les agents impriment tout", "tags": "Papier", "story_numbers": f"#{story.number}"}
    )
    insight = Insight.objects.get()
    assert insight.tags == "papier" and list(insight.stories.all()) == [story]
    FeedbackFactory(product=product).stories.add(story)
    html = member_client.get(f"/produits/{product.slug}/backlog/").content.decode()
    assert "1 enseignement, 1 retour" in html
    html = member_client.get(story.get_absolute_url()).content.decode()
    assert "1 enseignement de recherche, 1 retour terrain." in html


@pytest.mark.django_db
def test_the_inbox_shows_what_waits_for_triage_oldest_first(agent_client, product):
    FeedbackFactory(product=product, verbatim="Déjà trié", status=Triage.DISMISSED)
    FeedbackFactory(product=product, verbatim="À trier")
    html = agent_client.get(f"/produits/{product.slug}/retours/").content.decode()
    assert "À trier" in html and "Déjà trié" not in html
    assert "1 retour attend d’être trié." in html
    assert "Enregistrer le tri" not in html  # agents read only


@pytest.mark.django_db
def test_triage_links_feedback_to_a_story_and_refuses_a_link_without_story(member_client, product):
    item = FeedbackFactory(product=product)
    story = StoryFactory(product=product)
    url = f"/produits/{product.slug}/retours/{item.pk}/tri/"
    member_client.post(url, {"status": Triage.LINKED, "story_numbers": ""})
    item.refresh_from_db()
    assert item.status == Triage.NEW
    member_client.post(url, {"status": Triage.QUALIFIED, "story_numbers": str(story.number)})
    item.refresh_from_db()
    assert item.status == Triage.LINKED
    assert list(item.stories.all()) == [story]


@pytest.mark.django_db
def test_an_agent_outside_the_team_cannot_write_feedback(agent_client, product):
    response = agent_client.post(
        f"/produits/{product.slug}/retours/nouveau/", {"channel": "support", "date": "2026-01-01", "verbatim": "X"}
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_inbox_and_research_pages_make_a_fixed_number_of_queries(editor_client, product):
    from tests.delivery.test_pages import _queries

    story = StoryFactory(product=product)
    FeedbackFactory(product=product).stories.add(story)
    ResearchActivityFactory(product=product)
    inbox, research = f"/produits/{product.slug}/retours/?tri=tous", f"/produits/{product.slug}/recherche/"
    few = _queries(editor_client, inbox), _queries(editor_client, research)
    for _ in range(8):
        FeedbackFactory(product=product).stories.add(story)
        ResearchActivityFactory(product=product)
    assert (_queries(editor_client, inbox), _queries(editor_client, research)) == few


@pytest.mark.django_db
def test_the_inbox_filters_by_status_channel_and_tag_and_names_an_unknown_value_in_french(agent_client, product):
    FeedbackFactory(product=product, verbatim="Support papier", channel="support", tags="papier")
    FeedbackFactory(product=product, verbatim="Écarté", status=Triage.DISMISSED, channel="support", tags="papier")
    FeedbackFactory(product=product, verbatim="Par courriel", channel="courriel", tags="papier")
    url = f"/produits/{product.slug}/retours/"
    page = agent_client.get(url, {"canal": "support", "etiquette": "PAPIER"})
    assert [item.verbatim for item in page.context["items"]] == ["Support papier"]
    every = agent_client.get(url, {"tri": "tous", "canal": "support"})
    assert {item.verbatim for item in every.context["items"]} == {"Support papier", "Écarté"}
    refused = agent_client.get(url, {"tri": "bidule", "canal": "pigeon"})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Valeur inconnue « bidule » : attendu l’une de" in html and "Valeur inconnue « pigeon »" in html
