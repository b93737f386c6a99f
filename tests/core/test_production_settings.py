"""Production is safe by default: without DJANGO_DEBUG, HTTPS protections are on and a secret key is required.

Settings are read once per process, and pytest switches the HTTPS defaults off for the test client: the
production defaults are checked here in fresh processes, with the README's production variables.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "equipage.example.gouv.fr",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://equipage.example.gouv.fr",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "EQUIPAGE_BASE_URL": "https://equipage.example.gouv.fr",
}


def run(code_or_args, **env) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_readme_production_variables():
    # Every check: security, and drf-spectacular's (the OpenAPI schema generated without a warning).
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_lists_the_production_variables_used_here():
    readme = (ROOT / "README.md").read_text()
    for name in PRODUCTION:
        assert name in readme, name


def test_without_debug_the_application_refuses_to_start_without_a_secret_key(tmp_path):
    result = run("import config.wsgi", EQUIPAGE_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY est obligatoire" in result.stderr
    assert not (tmp_path / "secret_key").exists()  # no instance writes its own key


def test_without_debug_https_protections_are_on_by_default():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        "s.SECURE_PROXY_SSL_HEADER, s.DEBUG]))"
    )
    result = run(code, **PRODUCTION)
    assert json.loads(result.stdout) == [True, True, True, 31536000, ["HTTP_X_FORWARDED_PROTO", "https"], False]
    result = run(code, **PRODUCTION, DJANGO_HSTS_SECONDS="600")
    assert json.loads(result.stdout)[3] == 600


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/produits/", "/produits/mon-parcours/indicateurs/", "/api/v1/docs/"])
def test_pages_carry_a_strict_content_security_policy_and_no_inline_script_or_style(agent_client, product, path):
    from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product), target=100, baseline=0)
    MeasurementFactory(indicator=indicator, value=40)
    response = agent_client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or (nonce and nonce.group(1) in script), script
    for style in re.findall(r"<style\b[^>]*>", html):
        assert nonce and nonce.group(1) in style, style
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handler either


@pytest.mark.django_db
def test_healthz_tells_anonymous_visitors_only_the_status(client, admin_user):
    assert client.get("/healthz", REMOTE_ADDR="203.0.113.7").json() == {"status": "ok"}
    local = client.get("/healthz").json()
    assert local["database"] == "ok" and "vendor" in local
    client.force_login(admin_user)
    assert client.get("/healthz", REMOTE_ADDR="203.0.113.7").json()["database"] == "ok"
