"""Writes that go beyond one form: numbering and ranking, criteria kept with their story, reordering.

Every write names its author in the history. Reordering swaps the ranks of two neighbours: two rows
written, whatever the size of the backlog or roadmap.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q

from equipage.registry.models import Product

from .models import RANK_STEP, AcceptanceCriterion, RoadmapItem, Story, readiness_error

UP, DOWN = "haut", "bas"


def _lock(product: Product) -> None:
    """Serialise numbering and ranking within one product (a no-op on SQLite, which locks the database)."""
    Product.objects.select_for_update().filter(pk=product.pk).first()


def next_rank(queryset: models.QuerySet) -> int:
    highest = queryset.aggregate(highest=Max("rank"))["highest"]
    return (highest or 0) + RANK_STEP


def _save(instance: models.Model, user, reason: str = "") -> None:
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()


def clean_criteria(texts) -> list[str]:
    """Non-empty lines, trimmed, in order."""
    return [text.strip() for text in texts if text and text.strip()]


def save_story(story: Story, criteria: list[str] | None, *, user, reason: str = "") -> Story:
    """Create or change a story and, when given, replace its criteria by these, in this order.

    Refuses (ValidationError, nothing saved) a story without title, with bad RICE factors, or « prête »
    without any criterion.
    """
    if criteria is not None:
        criteria = clean_criteria(criteria)
        too_long = [text for text in criteria if len(text) > 500]
        if too_long:
            raise ValidationError({"criteria": "Un critère d’acceptation tient en 500 caractères au plus."})
    count = len(criteria) if criteria is not None else story.criteria.count() if story.pk else 0
    problem = readiness_error(story.status, count)
    if problem:
        raise ValidationError({"status": problem})
    story.full_clean(exclude=["number", "product"])
    with transaction.atomic():
        if story.pk is None:
            _lock(story.product)
            siblings = Story.objects.filter(product=story.product)
            story.number = (siblings.aggregate(highest=Max("number"))["highest"] or 0) + 1
            story.rank = next_rank(siblings)
        _save(story, user, reason)
        if criteria is not None:
            _replace_criteria(story, criteria, user)
    return story


def _replace_criteria(story: Story, texts: list[str], user) -> None:
    existing = list(story.criteria.order_by("position", "pk"))
    for position, text in enumerate(texts, start=1):
        if position <= len(existing):
            criterion = existing[position - 1]
            if criterion.text != text or criterion.position != position:
                criterion.text, criterion.position = text, position
                _save(criterion, user)
        else:
            _save(AcceptanceCriterion(story=story, position=position, text=text), user)
    for criterion in existing[len(texts) :]:
        criterion._history_user = user
        criterion.delete()


def save_roadmap_item(item: RoadmapItem, *, user) -> RoadmapItem:
    with transaction.atomic():
        if item.pk is None:
            _lock(item.product)
            item.rank = next_rank(RoadmapItem.objects.filter(product=item.product))
        _save(item, user)
    return item


def move(instance: Story | RoadmapItem, direction: str, *, user) -> bool:
    """Swap the instance with its neighbour above or below (in its product; within its horizon for a
    roadmap item). Two rows written; False when it is already first or last."""
    if direction not in (UP, DOWN):
        raise ValidationError("Direction inconnue : « haut » ou « bas ».")
    model = type(instance)
    scope = model.objects.filter(product_id=instance.product_id)
    if isinstance(instance, RoadmapItem):
        scope = scope.filter(horizon=instance.horizon)
    with transaction.atomic():
        _lock(instance.product)
        instance.refresh_from_db(fields=["rank"])
        rank, pk = instance.rank, instance.pk
        if direction == UP:
            neighbours = scope.filter(Q(rank__lt=rank) | Q(rank=rank, pk__lt=pk)).order_by("-rank", "-pk")
        else:
            neighbours = scope.filter(Q(rank__gt=rank) | Q(rank=rank, pk__gt=pk)).order_by("rank", "pk")
        neighbour = neighbours.first()
        if neighbour is None:
            return False
        if neighbour.rank == rank:  # equal ranks (never made here): step past the neighbour instead
            instance.rank = rank - 1 if direction == UP else rank + 1
        else:
            instance.rank, neighbour.rank = neighbour.rank, rank
            _save(neighbour, user, "Changement de rang")
        _save(instance, user, "Changement de rang")
    return True
