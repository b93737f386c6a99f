"""The digest e-mail: its content, the frequency chosen on /compte/, and never twice for one period."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from equipage.accounts.models import DigestFrequency
from equipage.myspace.digest import period_of, send_digests
from equipage.myspace.models import DigestRun
from tests.committees.factories import ActionFactory
from tests.factories import ProductFactory, UserFactory, person_for

TODAY = datetime.date(2026, 6, 15)  # a Monday


def _busy_person(frequency=DigestFrequency.WEEKLY, email="claire.dubois@ministere.example"):
    user = UserFactory(email=email, first_name="Claire", digest_frequency=frequency)
    person = person_for(user)
    slug = "atlas" if email.startswith("claire") else f"atlas-{email.split('@')[0]}"
    product = ProductFactory(name="Atlas", slug=slug)  # owner of two actions, no role: nothing else to do
    ActionFactory(
        decision__product=product, owner=person, title="Relancer l’éditeur", due_date=datetime.date(2026, 6, 1)
    )
    ActionFactory(
        decision__product=product, owner=person, title="Préparer le comité", due_date=datetime.date(2026, 7, 1)
    )
    return person


def test_periods_are_the_iso_week_or_the_day():
    assert period_of(DigestFrequency.WEEKLY, TODAY) == "2026-S25"
    assert period_of(DigestFrequency.WEEKLY, TODAY + datetime.timedelta(days=6)) == "2026-S25"
    assert period_of(DigestFrequency.DAILY, TODAY) == "2026-06-15"


@pytest.mark.django_db
def test_the_digest_lists_the_to_do_in_french_with_absolute_links(settings):
    settings.EQUIPAGE_BASE_URL = "https://equipage.example.gouv.fr/"
    _busy_person()
    report = send_digests(TODAY)
    assert report.sent == 1
    (message,) = mail.outbox
    assert message.to == ["claire.dubois@ministere.example"]
    assert message.subject == "[Équipage] 2 choses à faire, dont 1 en retard"
    text = message.body
    assert text.startswith("Bonjour Claire,")
    assert text.index("Relancer l’éditeur") < text.index("Préparer le comité")  # overdue first
    assert "[En retard] Relancer l’éditeur — Atlas — échéance le 1er juin 2026" in text
    assert "https://equipage.example.gouv.fr/produits/atlas/decisions/" in text
    assert "https://equipage.example.gouv.fr/compte/" in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html and 'href="https://equipage.example.gouv.fr/mon-espace/"' in html
    assert "<strong>En retard</strong>" in html


@pytest.mark.django_db
def test_nothing_is_sent_for_an_empty_list_nor_to_whoever_opted_out():
    person_for(UserFactory())  # nothing to do
    _busy_person(DigestFrequency.NEVER)
    report = send_digests(TODAY)
    assert mail.outbox == []
    assert report.sent == 0 and report.empty == 1
    assert not DigestRun.objects.exists()


@pytest.mark.django_db
def test_a_weekly_digest_goes_once_a_week_and_a_daily_one_each_day():
    weekly = _busy_person()
    daily = _busy_person(DigestFrequency.DAILY, email="julien@ministere.example")
    send_digests(TODAY)
    send_digests(TODAY)  # a second run the same day
    send_digests(TODAY + datetime.timedelta(days=1))
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients.count(weekly.user.email) == 1
    assert recipients.count(daily.user.email) == 2
    send_digests(TODAY + datetime.timedelta(days=7))
    assert [message.to[0] for message in mail.outbox].count(weekly.user.email) == 2


@pytest.mark.django_db
def test_a_failed_sending_gives_the_claim_back_for_the_next_run(monkeypatch):
    _busy_person()

    def fail(*args, **kwargs):
        raise OSError("SMTP injoignable")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", fail)
    assert send_digests(TODAY).failed == 1
    assert not DigestRun.objects.exists()
    monkeypatch.undo()
    assert send_digests(TODAY).sent == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_one_digest():
    """Two instances of the daily job, each in its own thread and database connection: the unique
    (person, period) record lets one of them send. On SQLite the runs are serialised by its lock."""
    _busy_person()
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def run(together=True):
        try:
            if together:
                barrier.wait(timeout=10)
            reports.append(send_digests(TODAY))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    if connection.vendor == "sqlite":
        run(together=False)
        run(together=False)
    else:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(mail.outbox) == 1
    assert sorted(report.sent for report in reports) == [0, 1]
    assert DigestRun.objects.count() == 1


@pytest.mark.django_db
def test_the_account_page_changes_the_frequency_and_keeps_its_history(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/compte/").content.decode()
    assert "Résumé par courriel" in html and "Chaque semaine (le lundi)" in html
    response = client.post("/compte/resume/", {"digest_frequency": "jamais"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.digest_frequency == DigestFrequency.NEVER
    record = user.history.first()
    assert record.digest_frequency == "jamais" and record.history_user_id == user.pk
    html = client.get("/compte/").content.decode()
    assert "Historique de mes choix de résumé" in html and "Jamais" in html


@pytest.mark.django_db
def test_an_unknown_frequency_is_refused_in_french_and_nothing_is_written(client):
    user = UserFactory()
    client.force_login(user)
    before = user.history.count()
    response = client.post("/compte/resume/", {"digest_frequency": "mensuel"}, follow=True)
    assert "Choisissez une fréquence proposée" in response.content.decode()
    user.refresh_from_db()
    assert user.digest_frequency == DigestFrequency.WEEKLY
    assert user.history.count() == before
