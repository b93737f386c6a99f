"""Delivery's vigilance rules: one failing and one passing case each, and a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from equipage.checks.engine import RULES, evaluate, evaluate_product
from equipage.delivery import services
from equipage.delivery.models import CaseResult, Demo, RoadmapStatus, Triage
from equipage.registry.models import Phase
from equipage.teams.roles import Role
from tests.delivery.factories import (
    FeedbackFactory,
    ReleaseFactory,
    ResearchActivityFactory,
    RoadmapItemFactory,
    StoryFactory,
)
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, UserFactory, person_for
from tests.indicators.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def findings(product, code):
    return [finding for finding in evaluate_product(product, TODAY) if finding.code == code]


def test_each_rule_has_a_severity_a_title_and_a_guide_link():
    for code in (
        "FEUILLE_DE_ROUTE_SANS_OBJECTIF",
        "VERSION_SANS_RECETTE",
        "RECHERCHE_ABSENTE",
        "RM_ABSENT_DEMOS_RECETTES",
        "RETOURS_NON_TRIES",
    ):
        registered = RULES[code]
        assert registered.check.__module__ == "equipage.delivery.rules"
        assert registered.title and registered.guide_url.startswith("/guide/roles/")


def test_a_product_past_investigation_needs_a_roadmap_item_tied_to_an_objective():
    product = ProductFactory(phase=Phase.CONSTRUCTION)
    assert not findings(ProductFactory(phase=Phase.INVESTIGATION), "FEUILLE_DE_ROUTE_SANS_OBJECTIF")
    RoadmapItemFactory(product=product)
    dropped = RoadmapItemFactory(product=product, status=RoadmapStatus.DROPPED)
    dropped.objectives.add(ObjectiveFactory(product=product))
    assert findings(product, "FEUILLE_DE_ROUTE_SANS_OBJECTIF")
    RoadmapItemFactory(product=product).objectives.add(ObjectiveFactory(product=product))
    assert not findings(product, "FEUILLE_DE_ROUTE_SANS_OBJECTIF")


def test_a_release_in_production_without_validated_recette_is_blocking_until_signed_off():
    product = ProductFactory()
    owner = UserFactory()
    MembershipFactory(product=product, person=person_for(owner), role=Role.POLICY_OWNER)
    release = ReleaseFactory(product=product, name="3.1", actual_date=days_ago(10))
    StoryFactory(product=product, release=release, criteria=["Ça marche"])
    ReleaseFactory(product=product, name="0.1", actual_date=days_ago(800))  # too old to matter
    ReleaseFactory(product=product, name="4.0")  # not in production
    [finding] = findings(product, "VERSION_SANS_RECETTE")
    assert finding.message.startswith("La Version 3.1 est en production depuis le")
    assert finding.severity == "bloquant"
    campaign, _ = services.prepare_campaign(release, user=owner)
    services.record_result(campaign.cases.get(), CaseResult.PASSED, user=owner)
    services.sign_off(campaign, user=owner)
    assert not findings(product, "VERSION_SANS_RECETTE")
    services.record_result(campaign.cases.get(), CaseResult.BLOCKING, user=owner)
    assert findings(product, "VERSION_SANS_RECETTE")


def test_no_research_activity_in_six_months_is_flagged():
    product = ProductFactory()
    assert "Aucune activité" in findings(product, "RECHERCHE_ABSENTE")[0].message
    ResearchActivityFactory(product=product, date=days_ago(200))
    assert "il y a plus de six mois" in findings(product, "RECHERCHE_ABSENTE")[0].message
    ResearchActivityFactory(product=product, date=days_ago(20))
    assert not findings(product, "RECHERCHE_ABSENTE")


def test_the_policy_owner_absent_from_the_last_three_demos_and_recettes_is_flagged():
    product = ProductFactory()
    owner = MembershipFactory(product=product, role=Role.POLICY_OWNER).person
    other = PersonFactory()
    for days in (30, 20):
        Demo.objects.create(product=product, date=days_ago(days)).attendees.add(other)
    assert not findings(product, "RM_ABSENT_DEMOS_RECETTES")  # only two events so far
    old = Demo.objects.create(product=product, date=days_ago(40))
    old.attendees.add(owner)
    assert not findings(product, "RM_ABSENT_DEMOS_RECETTES")  # came to the third most recent
    Demo.objects.create(product=product, date=days_ago(5)).attendees.add(other)
    [finding] = findings(product, "RM_ABSENT_DEMOS_RECETTES")
    assert finding.message.startswith("Le responsable métier ou expert métier n’a pris part à aucune des 3 dernières")
    # Running a case of the latest recette counts as taking part.
    tester = UserFactory()
    MembershipFactory(product=product, person=person_for(tester), role=Role.POLICY_OWNER)
    release = ReleaseFactory(product=product, actual_date=days_ago(1))
    StoryFactory(product=product, release=release, criteria=["Un"])
    campaign, _ = services.prepare_campaign(release, user=tester)
    services.record_result(campaign.cases.get(), CaseResult.PASSED, user=tester)
    assert not findings(product, "RM_ABSENT_DEMOS_RECETTES")


def test_feedback_untriaged_for_over_30_days_is_flagged():
    product = ProductFactory()
    FeedbackFactory(product=product, date=days_ago(10))
    FeedbackFactory(product=product, date=days_ago(45), status=Triage.DISMISSED)
    assert not findings(product, "RETOURS_NON_TRIES")
    FeedbackFactory(product=product, date=days_ago(40))
    FeedbackFactory(product=product, date=days_ago(35))
    [finding] = findings(product, "RETOURS_NON_TRIES")
    assert finding.message.startswith("2 retours terrain attendent d’être triés depuis plus de 30 jours")


def test_delivery_facts_cost_the_same_queries_for_one_product_or_many(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    products = [ProductFactory() for _ in range(4)]
    for product in products:
        ReleaseFactory(product=product, actual_date=days_ago(3))
        FeedbackFactory(product=product, date=days_ago(50))
        Demo.objects.create(product=product, date=days_ago(2))
    with CaptureQueriesContext(connection) as one:
        evaluate_product(products[0], TODAY)
    with django_assert_num_queries(len(one.captured_queries)):
        evaluate(products, TODAY)
