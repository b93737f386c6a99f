"""A product token whose creator left the team or was deactivated is shown « Suspendu », with why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from equipage.indicators import services
from equipage.teams.services import end_membership
from tests.factories import AdminFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def tokens_page(client, product) -> str:
    return client.get(reverse("indicators:tokens", args=[product.slug])).content.decode()


def test_a_token_whose_creator_left_the_team_is_shown_suspended_with_why(admin_client, product, editor):
    services.create_token(product, name="Export Matomo", user=editor)
    assert "Suspendu" not in tokens_page(admin_client, product)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    end_membership(product.memberships.get(person__user=editor), yesterday, user=None)
    page = tokens_page(admin_client, product)
    assert "Suspendu" in page and "ne peut plus modifier ce produit (elle a quitté l’équipe" in page
    assert editor.get_full_name() in page


def test_a_token_whose_creator_was_deactivated_is_shown_suspended_with_why(admin_client, product, editor):
    services.create_token(product, name="Export Matomo", user=editor)
    editor.is_active = False
    editor.save()
    page = tokens_page(admin_client, product)
    assert "Suspendu" in page and "est désactivé" in page


def test_a_token_created_by_an_administrator_stays_active(admin_client, product):
    services.create_token(product, name="Script", user=AdminFactory())
    assert "Suspendu" not in tokens_page(admin_client, product)


def test_token_states_take_the_same_queries_for_one_token_or_many(django_assert_num_queries):
    editors = [UserFactory() for _ in range(3)]
    product = ProductFactory(editors=editors)
    services.create_token(product, name="Un", user=editors[0])
    with django_assert_num_queries(2):
        services.tokens_with_states(product)
    for user in editors[1:]:
        services.create_token(product, name="Autre", user=user)
    with django_assert_num_queries(2):
        states = services.tokens_with_states(product)
    assert {token.state for token in states} == {"actif"}
