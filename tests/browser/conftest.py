"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live server.

Under pytest-xdist each worker has its own test database, live server on a free port and Chromium,
and every test its own browser context, so the tests stay isolated whichever worker runs them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API keeps an asyncio event loop registered on the main thread for as long as
# the browser lives, and Django then refuses ORM calls from that thread (factories, assertions).
# Set at import time, for the whole process: the browser lives until the end of the session, so
# tests of other apps that run after it on the same xdist worker need it too.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("EQUIPAGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
BLOCKING_IMPACTS = ("critical", "serious")

expect.set_options(timeout=TIMEOUT_MS)
_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium est introuvable ({CHROMIUM}) : installez-le avec `apt-get install -y chromium` "
            "ou indiquez son chemin dans EQUIPAGE_CHROMIUM.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server, settings) -> Page:
    """A fresh browser context (no cookies) per test, on a desktop viewport so the main navigation shows."""
    # The live server speaks plain HTTP: never let a deployment variable make the cookies Secure.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"Erreurs JavaScript dans la page : {errors}"


def login(page: Page, live_server, email: str, password: str, *, check_accessibility: bool = False) -> None:
    """Sign in through the real form at /connexion/ and wait to leave it."""
    page.goto(f"{live_server.url}/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Équipage")
    if check_accessibility:
        assert_accessible(page)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/connexion/"))


REFLOW_WIDTH = 320  # RGAA 10.11: content reflows at 320 CSS pixels (a 1280 px window at 400 % zoom)


def assert_reflows(page: Page) -> None:
    """At 320 px wide the page itself never scrolls sideways (wide tables scroll inside their own box)."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": viewport["height"] if viewport else 900})
    try:
        widths = page.evaluate(
            """() => {
                const root = document.documentElement;
                const limit = root.clientWidth;
                const wide = [...document.body.querySelectorAll("*")]
                    .filter((element) => {
                        const box = element.getBoundingClientRect();
                        return box.right > limit + 1 || box.left + element.scrollWidth > limit + 1;
                    })
                    .filter((element) => !element.closest(".fr-table__container, .fr-header__menu, .fr-modal"))
                    .slice(0, 5)
                    .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
                return {scroll: root.scrollWidth, client: limit, wide};
            }"""
        )
    finally:
        if viewport:
            page.set_viewport_size(viewport)
    if widths["scroll"] > widths["client"]:
        pytest.fail(
            f"La page {page.url} déborde à {REFLOW_WIDTH} px : {widths['scroll']} px de large "
            f"(éléments trop larges : {widths['wide']})",
            pytrace=False,
        )


def assert_accessible(page: Page) -> None:
    """Run axe-core on the current page; fail listing every serious or critical violation.

    The page must also reflow at 320 px (no horizontal scroll of the page itself), so every page of
    the axe crawl is checked at that width too.
    """
    page.wait_for_load_state("load")
    assert_reflows(page)
    results = _axe.run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if not violations:
        return
    lines = [f"axe-core : {len(violations)} violation(s) grave(s) ou critique(s) sur {page.url}"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation.get('helpUrl', '')})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            lines.append(f"    • {target} : {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    pytest.fail("\n".join(lines), pytrace=False)
