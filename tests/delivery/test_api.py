"""Delivery in the API: same validation and rights as the pages."""

import pytest
from rest_framework.test import APIClient

from equipage.delivery.models import Campaign, Feedback, Release, RoadmapItem, Story, TestCase, Triage
from tests.delivery.factories import FeedbackFactory, ReleaseFactory, StoryFactory
from tests.factories import UserFactory
from tests.indicators.factories import ObjectiveFactory


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_member_writes_a_story_with_criteria_and_rice_through_the_api(member, product):
    url = f"/api/v1/products/{product.slug}/stories/"
    payload = {
        "title": "Relancer",
        "status": "prete",
        "criteria": ["Le courriel part", "Il cite la pièce"],
        "reach": 100,
        "impact": "2.00",
        "confidence": 50,
        "effort": "2",
    }
    response = api(member).post(url, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1 and body["rice"] == "50.00" and body["criteria"] == payload["criteria"]
    listed = api(member).get(url, {"without_criteria": "true"}).json()
    assert listed["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": ""}, "title"), ({"criteria": []}, "status"), ({"effort": "0"}, "effort"), ({"reach": -1}, "reach")],
)
def test_bad_stories_are_refused_by_the_api_and_nothing_saved(member, product, change, field):
    payload = {"title": "X", "status": "prete", "criteria": ["Un"], "reach": 1, "impact": "1.00", "confidence": 50}
    payload["effort"] = "1"
    response = api(member).post(f"/api/v1/products/{product.slug}/stories/", {**payload, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_agents_read_but_do_not_write_and_members_do_not_edit_the_roadmap(agent, member, product):
    assert api(agent).get(f"/api/v1/products/{product.slug}/stories/").status_code == 200
    assert (
        api(agent).post(f"/api/v1/products/{product.slug}/stories/", {"title": "X"}, format="json").status_code == 403
    )
    response = api(member).post(f"/api/v1/products/{product.slug}/roadmap-items/", {"title": "X"}, format="json")
    assert response.status_code == 403
    assert not Story.objects.exists() and not RoadmapItem.objects.exists()
    assert api().get(f"/api/v1/products/{product.slug}/stories/").status_code == 401


@pytest.mark.django_db
def test_a_lead_writes_a_roadmap_item_tied_to_the_product_objectives_only(editor, product):
    mine, other = ObjectiveFactory(product=product), ObjectiveFactory()
    url = f"/api/v1/products/{product.slug}/roadmap-items/"
    assert api(editor).post(url, {"title": "X", "objectives": [other.pk]}, format="json").status_code == 400
    response = api(editor).post(url, {"title": "Tableau", "objectives": [mine.pk], "horizon": "ensuite"}, format="json")
    assert response.status_code == 201
    assert list(RoadmapItem.objects.get().objectives.all()) == [mine]


@pytest.mark.django_db
def test_the_recette_through_the_api(editor, member, policy_owner, product):
    release = ReleaseFactory(product=product, name="2.0")
    StoryFactory(product=product, release=release, criteria=["Le bouton marche"])
    base = f"/api/v1/products/{product.slug}/releases/{release.pk}/recette/"
    assert api(member).post(base).status_code == 403
    assert not Campaign.objects.exists()
    opened = api(editor).post(base)
    assert opened.status_code == 201
    case_id = opened.json()["cases"][0]["id"]
    result_url = f"/api/v1/products/{product.slug}/test-cases/{case_id}/result/"
    outsider = UserFactory()
    assert api(outsider).post(result_url, {"result": "conforme"}, format="json").status_code == 403
    assert TestCase.objects.get(pk=case_id).history.count() == 1
    response = api(member).post(result_url, {"result": "bloquant", "open_bug": True}, format="json")
    assert response.status_code == 200 and response.json()["bug_story"] is not None
    refused = api(policy_owner).post(base + "sign-off/")
    assert refused.status_code == 400
    assert "cas bloquant" in refused.json()["errors"]["detail"][0]
    api(member).post(result_url, {"result": "conforme"}, format="json")
    assert api(editor).post(base + "sign-off/").status_code == 403
    assert Campaign.objects.get().signed_off_by is None
    signed = api(policy_owner).post(base + "sign-off/")
    assert signed.status_code == 200 and signed.json()["state"] == "validee"
    assert api(member).get(f"/api/v1/products/{product.slug}/releases/").json()["results"][0]["recette"] == "validee"
    assert Campaign.objects.get().is_signed and TestCase.objects.get().result == "conforme"


@pytest.mark.django_db
def test_feedback_is_posted_and_triaged_through_the_api(member, product):
    story = StoryFactory(product=product)
    url = f"/api/v1/products/{product.slug}/feedback/"
    created = api(member).post(
        url,
        {"channel": "support", "date": "2026-01-05", "verbatim": "Ça bloque", "tags": "Mobile, mobile"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["tags"] == "mobile"
    detail = f"{url}{created.json()['id']}/"
    assert api(member).patch(detail, {"status": Triage.LINKED}, format="json").status_code == 400
    response = api(member).patch(detail, {"status": Triage.LINKED, "stories": [story.number]}, format="json")
    assert response.status_code == 200
    assert list(Feedback.objects.get().stories.all()) == [story]
    assert api(member).get(url, {"status": "inconnu"}).status_code == 400
    FeedbackFactory(product=product)
    assert api(member).get(url, {"status": "nouveau"}).json()["count"] == 1


@pytest.mark.django_db
def test_story_and_release_lists_make_a_fixed_number_of_queries(member, product, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    StoryFactory(product=product, criteria=["Un"])
    ReleaseFactory(product=product)
    client = api(member)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/api/v1/products/{product.slug}/stories/")
            client.get(f"/api/v1/products/{product.slug}/releases/")
        counts.append(len(captured))
        for _ in range(5):
            StoryFactory(product=product, criteria=["Un", "Deux"])
            ReleaseFactory(product=product)
    assert counts[0] == counts[1]
    assert Release.objects.count() == 11
