"""The product's history timeline: the product and what belongs to it, by kind, without leaks or per-entry queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipage.governance.defaults import Level
from equipage.governance.models import MatrixActivity, MatrixLevel, ResponsibilityMatrix
from equipage.registry import services
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.compliance.factories import ProcessingActivityFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, UserFactory
from tests.indicators.factories import IndicatorFactory
from tests.selfassessment.factories import SelfAssessmentFactory

pytestmark = pytest.mark.django_db


def _save_as(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def _history(client, product, **params):
    response = client.get(reverse("registry:product_history", args=[product.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def _matrix_level(product):
    matrix = ResponsibilityMatrix.objects.create(product=product, governance_basis=Governance.DNUM_PM)
    activity = MatrixActivity.objects.create(matrix=matrix, code="", label="Prioriser le backlog")
    return MatrixLevel.objects.create(activity=activity, role=Role.PRODUCT_OWNER, level=Level.CONSULTED)


def test_timeline_shows_changes_of_the_team_matrix_indicators_compliance_and_self_assessments(editor_client, product):
    author = UserFactory(first_name="Nora", last_name="Durand")
    membership = MembershipFactory(product=product, person=PersonFactory(first_name="Léa", last_name="Martin"))
    _save_as(membership, author, time_share=80)
    level = _matrix_level(product)
    _save_as(level, author, level=Level.RESPONSIBLE)
    indicator = IndicatorFactory(product=product, name="Taux de dématérialisation")
    _save_as(indicator, author, name="Taux de démarches en ligne")
    activity = ProcessingActivityFactory(product=product, name="Instruction des aides")
    _save_as(activity, author, retention_period="Cinq ans")
    assessment = SelfAssessmentFactory(product=product, answered_on=datetime.date(2026, 1, 15))
    assessment.history.update(history_user=author)

    html = _history(editor_client, product)

    assert "Léa Martin" in html
    assert 'Part du temps de travail (%)</th><td class="eq-prewrap">50</td><td class="eq-prewrap">80' in html
    assert "Consulté" in html and "Responsable" in html and "Prioriser le backlog" in html
    assert "Taux de dématérialisation" in html and "Taux de démarches en ligne" in html
    assert "Instruction des aides" in html and "Cinq ans" in html
    assert "Autodiagnostic" in html and "15/01/2026" in html
    assert html.count("par Nora Durand") == 5
    assert "Rôle dans une équipe « Léa Martin — Développeur ou développeuse »" in html
    assert "Niveau de responsabilité « Prioriser le backlog — " in html
    for kind in ("Équipe", "Responsabilités", "Indicateurs", "Conformité", "Autodiagnostics"):
        assert f">{kind}</span>" in html
    assert "Modification le" in html and "Création le" in html


def test_the_kind_filter_keeps_only_changes_of_that_kind(editor_client, product):
    MembershipFactory(product=product, person=PersonFactory(first_name="Léa", last_name="Martin"))
    IndicatorFactory(product=product, name="Taux de dématérialisation")

    team_only = _history(editor_client, product, type="equipe")
    indicators_only = _history(editor_client, product, type="indicateurs")

    assert "Léa Martin" in team_only and "Taux de dématérialisation" not in team_only
    assert "Taux de dématérialisation" in indicators_only and "Léa Martin" not in indicators_only
    assert ">Produit</span>" not in team_only


def test_an_unknown_kind_is_refused_in_french_and_every_change_is_shown(editor_client, product):
    MembershipFactory(product=product, person=PersonFactory(first_name="Léa", last_name="Martin"))

    html = _history(editor_client, product, type="piraterie")

    assert "Type inconnu « piraterie »" in html
    assert "Léa Martin" in html and ">Produit</span>" in html


def test_another_products_changes_never_appear(editor_client, product):
    other = ProductFactory(name="Autre produit")
    MembershipFactory(product=other, person=PersonFactory(first_name="Intrus", last_name="Ailleurs"))
    _matrix_level(other)
    IndicatorFactory(product=other, name="Indicateur étranger")
    ProcessingActivityFactory(product=other, name="Traitement étranger")
    SelfAssessmentFactory(product=other, respondent=PersonFactory(first_name="Répondant", last_name="Étranger"))

    html = _history(editor_client, product)

    for foreign in ("Intrus", "Prioriser le backlog", "Indicateur étranger", "Traitement étranger", "Répondant"):
        assert foreign not in html
    assert "Mon parcours" in html


def _changes(product, count):
    """Each tracked object created, then changed `count` times; the product and its matrix are changed last."""
    author = UserFactory()
    membership = MembershipFactory(product=product)
    indicator = IndicatorFactory(product=product)
    level = _matrix_level(product)
    for index in range(count):
        _save_as(membership, author, time_share=10 + index)
        _save_as(indicator, author, name=f"Indicateur {index}")
        _save_as(level, author, level=Level.RESPONSIBLE if index % 2 else Level.INFORMED)
    _save_as(level.activity, author, label="Arbitrer")
    _save_as(level.activity.matrix, author, governance_basis=Governance.POLICY_OWNER_IS_PM)
    _save_as(product, author, pitch="Un service plus simple.")


def test_timeline_queries_do_not_grow_with_the_number_of_changes(editor_client, editor, django_assert_num_queries):
    few_changes = ProductFactory(slug="peu", editors=[editor])
    many_changes = ProductFactory(slug="beaucoup", editors=[editor])
    _changes(few_changes, 1)
    _changes(many_changes, 30)
    _history(editor_client, few_changes)  # the session is read once

    with CaptureQueriesContext(connection) as counted:
        html = _history(editor_client, few_changes)
    assert "Indicateur 0" in html and "Arbitrer" in html

    with django_assert_num_queries(len(counted.captured_queries)):
        html = _history(editor_client, many_changes)
    assert "Indicateur 29" in html and "Arbitrer" in html and "Un service plus simple." in html
    assert "Indicateur 10" not in html  # older changes are on the next pages
    assert "page=2" in html


def test_an_archived_products_history_is_still_readable(editor_client, product, editor):
    MembershipFactory(product=product, person=PersonFactory(first_name="Léa", last_name="Martin"))
    services.archive_product(product, user=editor)

    html = _history(editor_client, product)

    assert "Archivage le" in html
    assert "Léa Martin" in html


def test_product_timeline_pages_are_merged_by_date_and_diffed_across_pages(product):
    from equipage.core.history import product_timeline

    author = UserFactory()
    indicator = IndicatorFactory(product=product, name="A")
    for name in ("B", "C", "D"):
        _save_as(indicator, author, name=name)

    _page, first = product_timeline(product, "indicateurs", 1, per_page=2)
    page, second = product_timeline(product, "indicateurs", 2, per_page=2)

    assert [entry.action for entry in first] == ["Modification", "Modification"]
    names = {change.label: (change.old, change.new) for change in second[0].changes}
    assert names["Nom"] == ("A", "B")
    assert second[1].action == "Création"
    assert page.paginator.count == 4


def test_the_timeline_counts_the_records_of_every_source_of_the_product(product):
    from equipage.core.history import product_timeline

    MembershipFactory(product=product)
    IndicatorFactory(product=product)
    _matrix_level(product)
    ProductFactory()  # and its records, which are not this product's

    page, _entries = product_timeline(product, None, 1)

    # the product, its editor's and another membership, the indicator, the matrix, its activity and level
    assert page.paginator.count == 7


def test_timeline_queries_do_not_grow_with_the_number_of_registered_models(editor_client, editor):
    """Models with no record on the page cost no query of their own: only the count and the page's keys read them."""
    from equipage.core.history import HISTORY_SOURCES

    product = ProductFactory(slug="equipe-seule", editors=[editor])  # its record and its editor's membership
    _history(editor_client, product)  # the session is read once

    with CaptureQueriesContext(connection) as counted:
        html = _history(editor_client, product)

    assert ">Équipe</span>" in html and ">Produit</span>" in html
    history_reads = [query["sql"] for query in counted.captured_queries if "_historical" in query["sql"]]
    # one count and one query for the page's keys over every source, then one per source shown (2)
    assert len(history_reads) == 4 < len(HISTORY_SOURCES)


def test_a_long_value_is_cut_in_the_timeline_with_an_ellipsis(editor_client, product):
    _save_as(product, UserFactory(), problem="é" * 399 + "xyz")

    html = _history(editor_client, product)

    assert "é" * 399 + "…" in html and "xyz" not in html


def test_the_timeline_writes_numbers_the_french_way_and_names_a_deviation_by_its_rule(editor_client, product, editor):
    from decimal import Decimal

    from equipage.deviations.models import Deviation

    indicator = IndicatorFactory(objective__product=product, target=Decimal("80"))
    _save_as(indicator, editor, target=Decimal("2666.67"))
    Deviation.objects.create(
        product=product,
        code="RM_TEMPS_INSUFFISANT",
        justification="Mi-temps accepté jusqu’au recrutement.",
        end_date=datetime.date.today() + datetime.timedelta(days=90),
        requested_by=editor,
    )

    html = _history(editor_client, product)

    assert "2\u00a0666,67" in html and "2666.67" not in html
    assert "Dérogation « Responsable métier à moins de 60 % »" in html
    assert "RM_TEMPS_INSUFFISANT" not in html
