"""Releases and their recette: cases from the criteria, results by the team, bugs, verdict and sign-off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from equipage.delivery import services
from equipage.delivery.models import Campaign, CampaignState, CaseResult, Story, StoryStatus, TestCase, campaign_state
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.delivery.factories import ReleaseFactory, StoryFactory
from tests.factories import MembershipFactory, ProductFactory, UserFactory, person_for


@pytest.fixture
def release(product):
    release = ReleaseFactory(product=product, name="2.0")
    StoryFactory(product=product, release=release, criteria=["Le bouton relance", "Le courriel part"])
    StoryFactory(product=product, release=release, criteria=["La liste se trie"])
    return release


def test_campaign_verdicts():
    campaign = Campaign()
    assert campaign_state(None, 0) == CampaignState.NONE
    assert campaign_state(campaign, 0) == CampaignState.IN_PROGRESS
    assert campaign_state(campaign, 1) == CampaignState.BLOCKED
    campaign.signed_off_at = timezone.now()
    assert campaign_state(campaign, 0) == CampaignState.VALIDATED
    assert campaign_state(campaign, 2) == CampaignState.BLOCKED


@pytest.mark.django_db
def test_the_recette_takes_its_cases_from_the_criteria_once(release, editor):
    campaign, added = services.prepare_campaign(release, user=editor)
    assert added == 3
    assert list(campaign.cases.values_list("text", flat=True)) == [
        "Le bouton relance",
        "Le courriel part",
        "La liste se trie",
    ]
    assert services.prepare_campaign(release, user=editor)[1] == 0
    story = release.stories.first()
    story.criteria.create(position=3, text="Un critère ajouté")
    assert services.prepare_campaign(release, user=editor)[1] == 1
    assert TestCase.history.filter(text="Le bouton relance").get().history_user == editor


@pytest.mark.django_db
def test_a_team_member_records_a_result_with_their_name_and_the_date(release, member):
    campaign, _ = services.prepare_campaign(release, user=member)
    case = campaign.cases.first()
    services.record_result(case, CaseResult.FAILED, comment="Le bouton est grisé", user=member)
    case.refresh_from_db()
    assert case.tested_by == person_for(member)
    assert case.tested_on == timezone.localdate()
    assert case.comment == "Le bouton est grisé"


@pytest.mark.django_db
def test_a_result_by_someone_outside_the_team_is_refused_and_not_written(release, editor, admin_user):
    campaign, _ = services.prepare_campaign(release, user=editor)
    case = campaign.cases.first()
    outsider = UserFactory()
    person_for(outsider)
    for user in (outsider, admin_user):
        with pytest.raises(PermissionDenied):
            services.record_result(case, CaseResult.PASSED, user=user)
    case.refresh_from_db()
    assert case.result == CaseResult.NOT_TESTED and case.tested_by is None


@pytest.mark.django_db
def test_a_failed_case_opens_a_bug_story_linked_back_once(release, member):
    campaign, _ = services.prepare_campaign(release, user=member)
    case = campaign.cases.first()
    with pytest.raises(ValidationError):
        services.open_bug(case, user=member)  # not failed yet
    services.record_result(case, CaseResult.BLOCKING, comment="Erreur 500", user=member)
    bug = services.open_bug(case, user=member)
    assert bug.title == "Anomalie : Le bouton relance"
    assert bug.status == StoryStatus.TO_REFINE
    assert list(bug.criteria.values_list("text", flat=True)) == ["Le bouton relance"]
    assert "Erreur 500" in bug.description
    assert services.open_bug(case, user=member) == bug
    assert Story.objects.filter(title__startswith="Anomalie").count() == 1


@pytest.mark.django_db
def test_sign_off_by_the_wrong_person_or_with_a_blocking_case_is_refused(release, editor, member, policy_owner):
    campaign, _ = services.prepare_campaign(release, user=editor)
    case = campaign.cases.first()
    services.record_result(case, CaseResult.BLOCKING, user=member)
    for user in (editor, member):  # the responsable produit and a developer do not sign
        with pytest.raises(PermissionDenied) as refusal:
            services.sign_off(campaign, user=user)
        assert "Seul le responsable métier ou expert métier du produit valide sa recette." in str(refusal.value)
    with pytest.raises(ValidationError) as error:
        services.sign_off(campaign, user=policy_owner)
    assert error.value.messages == ["La recette ne peut pas être validée : 1 cas bloquant reste ouvert."]
    campaign.refresh_from_db()
    assert not campaign.is_signed

    services.record_result(case, CaseResult.PASSED, user=member)
    services.sign_off(campaign, user=policy_owner)
    campaign.refresh_from_db()
    assert campaign.signed_off_by == person_for(policy_owner)
    assert campaign_state(campaign, 0) == CampaignState.VALIDATED


@pytest.mark.django_db
def test_a_blocking_result_after_sign_off_withdraws_it(release, member, policy_owner):
    campaign, _ = services.prepare_campaign(release, user=member)
    services.sign_off(campaign, user=policy_owner)
    services.record_result(campaign.cases.first(), CaseResult.BLOCKING, user=member)
    campaign.refresh_from_db()
    assert not campaign.is_signed
    assert campaign.history.first().history_change_reason.startswith("Validation retirée")


@pytest.mark.django_db
def test_in_a_dnum_owned_product_the_product_manager_signs_off():
    product = ProductFactory(governance=Governance.DNUM_OWNED)
    manager = UserFactory()
    MembershipFactory(product=product, person=person_for(manager), role=Role.PRODUCT_MANAGER)
    campaign, _ = services.prepare_campaign(ReleaseFactory(product=product), user=manager)
    services.sign_off(campaign, user=manager)
    assert Campaign.objects.get().is_signed


# --- Pages ---


@pytest.mark.django_db
def test_the_recette_journey_through_the_pages(client, product, release, editor, member, policy_owner):
    base = f"/produits/{product.slug}/recette/versions/{release.pk}/"
    client.force_login(member)
    assert client.post(base + "preparer/").status_code == 403  # only leads open the recette
    assert not Campaign.objects.exists()
    client.force_login(editor)
    client.post(base + "preparer/")
    case = TestCase.objects.first()
    client.force_login(member)
    client.post(f"/produits/{product.slug}/recette/cas/{case.pk}/resultat/", {"result": "bloquant", "comment": "KO"})
    client.post(f"/produits/{product.slug}/recette/cas/{case.pk}/anomalie/")
    bug = Story.objects.get(title__startswith="Anomalie")
    html = client.get(base).content.decode()
    assert "Recette bloquée" in html
    assert f"story n° {bug.number}" in html
    assert "Valider la recette" not in html  # a developer does not sign
    client.post(f"/produits/{product.slug}/recette/cas/{case.pk}/resultat/", {"result": "conforme"})
    client.force_login(policy_owner)
    assert "Valider la recette" in client.get(base).content.decode()
    client.post(base + "valider/")
    html = client.get(f"/produits/{product.slug}/recette/").content.decode()
    assert "Recette validée" in html


@pytest.mark.django_db
def test_a_release_in_production_without_validated_recette_stays_visible(agent_client, product):
    ReleaseFactory(product=product, name="1.0", actual_date=datetime.date(2026, 1, 5))
    html = agent_client.get(f"/produits/{product.slug}/recette/").content.decode()
    assert "En production sans recette validée" in html


@pytest.mark.django_db
def test_a_demo_records_attendees_and_shows_whether_the_policy_owner_came(
    member_client, product, release, policy_owner
):
    response = member_client.post(
        f"/produits/{product.slug}/recette/demos/nouvelle/",
        {
            "date": "2026-02-03",
            "release": release.pk,
            "attendees": [person_for(policy_owner).pk],
            "feedback": "Trier par date\n",
        },
    )
    assert response.status_code == 302
    html = member_client.get(f"/produits/{product.slug}/recette/versions/{release.pk}/").content.decode()
    assert "Responsable métier présent" in html
    assert "retour_demo=Trier%20par%20date" in html


@pytest.mark.django_db
def test_release_page_queries_do_not_grow_with_cases(editor_client, product, release, editor):
    from tests.delivery.test_pages import _queries

    services.prepare_campaign(release, user=editor)
    path = f"/produits/{product.slug}/recette/versions/{release.pk}/"
    few = _queries(editor_client, path)
    for _ in range(5):
        StoryFactory(product=product, release=release, criteria=["Un", "Deux"])
    services.prepare_campaign(release, user=editor)
    assert _queries(editor_client, path) == few
    recette = f"/produits/{product.slug}/recette/"
    few = _queries(editor_client, recette)
    for name in ("3.0", "3.1", "3.2"):
        ReleaseFactory(product=product, name=name)
    assert _queries(editor_client, recette) == few
