"""Saving stories with their criteria, and moving stories and roadmap items by one rank."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from equipage.delivery import services
from equipage.delivery.models import NOT_READY_WITHOUT_CRITERIA, Horizon, RoadmapItem, Story, StoryStatus
from tests.delivery.factories import RoadmapItemFactory, StoryFactory, bulk_stories


@pytest.mark.django_db
def test_a_new_story_gets_the_next_number_and_the_last_rank_and_keeps_its_criteria_in_order(product, editor):
    StoryFactory(product=product, number=7, rank=9000)
    story = services.save_story(
        Story(product=product, title="Relancer", status=StoryStatus.READY),
        ["Étant donné un dossier incomplet, alors une relance part", "", "  Le courriel cite la pièce manquante "],
        user=editor,
    )
    assert story.number == 8
    assert story.rank > 9000
    assert list(story.criteria.values_list("position", "text")) == [
        (1, "Étant donné un dossier incomplet, alors une relance part"),
        (2, "Le courriel cite la pièce manquante"),
    ]
    assert story.history.get().history_user == editor


@pytest.mark.django_db
def test_a_ready_story_without_criteria_is_refused_and_nothing_is_saved(product, editor):
    with pytest.raises(ValidationError) as error:
        services.save_story(Story(product=product, title="Sans critère", status=StoryStatus.READY), [], user=editor)
    assert error.value.message_dict["status"] == [NOT_READY_WITHOUT_CRITERIA]
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_a_story_without_title_or_with_effort_zero_is_refused(product, editor):
    with pytest.raises(ValidationError) as error:
        services.save_story(Story(product=product, title=""), [], user=editor)
    assert "title" in error.value.message_dict
    story = Story(product=product, title="RICE", reach=10, impact=Decimal("1"), confidence=50, effort=Decimal("0"))
    with pytest.raises(ValidationError) as error:
        services.save_story(story, [], user=editor)
    assert "effort" in error.value.message_dict
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_changing_criteria_updates_adds_and_removes_with_history(product, editor):
    story = StoryFactory(product=product, criteria=["Un", "Deux", "Trois"])
    services.save_story(story, ["Un", "Deux modifié"], user=editor)
    assert list(story.criteria.values_list("text", flat=True)) == ["Un", "Deux modifié"]
    removed = story.criteria.model.history.filter(story_id=story.pk, history_type="-").get()
    assert removed.text == "Trois"
    assert removed.history_user == editor


@pytest.mark.django_db
def test_moving_a_story_up_swaps_it_with_the_one_above(product, editor):
    first, second, third = (StoryFactory(product=product) for _ in range(3))
    assert services.move(third, services.UP, user=editor)
    ordered = list(Story.objects.filter(product=product).order_by("rank").values_list("pk", flat=True))
    assert ordered == [first.pk, third.pk, second.pk]
    assert not services.move(first, services.UP, user=editor)  # already first
    assert services.move(first, services.DOWN, user=editor)
    ordered = list(Story.objects.filter(product=product).order_by("rank").values_list("pk", flat=True))
    assert ordered == [third.pk, first.pk, second.pk]


@pytest.mark.django_db
def test_moving_a_story_writes_two_rows_whatever_the_size_of_the_backlog(product, editor):
    stories = bulk_stories(product, 300)
    middle = Story.objects.get(product=product, number=150)
    with CaptureQueriesContext(connection) as queries:
        services.move(middle, services.UP, user=editor)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    # Two stories updated, two history rows.
    assert len(writes) == 4
    assert len(queries) <= 10
    assert Story.objects.get(pk=middle.pk).rank == stories[148].rank


@pytest.mark.django_db
def test_roadmap_items_move_within_their_horizon_only(product, editor):
    now_first = RoadmapItemFactory(product=product, horizon=Horizon.NOW)
    RoadmapItemFactory(product=product, horizon=Horizon.NEXT)
    now_second = RoadmapItemFactory(product=product, horizon=Horizon.NOW)
    assert services.move(now_second, services.UP, user=editor)
    ordered = RoadmapItem.objects.filter(product=product, horizon=Horizon.NOW).order_by("rank")
    assert list(ordered.values_list("pk", flat=True)) == [now_second.pk, now_first.pk]
