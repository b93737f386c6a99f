import pytest

from equipage.core.history import history_page
from equipage.registry.models import Phase
from tests.factories import OrganisationFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_history_lists_changed_fields_with_readable_old_and_new_values():
    author = UserFactory(first_name="Nora", last_name="Durand")
    old_sponsor, new_sponsor = OrganisationFactory(name="Direction A"), OrganisationFactory(name="Direction B")
    product = ProductFactory(phase=Phase.INVESTIGATION, sponsor=old_sponsor)
    product.phase = Phase.CONSTRUCTION
    product.sponsor = new_sponsor
    product._history_user = author
    product.save()

    _page, entries = history_page(product, 1)

    latest, creation = entries
    assert latest.author == "Nora Durand"
    assert latest.action == "Modification"
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["Phase"] == ("Investigation", "Construction")
    assert changes["Direction sponsor"] == (str(old_sponsor), str(new_sponsor))
    assert creation.action == "Création"


def test_history_page_diffs_its_oldest_entry_against_the_previous_page():
    product = ProductFactory(pitch="v0")
    for version in range(1, 4):
        product.pitch = f"v{version}"
        product.save()
    _page, entries = history_page(product, 1, per_page=2)
    assert [(c.old, c.new) for c in entries[-1].changes if c.label == "Pitch"] == [("v1", "v2")]


def test_history_page_queries_do_not_grow_with_entries(django_assert_max_num_queries):
    product = ProductFactory()
    for version in range(30):
        product.pitch = f"version {version}"
        product.sponsor = OrganisationFactory()
        product.save()
    with django_assert_max_num_queries(8):
        history_page(product, 1)


def test_archiving_and_restoring_are_named_as_such_in_the_history():
    from equipage.registry import services

    product = ProductFactory()
    services.archive_product(product, "Service fermé", user=None)
    services.restore_product(product, user=None)
    _page, entries = history_page(product, 1)
    assert [entry.action for entry in entries] == ["Restauration", "Archivage", "Création"]
    assert entries[1].reason == "Service fermé"


def test_services_name_the_acting_user_they_are_given(admin_user):
    from equipage.registry import services
    from equipage.teams import services as team_services
    from tests.factories import MembershipFactory

    product = ProductFactory()
    services.archive_product(product, "Service fermé", user=admin_user)
    services.restore_product(product, user=admin_user)
    assert [row.history_user for row in product.history.order_by("history_date")][1:] == [admin_user, admin_user]
    membership = MembershipFactory(product=product)
    team_services.end_membership(membership, membership.start_date, user=admin_user)
    assert membership.history.latest("history_date").history_user == admin_user
