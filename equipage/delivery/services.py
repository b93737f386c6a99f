"""Writes that go beyond one form: numbering and ranking, criteria kept with their story, reordering.

Every write names its author in the history. Reordering swaps the ranks of two neighbours: two rows
written, whatever the size of the backlog or roadmap.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.models import Membership

from .models import (
    RANK_STEP,
    AcceptanceCriterion,
    Campaign,
    CaseResult,
    Insight,
    Release,
    RoadmapItem,
    Story,
    StoryStatus,
    TestCase,
    Triage,
    readiness_error,
    split_tags,
)
from .permissions import can_sign_off, sign_off_label

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


# --- Recette ---------------------------------------------------------------------------------------------

NOT_IN_TEAM = "Seul un membre actuel de l’équipe du produit enregistre le résultat d’un cas de test."
BLOCKING_OPEN = "La recette ne peut pas être validée : {count} cas bloquant{plural} reste{plural_verb} ouvert{plural}."
WRONG_SIGNER = "Seul le {role} du produit valide sa recette."


def prepare_campaign(release: Release, *, user) -> tuple[Campaign, int]:
    """Open the release's recette (once) and add a case for every criterion of its stories not yet covered.

    Returns the campaign and the number of cases added."""
    with transaction.atomic():
        campaign = Campaign.objects.filter(release=release).first()
        if campaign is None:
            campaign = Campaign(release=release)
            _save(campaign, user)
        covered = set(campaign.cases.exclude(criterion=None).values_list("criterion_id", flat=True))
        position = campaign.cases.aggregate(highest=Max("position"))["highest"] or 0
        criteria = (
            AcceptanceCriterion.objects.filter(story__release=release)
            .exclude(pk__in=covered)
            .select_related("story")
            .order_by("story__rank", "story_id", "position", "pk")
        )
        added = []
        for criterion in criteria:
            position += 1
            added.append(
                TestCase(
                    campaign=campaign,
                    story=criterion.story,
                    criterion=criterion,
                    position=position,
                    text=criterion.text,
                )
            )
        TestCase.objects.bulk_create(added)
        if added:
            TestCase.history.bulk_history_create(added, default_user=user)
    return campaign, len(added)


def add_case(campaign: Campaign, text: str, *, user, story: Story | None = None) -> TestCase:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Décrivez le cas de test."})
    if len(text) > 500:
        raise ValidationError({"text": "Un cas de test tient en 500 caractères au plus."})
    with transaction.atomic():
        position = (campaign.cases.aggregate(highest=Max("position"))["highest"] or 0) + 1
        case = TestCase(campaign=campaign, text=text, story=story, position=position)
        _save(case, user)
    return case


def _current_member(user, product: Product) -> Person:
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    if person is None or not Membership.objects.current().filter(person=person, product=product).exists():
        raise PermissionDenied(NOT_IN_TEAM)
    return person


def record_result(case: TestCase, result: str, *, user, comment: str = "") -> TestCase:
    """A named team member runs the case today. A blocking result withdraws an earlier sign-off."""
    if result not in CaseResult.values:
        raise ValidationError({"result": "Résultat inconnu : conforme, non conforme, bloquant ou non testé."})
    campaign = case.campaign
    person = _current_member(user, campaign.release.product)
    with transaction.atomic():
        case.result = result
        case.comment = (comment or "").strip()
        case.tested_by = person
        case.tested_on = timezone.localdate()
        _save(case, user)
        if result == CaseResult.BLOCKING and campaign.is_signed:
            campaign.signed_off_by = None
            campaign.signed_off_at = None
            _save(campaign, user, "Validation retirée : un cas bloquant a été enregistré")
    return case


def open_bug(case: TestCase, *, user) -> Story:
    """A failed case opens a bug story in the backlog, linked back to the case (once)."""
    if not case.is_failure:
        raise ValidationError("Seul un cas non conforme ou bloquant ouvre une anomalie.")
    if case.bug_story_id:
        return case.bug_story
    release = case.campaign.release
    with transaction.atomic():
        story = Story(
            product=release.product,
            title=f"Anomalie : {case.text}"[:200],
            description=f"Ouverte depuis la recette de la {release}."
            + (f"\nCommentaire du test : {case.comment}" if case.comment else ""),
            status=StoryStatus.TO_REFINE,
        )
        save_story(story, [case.text], user=user, reason="Anomalie de recette")
        case.bug_story = story
        _save(case, user)
    return story


def sign_off(campaign: Campaign, *, user) -> Campaign:
    product = campaign.release.product
    if not can_sign_off(user, product):
        raise PermissionDenied(WRONG_SIGNER.format(role=sign_off_label(product)))
    blocking = campaign.cases.filter(result=CaseResult.BLOCKING).count()
    if blocking:
        plural = "s" if blocking > 1 else ""
        raise ValidationError(
            BLOCKING_OPEN.format(count=blocking, plural=plural, plural_verb="nt" if blocking > 1 else "")
        )
    with transaction.atomic():
        campaign.signed_off_by = Person.objects.get(user=user)
        campaign.signed_off_at = timezone.now()
        _save(campaign, user, "Recette validée")
    return campaign


# --- Research and feedback --------------------------------------------------------------------------------


def add_insight(activity, *, text: str, tags: str, stories: list[Story], user):
    with transaction.atomic():
        insight = Insight(activity=activity, text=text.strip(), tags=", ".join(split_tags(tags)))
        _save(insight, user)
        if stories:
            insight.stories.add(*stories)
    return insight


def triage(feedback, *, status: str, stories: list[Story], user):
    """Set a feedback's triage; linked stories are added to those already linked (never silently dropped)."""
    if status == Triage.LINKED and not stories and not feedback.stories.exists():
        raise ValidationError({"story_numbers": "Un retour « lié à une story » nomme au moins une story."})
    with transaction.atomic():
        feedback.status = Triage.LINKED if stories and status in (Triage.NEW, Triage.QUALIFIED) else status
        _save(feedback, user)
        if stories:
            feedback.stories.add(*stories)
    return feedback
