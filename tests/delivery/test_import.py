"""CSV imports of a backlog (Jira's export or a plain spreadsheet) and of feedback: all or nothing, no duplicates."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equipage.delivery import importer
from equipage.delivery.models import Feedback, Story, StoryStatus

JIRA = (
    "Summary,Issue key,Issue Type,Status,Description,Custom field (Story Points)\n"
    "Relancer les dossiers,GUI-12,Story,In Progress,Les agents relancent à la main,5\n"
    "Exporter le mois,GUI-13,Story,Done,,3\n"
)
SPREADSHEET = (
    "Titre;En tant que;Je veux;Afin de;Statut;Critères;Portée;Impact;Confiance;Effort\n"
    "Prendre rendez-vous;usager;choisir un créneau;ne pas attendre;prête;Le créneau est confirmé|Un rappel part;"
    "1000;2;80;4\n"
)


@pytest.mark.django_db
def test_a_jira_export_is_recognised_and_importing_it_twice_duplicates_nothing(product, editor):
    result = importer.import_stories(product, JIRA.encode(), user=editor)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert result.ignored_columns == ["Issue Type"]
    story = Story.objects.get(external_key="GUI-12")
    assert story.status == StoryStatus.IN_PROGRESS and story.estimate == 5
    again = importer.import_stories(product, JIRA.encode(), user=editor)
    assert (again.created, again.unchanged) == (0, 2)
    assert Story.objects.count() == 2
    changed = JIRA.replace("In Progress", "Done")
    assert importer.import_stories(product, changed.encode(), user=editor).updated == 1
    assert Story.objects.get(external_key="GUI-12").status == StoryStatus.DONE


@pytest.mark.django_db
def test_a_plain_spreadsheet_with_criteria_and_rice_is_imported(product, editor):
    importer.import_stories(product, SPREADSHEET.encode("cp1252"), user=editor)
    story = Story.objects.get()
    assert story.status == StoryStatus.READY and story.rice == 400
    assert list(story.criteria.values_list("text", flat=True)) == ["Le créneau est confirmé", "Un rappel part"]
    assert importer.import_stories(product, SPREADSHEET.encode(), user=editor).unchanged == 1


@pytest.mark.django_db
def test_bad_lines_are_listed_by_line_and_column_and_nothing_is_saved(product, editor):
    bad = (
        "Titre;Statut;Effort;Portée;Impact;Confiance;Identifiant\n"
        "Bonne ligne;idée;;;;;A-1\n"
        ";idée;;;;;A-2\n"
        "Sans critère;prête;;;;;A-3\n"
        "Effort nul;idée;0;10;1;50;A-4\n"
        "Statut inconnu;Peut-être;;;;;A-1\n"
    )
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_stories(product, bad.encode(), user=editor)
    found = {(p.line, p.column, p.message) for p in refused.value.problems}
    assert (3, "Titre", "Le titre est vide.") in found
    assert (4, "Statut", "Une story ne peut pas être « prête » sans au moins un critère d’acceptation.") in found
    assert (5, "Effort", "L’effort doit être strictement positif : le score RICE divise par l’effort.") in found
    assert (6, "Statut", "Statut inconnu « Peut-être ».") in found
    assert (6, "Identifiant", "L’identifiant « A-1 » figure déjà ligne 2.") in found
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_feedback_is_imported_once_and_bad_dates_are_refused(product, editor):
    rows = "Date;Canal;Verbatim;Étiquettes\n03/01/2026;Support;Je ne trouve pas le bouton;Mobile\n"
    rows += "2026-01-04;courriel;Trop lent;\n"
    result = importer.import_feedback(product, rows.encode(), user=editor)
    assert result.created == 2 and Feedback.objects.get(verbatim="Trop lent").channel == "courriel"
    assert importer.import_feedback(product, rows.encode(), user=editor).unchanged == 2
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_feedback(product, b"Date;Verbatim;Canal\n31/02/2026;X;pigeon\n", user=editor)
    messages = [p.message for p in refused.value.problems]
    assert "« 31/02/2026 » n’est pas une date qui existe." in messages
    assert any(m.startswith("Canal inconnu « pigeon »") for m in messages)
    assert Feedback.objects.count() == 2


@pytest.mark.django_db
def test_the_import_page_lists_problems_and_refuses_agents(client, member, agent, product):
    client.force_login(member)
    upload = SimpleUploadedFile("backlog.csv", b"Titre;Statut\n;idee\n", content_type="text/csv")
    response = client.post(f"/produits/{product.slug}/backlog/import/", {"file": upload})
    assert response.status_code == 400
    assert "Rien n’a été importé : 1 problème" in response.content.decode()
    upload = SimpleUploadedFile("backlog.csv", JIRA.encode(), content_type="text/csv")
    response = client.post(f"/produits/{product.slug}/backlog/import/", {"file": upload})
    assert response.status_code == 302 and Story.objects.count() == 2
    client.force_login(agent)
    upload = SimpleUploadedFile("retours.csv", b"Date;Verbatim\n2026-01-01;X\n", content_type="text/csv")
    assert client.post(f"/produits/{product.slug}/retours/import/", {"file": upload}).status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_text_is_refused_in_french_and_nothing_is_written(product, editor):
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_stories(product, bytes(range(256)) * 8, user=editor)
    assert "fichier texte CSV" in refused.value.problems[0].message
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_a_utf16_spreadsheet_export_is_read_like_any_other(product, editor):
    importer.import_stories(product, SPREADSHEET.encode("utf-16"), user=editor)
    assert Story.objects.filter(product=product).exists()


@pytest.mark.django_db
def test_numbers_and_dates_are_read_the_french_way_by_the_shared_helper(product, editor):
    """The importer reads « 1 200 » and « 0,5 » as the other imports do (equipage/core/formats.py)."""
    rows = "Titre;Portée;Impact;Confiance;Effort\nRelance;1\u202f200;0,5;80;1,5\n"
    importer.import_stories(product, rows.encode(), user=editor)
    story = Story.objects.get(title="Relance")
    assert (story.reach, story.impact, story.confidence, story.effort) == (1200, Decimal("0.5"), 80, Decimal("1.5"))
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_stories(product, "Titre;Portée\nAutre;12,5\n".encode(), user=editor)
    assert "« 12,5 » n’est pas un nombre entier." in [p.message for p in refused.value.problems]
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_feedback(product, b"Date;Verbatim\n03/01/26;Trop lent\n", user=editor)
    assert any("quatre chiffres" in p.message for p in refused.value.problems)
