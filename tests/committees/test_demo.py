import pytest
from django.core.management import call_command

from equipage.checks.engine import evaluate
from equipage.committees.models import Action, Decision, Session, SessionPack
from equipage.registry.models import Product

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_committee_stories_and_runs_again_without_duplicates():
    call_command("load_demo", verbosity=0)
    counts = (Session.objects.count(), Decision.objects.count(), Action.objects.count())
    assert Session.objects.filter(kind__code="comite-portefeuille", products__isnull=False).exists()
    assert Session.objects.filter(is_held=False).exists()
    assert Decision.objects.filter(supersedes__isnull=False).count() == 1
    assert Decision.objects.exclude(new_phase="").exists()
    assert Action.objects.overdue().exists()
    assert Action.objects.filter(status="faite").exists()
    assert SessionPack.objects.count() == 2
    findings = evaluate(Product.objects.all())
    codes = {finding.code for found in findings.values() for finding in found}
    assert {"ACTION_EN_RETARD", "COMITE_PILOTAGE_ABSENT"} <= codes
    call_command("load_demo", verbosity=0)
    assert (Session.objects.count(), Decision.objects.count(), Action.objects.count()) == counts
