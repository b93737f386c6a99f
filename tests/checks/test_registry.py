"""Rules and facts are registered by their apps; the engine refuses duplicates and unknown codes."""

import datetime

import pytest

from equipage.checks import engine
from equipage.checks.engine import FACTS, RULES, Batch, evaluate, evaluate_product, get_rule
from equipage.compliance.selectors import ALERT_KINDS, Alert
from equipage.core.vocabulary import Area, Level, Severity
from tests.factories import MembershipFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def scratch_registry(monkeypatch):
    """Register test rules and facts without leaving them behind."""
    monkeypatch.setattr(engine, "RULES", dict(RULES))
    monkeypatch.setattr(engine, "FACTS", dict(FACTS))
    return engine


def test_each_app_registers_its_own_rules():
    owners = {code: registered.check.__module__ for code, registered in RULES.items()}
    assert owners["RM_TEMPS_INSUFFISANT"] == "equipage.teams.rules"
    assert owners["MATRICE_ROLE_NON_TENU"] == "equipage.governance.rules"
    assert owners["AUTODIAGNOSTIC_ABSENT"] == "equipage.selfassessment.rules"
    assert owners["INDICATEUR_PERIME"] == "equipage.indicators.rules"
    assert owners["AIPD_MANQUANTE"] == "equipage.compliance.rules"


def test_a_rule_needing_a_new_fact_is_added_without_touching_the_engine(scratch_registry):
    calls = []

    @scratch_registry.fact("name_length")
    def name_length(batch: Batch):
        calls.append(len(batch.products))
        return {product.pk: len(product.name) for product in batch.products}

    @scratch_registry.rule(
        "NOM_TROP_LONG", Severity.INFO, "Nom trop long", area=Area.TRANSPARENCY, level=Level.EXEMPLARY
    )
    def long_name(facts):
        if facts.name_length > 10:
            yield f"{facts.product.name} est long.", "Raccourcir le nom."

    long, short = ProductFactory(name="Un nom vraiment long"), ProductFactory(name="Court")
    findings = scratch_registry.evaluate([long, short], TODAY)
    assert [f.code for f in findings[long.pk] if f.code == "NOM_TROP_LONG"] == ["NOM_TROP_LONG"]
    assert "NOM_TROP_LONG" not in {f.code for f in findings[short.pk]}
    assert calls == [2], "a fact is loaded once for the whole batch"


def test_a_rule_code_is_registered_once_with_one_severity(scratch_registry):
    with pytest.raises(ValueError, match="registered twice"):
        scratch_registry.rule("ROLE_VACANT", Severity.WATCH, "Doublon", area=Area.ORGANISATION, level=Level.FOUNDATION)(
            lambda facts: []
        )
    with pytest.raises(ValueError, match="unknown severity"):
        scratch_registry.rule("NOUVEAU", "grave", "Gravité inconnue", area=Area.ORGANISATION, level=Level.FOUNDATION)
    with pytest.raises(ValueError, match="registered twice"):
        scratch_registry.fact("memberships")(lambda batch: {})


def test_a_rule_without_area_or_level_is_refused_with_a_message_saying_what_to_declare(scratch_registry):
    with pytest.raises(ValueError, match=r"NOUVEAU: declare its area with area=Area"):
        scratch_registry.rule("NOUVEAU", Severity.WATCH, "Sans domaine", level=Level.FOUNDATION)
    with pytest.raises(ValueError, match=r"NOUVEAU: declare its level with level=Level.FOUNDATION"):
        scratch_registry.rule("NOUVEAU", Severity.WATCH, "Sans niveau", area=Area.ORGANISATION)
    with pytest.raises(ValueError, match="declare its level"):
        scratch_registry.rule(
            "NOUVEAU", Severity.WATCH, "Niveau d’un produit", area=Area.ORGANISATION, level=Level.NONE
        )
    assert "NOUVEAU" not in scratch_registry.RULES


def test_every_registered_rule_has_an_area_a_level_and_a_standard_matrix_activity():
    from equipage.governance.defaults import ACTIVITY_LABELS

    for registered in RULES.values():
        assert registered.area in Area.values
        assert registered.level in {Level.FOUNDATION, Level.PRACTICES, Level.EXEMPLARY}
        assert registered.activity in ACTIVITY_LABELS, (
            f"Rule {registered.code}: name the matrix activity it concerns with activity=… "
            f"(one of {', '.join(ACTIVITY_LABELS)})"
        )


def test_an_unknown_rule_code_or_fact_is_an_error_not_silently_dropped():
    with pytest.raises(LookupError):
        get_rule("CODE_INCONNU")
    with pytest.raises(ValueError, match="Unknown compliance alert"):
        Alert("ALERTE_INCONNUE", "message", "remède")
    product = ProductFactory()
    batch = Batch([product], TODAY)
    with pytest.raises(LookupError):
        batch.get("fait_inconnu")


def test_every_compliance_alert_is_a_rule_with_the_same_single_severity():
    for code, kind in ALERT_KINDS.items():
        assert get_rule(code).severity == kind.severity
        assert Alert(code, "m", "r").severity == kind.severity


def test_one_product_and_many_cost_the_same_number_of_queries(django_assert_num_queries):
    products = [ProductFactory() for _ in range(6)]
    for product in products:
        MembershipFactory(product=product)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        evaluate_product(products[0], TODAY)
    with django_assert_num_queries(len(one.captured_queries)):
        evaluate(products, TODAY)
