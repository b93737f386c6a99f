"""Indicators in Chromium: an editor defines an indicator, imports a CSV, and the public reads the chart."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, ProductFactory, UserFactory
from tests.indicators.factories import ObjectiveFactory


@pytest.mark.browser
def test_editor_creates_an_indicator_imports_a_csv_and_the_public_sees_chart_and_table(
    page: Page, live_server, tmp_path
):
    editor = UserFactory(first_name="Inès", last_name="Indicatrice")
    product = ProductFactory(name="Aides en ligne", slug="aides-en-ligne", is_public_service=True, editors=[editor])
    objective = ObjectiveFactory(product=product, title="Plus de demandes complètes")
    login(page, live_server, editor.email, TEST_PASSWORD)

    # The indicators tab of the product, then a new indicator under the objective.
    page.goto(f"{live_server.url}/produits/aides-en-ligne/")
    page.get_by_role("navigation", name="Rubriques du produit").get_by_role("link", name="Indicateurs").click()
    expect(page.get_by_role("heading", name="Plus de demandes complètes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un indicateur à « Plus de demandes complètes »").click()
    assert_accessible(page)
    page.get_by_label("Nom", exact=True).fill("Taux de dossiers complets")
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill("dossiers-complets")
    page.get_by_label("Unité", exact=True).select_option(label="Pourcentage (%)")
    page.get_by_role("textbox", name=re.compile(r"^Valeur de référence")).fill("40")
    page.get_by_role("textbox", name=re.compile(r"^Date de la valeur")).fill("2025-01-01")
    page.get_by_role("textbox", name=re.compile(r"^Cible")).fill("90")
    page.get_by_role("textbox", name=re.compile(r"^Date cible")).fill("2027-12-31")
    page.get_by_role("textbox", name=re.compile(r"^Source")).fill("Requête en base")
    page.locator("label[for=id_is_published]").click()
    page.get_by_role("button", name="Enregistrer l’indicateur").click()
    expect(page.get_by_text("L’indicateur « Taux de dossiers complets » a été enregistré.")).to_be_visible()
    assert objective.indicators.get().is_published

    # Import a CSV of measurements (French decimals, dates as JJ/MM/AAAA).
    page.goto(f"{live_server.url}/produits/aides-en-ligne/indicateurs/import/")
    expect(page.get_by_role("heading", name="Importer des mesures")).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()
    months = [(today.replace(day=1) - datetime.timedelta(days=31 * n)).replace(day=1) for n in range(6, 0, -1)]
    lines = ["indicateur;date;valeur;commentaire"]
    lines += [f"dossiers-complets;{day:%d/%m/%Y};{40 + 3 * n},5;" for n, day in enumerate(months)]
    csv_file = tmp_path / "mesures.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.get_by_label("Fichier de mesures").set_input_files(str(csv_file))
    page.get_by_role("button", name="Importer", exact=True).click()
    # Nothing is stored before the preview is confirmed.
    preview = page.get_by_role("table", name=re.compile("Aperçu de l’import"))
    expect(preview).to_contain_text("Taux de dossiers complets")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_text(re.compile(r"Import réussi : 6 mesures ajoutées"))).to_be_visible()
    assert_accessible(page)

    # A bad file is refused with its errors by line and column.
    page.goto(f"{live_server.url}/produits/aides-en-ligne/indicateurs/import/")
    bad_file = tmp_path / "erreurs.csv"
    bad_file.write_text("indicateur;date;valeur\ndossiers-complets;hier;12\n", encoding="utf-8")
    page.get_by_label("Fichier de mesures").set_input_files(str(bad_file))
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("Ligne 2, colonne « date (B) »")
    assert_accessible(page)

    # The indicator's page and the token page pass the scan too.
    page.goto(f"{live_server.url}/produits/aides-en-ligne/indicateurs/")
    page.get_by_role("link", name="Taux de dossiers complets", exact=True).click()
    expect(page.get_by_role("img", name=re.compile("Évolution de « Taux de dossiers complets »"))).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/produits/aides-en-ligne/indicateurs/jetons/")
    page.get_by_label("Nom du jeton").fill("Export nocturne")
    page.get_by_role("button", name="Créer un jeton").click()
    expect(page.locator("#jeton-secret")).to_contain_text("eqp_")
    assert_accessible(page)

    # The public, without an account, reads the chart and its data table.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/produits/aides-en-ligne/statistiques/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques d’Aides en ligne")
    expect(page.get_by_role("img", name=re.compile("Évolution de « Taux de dossiers complets »"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Tableau des données")).click()
    table = page.get_by_role("table", name=re.compile("Données du graphique « Taux de dossiers complets »"))
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(7)
    expect(table).to_contain_text("55,5\u202f%")
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Statistiques").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques du portefeuille")
    expect(page.get_by_role("link", name="Aides en ligne")).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_indicator_forms_and_history_pass_the_accessibility_scan(page: Page, live_server):
    from tests.indicators.factories import IndicatorFactory, MeasurementFactory

    editor = UserFactory()
    product = ProductFactory(slug="observatoire", editors=[editor])
    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product))
    measurement = MeasurementFactory(indicator=indicator, date=timezone.localdate() - datetime.timedelta(days=3))
    login(page, live_server, editor.email, TEST_PASSWORD)
    for path in [
        "/produits/observatoire/indicateurs/objectifs/nouveau/",
        f"/produits/observatoire/indicateurs/{indicator.pk}/modifier/",
        f"/produits/observatoire/indicateurs/{indicator.pk}/mesures/nouvelle/",
        f"/produits/observatoire/indicateurs/mesures/{measurement.pk}/corriger/",
        f"/produits/observatoire/indicateurs/{indicator.pk}/historique/",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
