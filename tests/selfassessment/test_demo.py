import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from equipage.demo import data
from equipage.selfassessment.demo import load_demo_self_assessments
from equipage.selfassessment.models import Answer, SelfAssessment
from equipage.selfassessment.selectors import latest_assessment_dates
from equipage.teams.models import Membership

pytestmark = pytest.mark.django_db
DEMO_SLUGS = list(data.TEAMS)

ASSESSED = {"responsable_metier", "responsable_produit", "product_manager", "expert_metier"}


def signature():
    return sorted(
        (
            a.product.slug,
            a.role,
            a.respondent.email,
            a.answered_on,
            tuple((x.question_key, x.value) for x in a.ordered_answers()),
        )
        for a in SelfAssessment.objects.with_answers()
    )


@pytest.fixture
def demo():
    call_command("load_demo")
    load_demo_self_assessments(2026, DEMO_SLUGS)


def test_demo_self_assessments_span_two_years_for_the_hand_written_products(demo):
    today = timezone.localdate()
    assessments = list(SelfAssessment.objects.select_related("product"))
    assert len(assessments) > 40
    assert {a.product.slug for a in assessments} <= set(data.TEAMS)
    assert {a.role for a in assessments} == ASSESSED
    assert min(a.answered_on for a in assessments) < today - datetime.timedelta(days=600)
    assert max(a.answered_on for a in assessments) <= today
    assert all(a.answers.exists() for a in assessments[:10])
    # Every current holder of an assessed role has answered, unless the product is left stale.
    current = (
        Membership.objects.current()
        .filter(role__in=ASSESSED)
        .exclude(product__slug__in=["sirh-mobilite", "prevention-risques", "ancien-extranet"])
    )
    for membership in current.filter(product__slug__in=data.TEAMS):
        assert SelfAssessment.objects.filter(
            product=membership.product, role=membership.role, respondent=membership.person
        ).exists(), membership


def test_two_demo_products_have_no_self_assessment_in_the_last_six_months(demo):
    six_months_ago = timezone.localdate() - datetime.timedelta(days=183)
    latest = latest_assessment_dates(SelfAssessment.objects.values("product_id"))
    by_slug = {a.product.slug: latest[a.product_id] for a in SelfAssessment.objects.select_related("product")}
    stale = {slug for slug in data.TEAMS if slug not in by_slug or by_slug[slug] < six_months_ago}
    assert stale == {"sirh-mobilite", "prevention-risques", "ancien-extranet"}


def test_some_teams_improve_and_others_stagnate(demo):
    def first_and_last(slug, role):
        scores = [a.score for a in SelfAssessment.objects.filter(product__slug=slug, role=role).with_answers()]
        return scores[-1], scores[0]  # newest first

    first, last = first_and_last("mon-parcours-emploi", "responsable_metier")
    assert last - first >= 30
    first, last = first_and_last("demat-social", "responsable_produit")
    assert abs(last - first) <= 40


def test_demo_self_assessments_are_idempotent_and_deterministic(demo):
    before = signature()
    count = Answer.objects.count()
    load_demo_self_assessments(2026, DEMO_SLUGS)
    assert signature() == before
    assert Answer.objects.count() == count
    Answer.objects.all().delete()
    SelfAssessment.objects.all().delete()
    load_demo_self_assessments(2026, DEMO_SLUGS)
    assert signature() == before


def test_demo_history_is_dated_and_authored(demo):
    claire = SelfAssessment.objects.filter(respondent__email=data.CLAIRE).first()
    record = claire.history.get()
    assert record.history_user.email == data.CLAIRE
    assert record.history_date.date() == claire.answered_on
