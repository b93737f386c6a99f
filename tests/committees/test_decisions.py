"""Decisions: where they were taken, what they supersede (never in a loop), the phase change they decide."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from equipage.committees import services
from equipage.committees.models import Action, ActionStatus, Decision
from equipage.registry.models import Phase
from tests.factories import PersonFactory, ProductFactory

from .factories import ActionFactory, DecisionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def entry(**overrides):
    values = {"title": "Recruter un développeur", "owner": PersonFactory(), "due_date": datetime.date(2026, 5, 1)}
    values.update(overrides)
    return services.ActionEntry(**values)


def test_a_decision_is_recorded_with_its_actions(editor):
    product = ProductFactory()
    decision = Decision(product=product, title="Ouvrir le service", date=datetime.date(2026, 3, 1), decided_by="COPIL")
    services.record_decision(editor, decision, [entry()])
    assert decision.recorded_by == editor
    assert [a.title for a in decision.actions.all()] == ["Recruter un développeur"]
    assert decision.history.get().history_user == editor


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"owner": None}, "une action a un responsable"),
        ({"due_date": None}, "indiquez une échéance"),
        ({"title": " "}, "décrivez l’action"),
    ],
)
def test_an_incomplete_action_refuses_the_whole_decision(editor, overrides, message):
    decision = Decision(product=ProductFactory(), title="X", date=datetime.date(2026, 3, 1), decided_by="COPIL")
    with pytest.raises(ValidationError) as refusal:
        services.record_decision(editor, decision, [entry(), entry(**overrides)])
    assert message in str(refusal.value)
    assert not Decision.objects.exists()
    assert not Action.objects.exists()


def test_a_future_or_impossible_date_is_refused(editor):
    product = ProductFactory()
    for date in (datetime.date(2999, 1, 1), datetime.date(1990, 1, 1)):
        with pytest.raises(ValidationError):
            services.record_decision(editor, Decision(product=product, title="X", date=date, decided_by="Moi"))
    assert not Decision.objects.exists()


def test_superseding_links_both_decisions_and_both_stay():
    first = DecisionFactory()
    second = DecisionFactory(product=first.product, supersedes=first)
    first.refresh_from_db()
    assert first.is_superseded and first.superseded_by == second
    assert Decision.objects.count() == 2


def test_a_superseding_loop_is_refused_and_nothing_changes(editor):
    a = DecisionFactory()
    b = DecisionFactory(product=a.product, supersedes=a)
    c = DecisionFactory(product=a.product, supersedes=b)
    a.supersedes = c  # A → C → B → A
    with pytest.raises(ValidationError) as refusal:
        services.record_decision(editor, a)
    assert "boucle" in str(refusal.value)
    a.refresh_from_db()
    assert a.supersedes is None
    with pytest.raises(ValidationError):
        a.supersedes = b
        a.full_clean()


def test_a_decision_superseded_once_cannot_be_superseded_again(editor):
    a = DecisionFactory()
    DecisionFactory(product=a.product, supersedes=a)
    third = Decision(product=a.product, title="Autre", date=datetime.date(2026, 3, 1), decided_by="X", supersedes=a)
    with pytest.raises(ValidationError, match="déjà remplacée"):
        services.record_decision(editor, third)


def test_a_session_decides_a_phase_change_and_the_product_history_names_the_decision(editor):
    product = ProductFactory(phase=Phase.CONSTRUCTION)
    session = SessionFactory(products=[product])
    decision = Decision(
        product=product,
        session=session,
        title="Passer en accélération",
        date=datetime.date(2026, 3, 10),
        decided_by="Revue DNUM",
        new_phase=Phase.ACCELERATION,
    )
    services.record_decision(editor, decision)
    product.refresh_from_db()
    assert product.phase == Phase.ACCELERATION
    assert decision.previous_phase == Phase.CONSTRUCTION
    record = product.history.first()
    assert record.phase == Phase.ACCELERATION
    assert record.history_change_reason == "Décision du 10 mars 2026 : Passer en accélération"
    assert record.history_user == editor


def test_a_phase_change_to_the_current_phase_or_outside_a_session_is_refused(editor):
    product = ProductFactory(phase=Phase.CONSTRUCTION)
    session = SessionFactory(products=[product])
    same = Decision(
        product=product,
        session=session,
        title="X",
        date=datetime.date(2026, 3, 10),
        decided_by="X",
        new_phase=Phase.CONSTRUCTION,
    )
    with pytest.raises(ValidationError, match="déjà en phase « Construction »"):
        services.record_decision(editor, same)
    outside = Decision(
        product=product, title="X", date=datetime.date(2026, 3, 10), decided_by="X", new_phase=Phase.ACCELERATION
    )
    with pytest.raises(ValidationError, match="Seule une séance de comité"):
        services.record_decision(editor, outside)
    product.refresh_from_db()
    assert product.phase == Phase.CONSTRUCTION
    assert not Decision.objects.exists()


def test_a_session_that_does_not_review_the_product_is_refused(editor):
    session = SessionFactory()
    decision = Decision(
        product=ProductFactory(), session=session, title="X", date=datetime.date(2026, 3, 10), decided_by="X"
    )
    with pytest.raises(ValidationError, match="Cette séance n’examine pas"):
        services.record_decision(editor, decision)


def test_open_and_overdue_actions():
    today = datetime.date(2026, 5, 1)
    late = ActionFactory(due_date=datetime.date(2026, 4, 30))
    ActionFactory(due_date=datetime.date(2026, 4, 30), status=ActionStatus.DONE)
    ActionFactory(due_date=datetime.date(2026, 5, 1))
    assert list(Action.objects.overdue(today)) == [late]
    assert Action.objects.open().count() == 2
    assert late.is_overdue(today)
