import pytest

from equipage.governance import matrix as domain

from .factories import RitualFactory

pytestmark = pytest.mark.django_db


def test_administrators_browse_matrices_and_rituals(admin_client, shared_product):
    domain.save_levels(
        shared_product, {"vision": {"responsable_metier": "co_responsable", "responsable_produit": "co_responsable"}}
    )
    ritual = RitualFactory(product=shared_product)
    matrix = shared_product.responsibility_matrix
    activity = matrix.activities.first()
    for path in (
        "/admin/governance/responsibilitymatrix/",
        f"/admin/governance/responsibilitymatrix/{matrix.pk}/change/",
        f"/admin/governance/responsibilitymatrix/{matrix.pk}/history/",
        f"/admin/governance/matrixactivity/{activity.pk}/change/",
        "/admin/governance/ritual/",
        f"/admin/governance/ritual/{ritual.pk}/change/",
    ):
        assert admin_client.get(path).status_code == 200, path
    assert admin_client.get(f"/admin/governance/ritual/{ritual.pk}/delete/").status_code == 403
