"""A saved matrix built for another configuration than the product's is a finding, with a link to the proposal."""

import pytest
from django.urls import reverse

from equipage.checks.engine import RULES
from equipage.checks.store import findings_by_product
from equipage.governance import matrix as domain
from equipage.registry.models import Governance
from equipage.teams.roles import Role

pytestmark = pytest.mark.django_db

CODE = "MATRICE_CONFIGURATION_CHANGEE"


def codes(product) -> set[str]:
    return {finding.code for finding in findings_by_product([product.pk])[product.pk]}


def _change_configuration(product, governance):
    domain.save_levels(product, {"vision": {Role.POLICY_OWNER: "co_responsable", Role.PRODUCT_OWNER: "co_responsable"}})
    product.governance = governance
    product.save()


def test_a_matrix_from_the_previous_configuration_is_a_finding(shared_product):
    assert CODE not in codes(shared_product)

    _change_configuration(shared_product, Governance.POLICY_OWNER_IS_PM)

    finding = next(f for f in findings_by_product([shared_product.pk])[shared_product.pk] if f.code == CODE)
    assert "établie pour la configuration « Co-responsabilité métier & DNUM »" in finding.message
    assert "désormais en « Le métier est PM »" in finding.message


def test_adopting_the_new_default_clears_it(editor_client, shared_product):
    _change_configuration(shared_product, Governance.DNUM_OWNED)
    assert CODE in codes(shared_product)
    editor_client.post(reverse("governance:matrix_adopt", args=[shared_product.slug]))
    assert domain.effective_matrix(shared_product).basis == Governance.DNUM_OWNED
    assert CODE not in codes(shared_product)


def test_a_product_following_its_default_matrix_has_no_such_finding(shared_product):
    shared_product.governance = Governance.DNUM_OWNED  # no saved matrix: it follows the new default at once
    shared_product.save()
    assert CODE not in codes(shared_product)


def test_the_sheet_links_the_remedy_to_the_proposed_matrix(agent_client, shared_product):
    _change_configuration(shared_product, Governance.POLICY_OWNER_IS_PM)

    html = agent_client.get(shared_product.get_absolute_url()).content.decode()

    url = reverse("governance:matrix", args=[shared_product.slug]) + "#proposition"
    assert f'<a href="{url}">Voir la matrice proposée</a>' in html
    assert "respecte tous les prérequis" not in html
    matrix_page = agent_client.get(reverse("governance:matrix", args=[shared_product.slug])).content.decode()
    assert 'id="proposition"' in matrix_page


def test_the_rule_declares_its_area_level_and_activity():
    rule = RULES[CODE]
    assert (rule.area, rule.level, rule.activity) == ("organisation", "socle", "vision")
