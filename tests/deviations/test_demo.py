import pytest
from django.core.management import call_command

from equipage.checks.models import FindingSummary
from equipage.core.vocabulary import Level
from equipage.deviations.models import Deviation

pytestmark = pytest.mark.django_db


def test_the_demo_has_products_at_every_level_and_deviations_in_every_state_once():
    call_command("load_demo")
    assert set(FindingSummary.objects.values_list("level", flat=True)) == set(Level.values)
    statuses = {deviation.status() for deviation in Deviation.objects.all()}
    assert statuses == {"demandee", "acceptee", "echue", "refusee", "revoquee"}
    count, history = Deviation.objects.count(), Deviation.history.count()
    call_command("load_demo")
    assert (Deviation.objects.count(), Deviation.history.count()) == (count, history)
