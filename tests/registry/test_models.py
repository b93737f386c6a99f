import datetime

import pytest

from equipage.registry import services
from equipage.registry.models import Product
from equipage.registry.permissions import can_create_product, can_edit_product, editable_products
from equipage.teams.roles import Role
from tests.factories import AdminFactory, MembershipFactory, ProductFactory, UserFactory, person_for

pytestmark = pytest.mark.django_db


def test_active_excludes_archived_products():
    kept = ProductFactory()
    gone = services.archive_product(ProductFactory(), user=None)
    assert list(Product.objects.active()) == [kept]
    assert list(Product.objects.archived()) == [gone]


def test_search_matches_name_pitch_and_slug_case_insensitively():
    wanted = ProductFactory(name="Aides Inclusion", pitch="Simuler les aides")
    ProductFactory(name="Autre chose", pitch="Rien à voir")
    assert list(Product.objects.search("inclusion")) == [wanted]
    assert list(Product.objects.search("SIMULER")) == [wanted]
    assert Product.objects.search("   ").count() == 2


def test_only_editors_and_administrators_can_edit_a_product():
    editor, stranger, admin = UserFactory(), UserFactory(), AdminFactory()
    product = ProductFactory(editors=[editor])
    assert can_edit_product(editor, product)
    assert can_edit_product(admin, product)
    assert not can_edit_product(stranger, product)


def test_team_members_without_a_leading_role_only_read():
    developer = UserFactory()
    product = ProductFactory()
    MembershipFactory(product=product, person=person_for(developer), role=Role.DEVELOPER)
    assert not can_edit_product(developer, product)


def test_a_leading_role_that_has_ended_no_longer_grants_editing():
    former = UserFactory()
    product = ProductFactory()
    MembershipFactory(
        product=product,
        person=person_for(former),
        role=Role.POLICY_OWNER,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    assert not can_edit_product(former, product)
    assert not editable_products(former).exists()


def test_a_deactivated_editor_can_no_longer_edit():
    editor = UserFactory(is_active=False)
    assert not can_edit_product(editor, ProductFactory(editors=[editor]))


def test_only_administrators_create_products():
    assert can_create_product(AdminFactory())
    assert not can_create_product(UserFactory())


def test_archiving_keeps_the_product_and_records_who_and_why(admin_user):
    product = ProductFactory()
    product._history_user = admin_user
    services.archive_product(product, "Service fermé", user=None)
    product.refresh_from_db()
    assert product.is_archived
    last = product.history.first()
    assert last.archived_at is not None
    assert last.history_change_reason == "Service fermé"


def test_archiving_twice_is_refused():
    product = services.archive_product(ProductFactory(), user=None)
    with pytest.raises(Exception, match="déjà archivé"):
        services.archive_product(product, user=None)


def test_restoring_brings_the_product_back_to_the_active_list():
    product = services.archive_product(ProductFactory(), user=None)
    services.restore_product(product, user=None)
    assert Product.objects.active().filter(pk=product.pk).exists()
