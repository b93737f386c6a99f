import datetime
from collections import Counter
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equipage.campaigns import views
from equipage.campaigns.models import Campaign, CampaignNotice
from equipage.campaigns.notices import send_notices
from equipage.campaigns.progress import Status, today_progress, with_history
from equipage.campaigns.services import close_campaign
from equipage.checks.models import StoredFinding
from equipage.registry.models import Product
from equipage.trends.snapshots import State, take_snapshots, write_day
from tests.factories import ProductFactory

from .conftest import CODE, fail, open_campaign

pytestmark = pytest.mark.django_db


def form(world, **changes):
    data = {
        "title": "Surcharge résorbée",
        "rule_codes": [CODE],
        "directorates": [world.north.pk],
        "target": "80",
        "deadline": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_an_administrator_opens_a_campaign_kept_in_history_with_its_author(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("campaigns:create"), form(world))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    assert campaign.opened_on == timezone.localdate() and campaign.created_by == world.admin
    assert {record.history_user for record in campaign.history.all()} == {world.admin}
    assert list(campaign.directorates.all()) == [world.north]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rule_codes": None}, "Choisissez au moins une règle"),
        ({"rule_codes": ["INCONNUE"]}, "Sélectionnez un choix valide"),
        ({"target": "0"}, "entre 1 et 100 %"),
        ({"target": "101"}, "entre 1 et 100 %"),
        ({"deadline": "2020-01-01"}, "L’échéance ne peut pas être passée"),
        ({"phases": ["fin_de_vie"]}, "Ce périmètre ne compte aucun produit actif"),
        ({"title": ""}, "Donnez un intitulé"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(client, world, changes, message):
    client.force_login(world.admin)
    response = client.post(reverse("campaigns:create"), form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists() and not Campaign.history.exists()


def test_an_empty_scope_of_public_services_in_the_south_is_refused(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("campaigns:create"), form(world, directorates=[world.south.pk], public_services_only="on")
    )
    assert "Ce périmètre ne compte aucun produit actif" in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_agent_may_read_campaigns_but_not_open_one(agent_client, world):
    campaign = open_campaign(world)
    assert agent_client.get(reverse("campaigns:list")).status_code == 200
    assert agent_client.get(campaign.get_absolute_url()).status_code == 200
    assert agent_client.post(reverse("campaigns:create"), form(world)).status_code == 403
    assert agent_client.post(reverse("campaigns:close", args=[campaign.pk])).status_code == 403
    assert Campaign.objects.count() == 1 and Campaign.objects.get().closed_on is None


def failing_then(product) -> State:
    """The product failing the campaign's rule on a past day, in its scope of that day (its current one)."""
    return State(
        codes=frozenset({CODE}),
        sponsor_id=product.sponsor_id,
        phase=product.phase,
        is_public_service=product.is_public_service,
    )


def opened_two_weeks_ago(world, **changes) -> Campaign:
    today = timezone.localdate()
    campaign = open_campaign(world, **changes)
    Campaign.objects.filter(pk=campaign.pk).update(opened_on=today - datetime.timedelta(days=14))
    campaign.refresh_from_db()
    return campaign


def test_progress_today_counts_the_products_in_scope_passing_every_rule(world):
    campaign = open_campaign(world)
    progress = today_progress([campaign], timezone.localdate())[campaign.pk]
    assert (progress.total, progress.passing) == (3, 1)  # Alpha and Bêta fail, Gamma passes; Delta is not in scope
    public = open_campaign(world, public_services_only=True, directorate_ids=[])
    assert today_progress([public], timezone.localdate())[public.pk].passing == 0


def test_progress_over_time_reads_the_snapshots_then_today(world):
    today = timezone.localdate()
    campaign = open_campaign(world)
    Campaign.objects.filter(pk=campaign.pk).update(opened_on=today - datetime.timedelta(days=14))
    campaign.refresh_from_db()
    everyone_fails = {p.pk: failing_then(p) for p in world.products}
    for days in (14, 7):
        write_day(today - datetime.timedelta(days=days), everyone_fails, {})
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    assert [(p.day, p.total, p.passing) for p in progress.history] == [
        (today - datetime.timedelta(days=14), 3, 0),
        (today - datetime.timedelta(days=7), 3, 0),
        (today, 3, 1),
    ]


def test_a_product_archived_since_still_counts_in_the_past_figures_and_no_longer_today(world):
    today = timezone.localdate()
    campaign = open_campaign(world)
    Campaign.objects.filter(pk=campaign.pk).update(opened_on=today - datetime.timedelta(days=7))
    campaign.refresh_from_db()
    write_day(today - datetime.timedelta(days=7), {p.pk: failing_then(p) for p in world.products}, {})
    Product.objects.filter(pk=world.products[0].pk).update(archived_at=timezone.now())
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    assert [(p.total, p.passing) for p in progress.history] == [(3, 0), (2, 1)]


def test_a_product_moved_out_of_the_campaigns_phase_yesterday_still_counts_before_and_no_longer_today(world):
    today = timezone.localdate()
    Product.objects.filter(pk=world.products[3].pk).update(phase="perennisation")  # Delta: never in scope
    campaign = opened_two_weeks_ago(world, directorate_ids=[], phases=["construction"])
    for days in (14, 7):
        take_snapshots(today - datetime.timedelta(days=days))
    Product.objects.filter(pk=world.products[0].pk).update(phase="acceleration")  # Alpha, failing, moves on
    take_snapshots(today - datetime.timedelta(days=1))
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    # Before: Alpha, Bêta (failing) and Gamma in construction; today Bêta and Gamma only.
    assert [(p.day, p.total, p.passing) for p in progress.history] == [
        (today - datetime.timedelta(days=14), 3, 1),
        (today - datetime.timedelta(days=7), 3, 1),
        (today, 2, 1),
    ]


def test_a_product_moved_to_another_directorate_yesterday_still_counts_before_and_no_longer_today(world):
    today = timezone.localdate()
    campaign = opened_two_weeks_ago(world)  # the northern directorate
    for days in (14, 7):
        take_snapshots(today - datetime.timedelta(days=days))
    Product.objects.filter(pk=world.products[0].pk).update(sponsor=world.south)  # Alpha, failing, goes south
    Product.objects.filter(pk=world.products[3].pk).update(sponsor=world.north)  # Delta, passing, comes north
    take_snapshots(today - datetime.timedelta(days=1))
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    # Before: Alpha, Bêta (failing) and Gamma; today Bêta (failing), Gamma and Delta.
    assert [(p.day, p.total, p.passing) for p in progress.history] == [
        (today - datetime.timedelta(days=14), 3, 1),
        (today - datetime.timedelta(days=7), 3, 1),
        (today, 3, 2),
    ]


def test_a_product_that_became_a_public_service_counts_only_since(world):
    today = timezone.localdate()
    campaign = opened_two_weeks_ago(world, public_services_only=True)  # Alpha and Bêta, both failing
    for days in (14, 7):
        take_snapshots(today - datetime.timedelta(days=days))
    Product.objects.filter(pk=world.products[2].pk).update(is_public_service=True)  # Gamma, passing
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    assert [(p.total, p.passing) for p in progress.history] == [(2, 0), (2, 0), (3, 1)]


def test_a_campaign_below_its_straight_line_to_the_target_is_late_and_one_above_on_track(world):
    today = timezone.localdate()
    campaign = open_campaign(world, target=100)
    Campaign.objects.filter(pk=campaign.pk).update(
        opened_on=today - datetime.timedelta(days=50), deadline=today + datetime.timedelta(days=10)
    )
    campaign.refresh_from_db()
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    assert progress.status == Status.LATE  # 33 % when the line expects about 89 %
    easy = open_campaign(world, target=30)
    assert with_history(today_progress([easy], today)[easy.pk]).status == Status.REACHED
    close_campaign(world.admin, easy, today)
    easy.refresh_from_db()
    assert today_progress([easy], today)[easy.pk].status == Status.CLOSED


def test_the_campaign_page_shows_failing_products_with_their_owners(agent_client, world):
    campaign = open_campaign(world)
    body = agent_client.get(campaign.get_absolute_url()).content.decode()
    assert "Alpha" in body and "Bêta" in body and "Gamma" not in body.split("Produits à traiter")[1]
    assert str(world.owners[0]) in body and str(world.owners[1]) in body
    assert "Données du graphique" in body


def test_campaign_pages_name_rules_by_their_titles_never_by_their_codes(admin_client, world):
    campaign = open_campaign(world)
    pages = [
        admin_client.get(campaign.get_absolute_url()).content.decode(),
        admin_client.get(reverse("campaigns:list")).content.decode(),
        admin_client.get(reverse("campaigns:create")).content.decode(),
    ]
    for body in pages:
        assert "Membre engagé à plus de 100 %" in body
        assert CODE not in body.replace(f'value="{CODE}"', "")
    export = admin_client.get(reverse("campaigns:export", args=[campaign.pk, "csv"]))
    assert CODE in b"".join(export.streaming_content).decode("utf-8-sig")


@contextmanager
def loaded_instances():
    """Counts the model instances built while the block runs, per model (every row Django turns into one)."""
    counts: Counter = Counter()

    def count(sender, **kwargs):
        counts[sender] += 1

    post_init.connect(count)
    try:
        yield counts
    finally:
        post_init.disconnect(count)


def test_the_campaign_page_reads_only_its_page_of_failing_products_in_the_same_queries_for_one_or_many(
    agent_client, world, monkeypatch
):
    monkeypatch.setattr(views, "FAILING_PER_PAGE", 3)
    StoredFinding.objects.filter(product=world.products[1], code=CODE).delete()
    campaign = open_campaign(world)
    url = campaign.get_absolute_url()
    agent_client.get(url)
    with CaptureQueriesContext(connection) as one, loaded_instances() as one_loaded:
        agent_client.get(url)
    assert one_loaded[Product] == 1 and one_loaded[StoredFinding] == 1
    for index in range(12):
        product = ProductFactory(sponsor=world.north, name=f"Autre {index:02}")
        fail(product, world.owners[index % 2])
        fail(product, world.owners[(index + 1) % 2])  # two findings, two owners
    with CaptureQueriesContext(connection) as many, loaded_instances() as many_loaded:
        response = agent_client.get(url, {"page": 2})
    assert len(many) == len(one)
    # Only the page's three products (sorted by name in the database) and their findings are read.
    assert [row.product.name for row in response.context["failing"]] == ["Autre 02", "Autre 03", "Autre 04"]
    assert all(len(row.owners) == 2 for row in response.context["failing"])
    assert many_loaded[Product] == 3 and many_loaded[StoredFinding] == 6
    assert response.context["page_obj"].paginator.num_pages == 5  # 13 failing products, 3 a page


def test_the_campaign_list_costs_the_same_queries_for_one_campaign_or_several(agent_client, world):
    open_campaign(world)
    agent_client.get(reverse("campaigns:list"))
    with CaptureQueriesContext(connection) as one:
        agent_client.get(reverse("campaigns:list"))
    open_campaign(world, directorate_ids=[world.south.pk])
    open_campaign(world, phases=["construction"])
    with CaptureQueriesContext(connection) as three:
        agent_client.get(reverse("campaigns:list"))
    assert len(three) == len(one)


def test_the_failing_products_export_names_their_owners(agent_client, world):
    campaign = open_campaign(world)
    response = agent_client.get(reverse("campaigns:export", args=[campaign.pk, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Alpha" in text and world.owners[0].email in text and "Gamma" not in text


def test_owners_are_told_once_when_the_campaign_opens(world):
    campaign = open_campaign(world)
    today = timezone.localdate()
    assert send_notices(today).sent == 2
    assert send_notices(today).sent == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in world.owners)
    assert "est ouverte jusqu’au" in mail.outbox[0].body
    assert "respectent la règle « Membre engagé à plus de 100 % »." in mail.outbox[0].body
    assert CODE not in mail.outbox[0].body  # the rule by its title, as the pages name it
    assert CampaignNotice.objects.filter(campaign=campaign, kind=CampaignNotice.Kind.OPENED).count() == 2


def test_owners_are_told_30_and_7_days_before_the_deadline_each_once_and_a_missed_day_sends_the_latest_only(world):
    campaign = open_campaign(world)
    deadline = campaign.deadline
    send_notices(timezone.localdate())
    mail.outbox.clear()
    send_notices(deadline - datetime.timedelta(days=30))
    send_notices(deadline - datetime.timedelta(days=29))
    assert len(mail.outbox) == 2 and "échéance dans 30 jours" in mail.outbox[0].subject
    mail.outbox.clear()
    send_notices(deadline - datetime.timedelta(days=5))
    assert len(mail.outbox) == 2 and "échéance dans 5 jours" in mail.outbox[0].subject
    mail.outbox.clear()
    late = open_campaign(world, title="Ouverte tard", deadline=timezone.localdate() + datetime.timedelta(days=5))
    send_notices(timezone.localdate())
    assert len(mail.outbox) == 2 and "ouverte" in mail.outbox[0].subject
    kinds = set(CampaignNotice.objects.filter(campaign=late).values_list("kind", flat=True))
    assert kinds == {"ouverture", "j-30", "j-7"}


def test_a_closed_campaign_tells_nobody(world):
    campaign = open_campaign(world)
    close_campaign(world.admin, campaign, timezone.localdate())
    assert send_notices(timezone.localdate()).sent == 0 and not mail.outbox


def test_a_failed_sending_records_nothing_and_is_tried_again(world, monkeypatch):
    open_campaign(world)

    def refuse(*args, **kwargs):
        raise OSError("serveur injoignable")

    monkeypatch.setattr("equipage.campaigns.notices.send_mail", refuse)
    assert send_notices(timezone.localdate()).failed == 2
    assert not CampaignNotice.objects.exists()
    monkeypatch.undo()
    assert send_notices(timezone.localdate()).sent == 2
