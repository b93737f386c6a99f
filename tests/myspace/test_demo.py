"""Every demo account finds something of its own on `/mon-espace/`."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from equipage.accounts.models import User
from equipage.committees.models import Action
from equipage.myspace.selectors import my_space

pytestmark = pytest.mark.django_db


def test_every_demo_account_has_its_own_to_do_and_figures():
    call_command("load_demo", "--products", "20")
    today = timezone.localdate()
    for email in (
        "admin@equipage.example",
        "agent@equipage.example",
        "claire.dubois@equipage.example",
        "julien.laurent@equipage.example",
    ):
        space = my_space(User.objects.get(email=email), today)
        assert space.person is not None, email
        assert space.todo, f"{email} has nothing to do in the demo"
        assert space.summary is not None and space.summary.products > 0, email
    assert my_space(User.objects.get(email="admin@equipage.example"), today).summary.title == "Le portefeuille"
    actions = Action.objects.count()
    call_command("load_demo", "--products", "20")
    assert Action.objects.count() == actions  # run twice, nothing added
