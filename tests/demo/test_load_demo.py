import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from equipage.accounts.models import User
from equipage.people.models import Organisation, Person
from equipage.registry.models import Governance, Phase, Product
from equipage.trends.models import ProductSnapshot

pytestmark = pytest.mark.django_db


def counts():
    return (
        Organisation.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Product.objects.count(),
        Product.history.count(),
        sorted(Product.objects.values_list("slug", "phase", "governance")),
    )


def test_demo_portfolio_covers_every_phase_and_configuration():
    call_command("load_demo", "--products", "40")
    assert Product.objects.count() == 40
    assert set(Product.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert set(Product.objects.values_list("governance", flat=True)) == set(Governance.values)
    assert Product.objects.archived().exists()
    assert User.objects.filter(email="admin@equipage.example", is_portfolio_admin=True).exists()


def test_running_the_demo_twice_changes_nothing():
    call_command("load_demo", "--products", "20")
    before = counts()
    call_command("load_demo", "--products", "20")
    assert counts() == before


def test_demo_is_deterministic_for_a_seed():
    def load_and_forget():
        with transaction.atomic():
            call_command("load_demo", "--products", "25", "--seed", "7")
            snapshot = counts()[-1]
            transaction.set_rollback(True)  # back to an empty database for the second run
        return snapshot

    assert load_and_forget() == load_and_forget()


def test_if_empty_leaves_an_existing_portfolio_alone():
    call_command("load_demo", "--products", "3")
    call_command("load_demo", "--products", "30", "--if-empty")
    assert Product.objects.count() == 3


def test_demo_accounts_use_the_configured_password(settings):
    settings.EQUIPAGE_DEMO_PASSWORD = "mot-de-passe-choisi"
    call_command("load_demo", "--products", "1")
    assert User.objects.get(email="agent@equipage.example").check_password("mot-de-passe-choisi")


def test_demo_snapshots_record_each_products_scope_so_campaigns_read_their_past():
    call_command("load_demo", "--products", "5")
    scopes = set(ProductSnapshot.objects.values_list("sponsor_id", "phase", "is_public_service", "product_id"))
    assert ProductSnapshot.objects.filter(day__lt=timezone.localdate()).exists()
    assert scopes == set(
        Product.objects.active().values_list("sponsor_id", "phase", "is_public_service", "pk")
    )  # the demo's products keep their scope over the year
