"""Delivery's demo data: varied, idempotent, and breaking each vigilance rule somewhere."""

import pytest

from equipage.checks.engine import evaluate
from equipage.delivery.demo import load_demo_delivery
from equipage.delivery.models import Campaign, Feedback, Release, ResearchActivity, RoadmapItem, Story
from equipage.registry.models import Governance, Phase
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory
from tests.indicators.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def _product(slug, **kwargs):
    product = ProductFactory(slug=slug, governance=Governance.POLICY_OWNER_IS_PM, phase=Phase.ACCELERATION, **kwargs)
    ObjectiveFactory(product=product)
    for role in (Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.DEVELOPER, Role.DESIGNER):
        MembershipFactory(product=product, role=role)
    return product


def test_demo_delivery_is_varied_idempotent_and_breaks_each_rule_somewhere():
    good = _product("mon-parcours-emploi")
    slugs = ["mon-parcours-emploi", "registre-accords", "sirh-mobilite", "suivi-controles", "aides-inclusion"]
    for slug in slugs[1:]:
        _product(slug)
    load_demo_delivery(2026, slugs)
    signature = sorted(Story.objects.values_list("product__slug", "number", "status", "rice"))
    load_demo_delivery(2026, slugs)
    assert sorted(Story.objects.values_list("product__slug", "number", "status", "rice")) == signature
    for slug in slugs:
        assert 20 <= Story.objects.filter(product__slug=slug).count() <= 200
    assert RoadmapItem.objects.filter(product=good).exists()
    assert ResearchActivity.objects.filter(product=good).exists() and Feedback.objects.filter(product=good).exists()
    states = {(c.is_signed, c.cases.filter(result="bloquant").exists()) for c in Campaign.objects.all()}
    assert (True, False) in states and (False, True) in states
    assert Release.objects.filter(campaign__isnull=True).exists()

    findings = evaluate(list(ProductFactory._meta.model.objects.filter(slug__in=slugs)))
    codes = {code for found in findings.values() for code in (f.code for f in found)}
    assert {
        "FEUILLE_DE_ROUTE_SANS_OBJECTIF",
        "VERSION_SANS_RECETTE",
        "RECHERCHE_ABSENTE",
        "RM_ABSENT_DEMOS_RECETTES",
        "RETOURS_NON_TRIES",
    } <= codes
    delivery_codes = {"FEUILLE_DE_ROUTE_SANS_OBJECTIF", "VERSION_SANS_RECETTE", "RECHERCHE_ABSENTE"}
    assert not delivery_codes & {f.code for f in findings[good.pk]}
