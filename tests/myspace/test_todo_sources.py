"""Each app's to-do source, and the one order of the list: overdue, then by due date, then blocking."""

import datetime
from decimal import Decimal

import pytest

from equipage.checks import store
from equipage.checks.models import StoredFinding
from equipage.core.todo import TodoItem, Who, sort_items, todo_items, todo_sources
from equipage.delivery import services as delivery_services
from equipage.delivery.models import CaseResult
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import HomologationFactory
from tests.delivery.factories import FeedbackFactory, ReleaseFactory, StoryFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, UserFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory
from tests.selfassessment.factories import SelfAssessmentFactory

TODAY = datetime.date(2026, 6, 15)


def kinds(items):
    return [item.kind for item in items]


def test_every_app_registers_its_source():
    assert {"checks", "deadlines", "selfassessment", "committees", "delivery-feedback", "delivery-recette"} <= set(
        todo_sources()
    )


def test_the_list_puts_overdue_first_then_by_due_date_then_blocking_then_the_rest():
    items = [
        TodoItem(kind="constat", title="surveiller", url="/a"),
        TodoItem(kind="constat", title="bloquant", url="/b", blocking=True),
        TodoItem(kind="action", title="dans un mois", url="/c", due=TODAY + datetime.timedelta(days=30)),
        TodoItem(kind="action", title="demain", url="/d", due=TODAY + datetime.timedelta(days=1)),
        TodoItem(kind="action", title="en retard", url="/e", due=TODAY - datetime.timedelta(days=3)),
        TodoItem(kind="action", title="très en retard", url="/f", due=TODAY - datetime.timedelta(days=30)),
    ]
    ordered = sort_items(items, TODAY)
    assert [item.title for item in ordered] == [
        "très en retard",
        "en retard",
        "demain",
        "dans un mois",
        "bloquant",
        "surveiller",
    ]
    assert [item.overdue for item in ordered] == [True, True, False, False, False, False]
    assert ordered[0].kind_label == "Action de décision"


@pytest.mark.django_db
def test_a_person_without_any_role_has_nothing_to_do():
    assert todo_items(PersonFactory(), TODAY) == []


@pytest.mark.django_db
def test_findings_naming_the_person_are_theirs():
    person = PersonFactory()
    product = ProductFactory(name="Atlas")
    StoredFinding.objects.create(
        product=product,
        code="METIER_TEMPS",
        severity="bloquant",
        message="Le responsable métier consacre 20 % de son temps.",
        remedy="Porter son temps à 60 %.",
        owner=person,
        computed_on=TODAY,
    )
    StoredFinding.objects.create(
        product=product, code="AUTRE", severity="bloquant", message="Pas pour lui.", remedy="", computed_on=TODAY
    )
    items = todo_items(person, TODAY)
    assert [(item.kind, item.blocking, item.product_name) for item in items] == [("constat", True, "Atlas")]
    assert "20 %" in items[0].detail
    assert items[0].url == "/produits/" + product.slug + "/#vigilance"


@pytest.mark.django_db
def test_a_homologation_expiring_goes_to_whoever_the_matrix_makes_responsible():
    product = ProductFactory(governance=Governance.DNUM_PM)
    manager = MembershipFactory(product=product, role=Role.PRODUCT_MANAGER).person
    developer = MembershipFactory(product=product, role=Role.DEVELOPER).person
    HomologationFactory(product=product, valid_until=TODAY + datetime.timedelta(days=20))
    items = todo_items(manager, TODAY)
    homologation = [item for item in items if item.kind == "homologation"]
    assert [item.due for item in homologation] == [TODAY + datetime.timedelta(days=20)]
    assert homologation[0].title.startswith("Fin de validité de l’homologation de sécurité")
    assert homologation[0].kind_label == "Homologation de sécurité"
    assert "homologation" not in kinds(todo_items(developer, TODAY))


@pytest.mark.django_db
def test_stale_indicators_go_to_whoever_answers_for_the_objectives():
    product = ProductFactory(governance=Governance.DNUM_PM)
    manager = MembershipFactory(product=product, role=Role.PRODUCT_MANAGER).person
    expert = MembershipFactory(product=product, role=Role.POLICY_EXPERT).person
    stale = IndicatorFactory(objective__product=product, name="Démarches en ligne", baseline=Decimal("1"))
    MeasurementFactory(indicator=stale, date=datetime.date(2025, 1, 1))
    fresh = IndicatorFactory(objective__product=product, name="Satisfaction")
    MeasurementFactory(indicator=fresh, date=TODAY - datetime.timedelta(days=20))
    items = [item for item in todo_items(manager, TODAY) if item.kind == "indicateur"]
    assert [item.title for item in items] == ["Mettre à jour l’indicateur « Démarches en ligne » (fréquence mensuelle)"]
    assert items[0].overdue
    assert "indicateur" not in kinds(todo_items(expert, TODAY))


@pytest.mark.django_db
def test_a_self_assessment_is_due_six_months_after_the_last_one_of_the_role():
    product = ProductFactory()
    owner = MembershipFactory(product=product, role=Role.PRODUCT_OWNER, start_date=datetime.date(2024, 1, 1)).person
    SelfAssessmentFactory(
        product=product, role=Role.PRODUCT_OWNER, respondent=owner, answered_on=datetime.date(2026, 1, 1)
    )
    due = [item for item in todo_items(owner, TODAY) if item.kind == "autodiagnostic"]
    assert len(due) == 1 and due[0].due == datetime.date(2026, 7, 3)  # 1 January + 183 days, within a month
    SelfAssessmentFactory(product=product, role=Role.PRODUCT_OWNER, respondent=owner, answered_on=TODAY)
    assert "autodiagnostic" not in kinds(todo_items(owner, TODAY))


@pytest.mark.django_db
def test_open_actions_of_decisions_go_to_their_owner():
    person = PersonFactory()
    decision = DecisionFactory()
    ActionFactory(decision=decision, owner=person, title="Relancer la DPO", due_date=TODAY - datetime.timedelta(days=1))
    ActionFactory(decision=decision, owner=person, title="Déjà faite", status="faite")
    items = todo_items(person, TODAY)
    assert [(item.title, item.overdue) for item in items] == [("Relancer la DPO", True)]


@pytest.mark.django_db
def test_feedback_waiting_for_triage_goes_to_the_leads_due_thirty_days_after_the_oldest():
    product = ProductFactory()
    lead = MembershipFactory(product=product, role=Role.PRODUCT_OWNER).person
    developer = MembershipFactory(product=product, role=Role.DEVELOPER).person
    FeedbackFactory(product=product, date=datetime.date(2026, 6, 1))
    FeedbackFactory(product=product, date=datetime.date(2026, 6, 10))
    FeedbackFactory(product=product, date=datetime.date(2026, 5, 1), status="qualifie")
    items = [item for item in todo_items(lead, TODAY) if item.kind == "retours"]
    assert [(item.title, item.due) for item in items] == [("Trier 2 retours terrain", datetime.date(2026, 7, 1))]
    assert "retours" not in kinds(todo_items(developer, TODAY))


@pytest.mark.django_db
def test_a_recette_without_blocking_case_waits_for_the_signature_of_the_metier():
    product = ProductFactory(governance=Governance.DNUM_PM)  # the métier's expert signs off
    signer = MembershipFactory(product=product, role=Role.POLICY_EXPERT).person
    editor = UserFactory()
    lead = MembershipFactory(product=product, role=Role.PRODUCT_MANAGER, person__user=editor).person
    release = ReleaseFactory(product=product, name="2.0", planned_date=TODAY + datetime.timedelta(days=5))
    StoryFactory(product=product, release=release, criteria=["La liste s’affiche"])
    campaign, _added = delivery_services.prepare_campaign(release, user=editor)
    recettes = [item for item in todo_items(signer, TODAY) if item.kind == "recette"]
    assert [(item.title, item.due) for item in recettes] == [
        ("Valider la recette de la Version 2.0", release.planned_date)
    ]
    assert "recette" not in kinds(todo_items(lead, TODAY))
    case = campaign.cases.first()
    delivery_services.record_result(case, CaseResult.BLOCKING, user=editor)
    assert "recette" not in kinds(todo_items(signer, TODAY))


@pytest.mark.django_db
def test_archived_products_and_ended_roles_bring_nothing():
    product = ProductFactory(archived=True)
    person = MembershipFactory(product=product, role=Role.PRODUCT_OWNER).person
    FeedbackFactory(product=product)
    ended = ProductFactory()
    MembershipFactory(product=ended, person=person, role=Role.PRODUCT_OWNER, end_date=datetime.date(2026, 1, 1))
    FeedbackFactory(product=ended)
    store.flush()
    assert todo_items(person, TODAY) == []


@pytest.mark.django_db
def test_one_who_loads_the_memberships_once_for_every_source(django_assert_max_num_queries):
    person = MembershipFactory(role=Role.PRODUCT_OWNER).person
    who = Who(person=person, today=TODAY)
    with django_assert_max_num_queries(30):
        todo_items(person, who=who)


@pytest.mark.django_db
def test_a_deviation_request_waits_for_the_coach_and_the_product_office_not_the_requester():
    from equipage.deviations.models import Deviation
    from equipage.myspace.selectors import person_of
    from tests.factories import AdminFactory, person_for

    product = ProductFactory(name="Atlas")
    requester = UserFactory()
    MembershipFactory(product=product, person__user=requester, role=Role.PRODUCT_OWNER)
    coach = MembershipFactory(product=product, role=Role.PRODUCT_COACH, person__user=UserFactory()).person
    Deviation.objects.create(
        product=product,
        code="METIER_TEMPS",
        justification="Temps partiel jusqu’à la fin du projet.",
        end_date=TODAY + datetime.timedelta(days=90),
        requested_by=requester,
    )
    coach_items = [item for item in todo_items(coach, TODAY) if item.kind == "derogation"]
    assert [item.product_name for item in coach_items] == ["Atlas"]
    admin = person_of(person_for(AdminFactory()).user)
    (office,) = [item for item in todo_items(admin, TODAY) if item.kind == "derogation"]
    assert office.title == "1 dérogation demandée à décider"
    requester_person = person_of(requester)
    assert "derogation" not in kinds(todo_items(requester_person, TODAY))


@pytest.mark.django_db
def test_todays_deadlines_are_read_from_the_store_in_one_query_as_the_sources_give_them(django_assert_num_queries):
    from django.utils import timezone

    from equipage.checks.todo import DEADLINE_HORIZON, DEADLINE_KINDS_LEFT_TO_SOURCES, owned_deadlines
    from equipage.core.deadlines import DEADLINE_KINDS, collect_deadlines

    today = timezone.localdate()
    products = [ProductFactory(name=name, governance=Governance.DNUM_PM) for name in ("Atlas", "Boussole")]
    manager = PersonFactory()
    for product in products:
        MembershipFactory(product=product, person=manager, role=Role.PRODUCT_MANAGER)
        HomologationFactory(product=product, valid_until=today + datetime.timedelta(days=20))
        stale = IndicatorFactory(objective__product=product, name="Démarches en ligne", baseline=Decimal("1"))
        MeasurementFactory(indicator=stale, date=today - datetime.timedelta(days=400))
        ReleaseFactory(product=product, name="2.0", planned_date=today + datetime.timedelta(days=10))
    store.flush()
    who = Who(person=manager, today=today)
    assert len(who.memberships) == 2  # loaded once, before counting
    with django_assert_num_queries(1):
        stored = owned_deadlines(who)
    kinds = [kind for kind in DEADLINE_KINDS if kind not in DEADLINE_KINDS_LEFT_TO_SOURCES]
    live = collect_deadlines(who.products, today, kinds=kinds, until=today + DEADLINE_HORIZON, owner_id=manager.pk)
    assert {"homologation", "indicateur"} <= {item.kind for item in stored}
    assert sorted((i.kind, i.kind_label, i.title, i.due, i.url, i.product_slug) for i in stored) == sorted(
        (d.kind, d.kind_label, d.label, d.date, d.url, d.product.slug) for d in live
    )
