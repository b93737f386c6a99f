"""Factories and helpers for the delivery tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from equipage.delivery.models import (
    RANK_STEP,
    AcceptanceCriterion,
    Feedback,
    Horizon,
    Release,
    ResearchActivity,
    ResearchKind,
    RoadmapItem,
    Story,
)
from tests.factories import ProductFactory


class RoadmapItemFactory(DjangoModelFactory):
    class Meta:
        model = RoadmapItem
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    title = factory.Sequence(lambda n: f"Élément {n}")
    horizon = Horizon.NOW
    rank = factory.Sequence(lambda n: (n + 1) * RANK_STEP)


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    number = factory.Sequence(lambda n: n + 1)
    rank = factory.Sequence(lambda n: (n + 1) * RANK_STEP)
    title = factory.Sequence(lambda n: f"Story {n}")
    as_a = "agent instructeur"
    i_want = "voir les dossiers incomplets"
    so_that = "relancer les usagers"

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        for position, text in enumerate(extracted or [], start=1):
            AcceptanceCriterion.objects.create(story=obj, position=position, text=text)


def bulk_stories(product, count: int, start: int = 1) -> list[Story]:
    """Many stories in one insert, numbered and ranked from `start`."""
    return Story.objects.bulk_create(
        Story(product=product, number=n, rank=n * RANK_STEP, title=f"Story en masse {n}")
        for n in range(start, start + count)
    )


class ReleaseFactory(DjangoModelFactory):
    class Meta:
        model = Release

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"1.{n}")


class ResearchActivityFactory(DjangoModelFactory):
    class Meta:
        model = ResearchActivity

    product = factory.SubFactory(ProductFactory)
    kind = ResearchKind.INTERVIEW
    title = factory.Sequence(lambda n: f"Entretiens {n}")
    date = factory.LazyFunction(lambda: datetime.date(2026, 1, 10))
    participants = 5


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    product = factory.SubFactory(ProductFactory)
    date = factory.LazyFunction(lambda: datetime.date(2026, 1, 10))
    verbatim = factory.Sequence(lambda n: f"Je ne trouve pas le bouton {n}")
