import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from equipage.teams import services
from equipage.teams.models import Membership, total_time_shares
from equipage.teams.roles import GUIDES, Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


def test_current_memberships_have_started_and_not_ended():
    running = MembershipFactory(start_date=datetime.date(2026, 1, 1))
    MembershipFactory(start_date=datetime.date(2026, 9, 1))  # not started
    MembershipFactory(start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 6, 14))  # ended
    ends_today = MembershipFactory(start_date=datetime.date(2025, 1, 1), end_date=TODAY)
    assert set(Membership.objects.current(TODAY)) == {running, ends_today}


def test_total_time_share_adds_current_roles_across_products():
    person = PersonFactory()
    MembershipFactory(person=person, time_share=60, start_date=datetime.date(2026, 1, 1))
    MembershipFactory(person=person, time_share=50, start_date=datetime.date(2026, 1, 1))
    MembershipFactory(person=person, time_share=40, end_date=datetime.date(2026, 1, 31))
    assert total_time_shares([person.pk], TODAY) == {person.pk: 110}


@pytest.mark.parametrize("share", [-1, 101])
def test_time_share_outside_0_100_is_refused(share):
    membership = MembershipFactory.build(person=PersonFactory(), product=ProductFactory(), time_share=share)
    with pytest.raises(ValidationError, match="entre 0 et 100"):
        services.save_membership(membership, user=None)
    assert not Membership.objects.exists()


def test_the_database_itself_refuses_an_end_before_the_start():
    membership = MembershipFactory()
    membership.end_date = membership.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_end_before_start_is_refused_with_a_french_message():
    membership = MembershipFactory.build(
        person=PersonFactory(),
        product=ProductFactory(),
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError, match="ne peut pas précéder"):
        services.save_membership(membership, user=None)


def test_the_same_role_twice_at_the_same_time_is_refused():
    existing = MembershipFactory(role=Role.DESIGNER)
    duplicate = Membership(
        person=existing.person, product=existing.product, role=Role.DESIGNER, time_share=10, start_date=TODAY
    )
    with pytest.raises(ValidationError, match="tient déjà le rôle"):
        services.save_membership(duplicate, user=None)


def test_ending_a_membership_keeps_it_in_history():
    membership = MembershipFactory(start_date=datetime.date(2026, 1, 1))
    services.end_membership(membership, TODAY, user=None)
    membership.refresh_from_db()
    assert membership.end_date == TODAY
    assert membership.history.count() == 2
    with pytest.raises(ValidationError, match="déjà terminé"):
        services.end_membership(membership, TODAY, user=None)


def test_every_role_has_a_guide_with_questions():
    assert set(GUIDES) == set(Role)
    for guide in GUIDES.values():
        assert guide.summary and guide.missions and guide.questions
        assert len({question.key for question in guide.questions}) == len(guide.questions)
