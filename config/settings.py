"""Équipage settings, read from the environment so one build runs everywhere.

Every knob a deployment may turn is an environment variable; the defaults give a working
local instance on the embedded SQLite database.
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EQUIPAGE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Under pytest the production defaults (HTTPS redirect, secure cookies, required key) stay off: the test
# client speaks plain HTTP. tests/core/test_production_settings.py checks them in a fresh process.
TESTING = "pytest" in sys.modules


def _secret_key() -> str:
    """The configured key. Without one, only a debug instance or the tests get a key (kept under var/).

    In production (DJANGO_DEBUG off) an empty key makes config/wsgi.py refuse to start, so that every
    instance shares the same configured key instead of each writing its own.
    """
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if key:
        return key
    if TESTING:
        return "tests-only-secret-key-" + "x" * 40
    if not DEBUG:
        return ""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = _secret_key()
PRODUCTION_DEFAULTS = not DEBUG and not TESTING
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mozilla_django_oidc",
    "axes",
    "csp",
    "equipage.core",
    "equipage.accounts",
    "equipage.people",
    "equipage.registry",
    "equipage.teams",
    "equipage.governance",
    "equipage.api",
    "equipage.demo",
    "equipage.selfassessment",
    "equipage.indicators",
    "equipage.checks",
    "equipage.compliance",
    "equipage.delivery",
    "equipage.committees",
    "equipage.budget",
    "equipage.trends",
    "equipage.deviations",
    "equipage.myspace",
    "equipage.campaigns",
    "equipage.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "equipage.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "equipage.core.middleware.RefuseUnstorableInputMiddleware",
    "equipage.core.middleware.ExplainMethodNotAllowedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "equipage.core.middleware.LoginRequiredByDefaultMiddleware",
    # Turns a locked sign-in into the French 429 page (django-axes).
    "axes.middleware.AxesMiddleware",
    # A unique constraint refusing the second of two identical writes: 409 in French, the transaction rolled back.
    "equipage.core.middleware.UniqueConflictMiddleware",
    # Innermost: each write request in one transaction, vigilance findings recomputed before it commits.
    "equipage.checks.store.RefreshFindingsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "equipage.core.context_processors.site",
            ],
        },
    },
]
if TESTING:
    # An undefined variable in our own templates fails the test (equipage/core/undefined_variables.py).
    from equipage.core.undefined_variables import UNDEFINED

    TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UNDEFINED

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'equipage.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Passwords follow the CNIL's recommendation on passwords (délibération n° 2022-100 du 21 juillet 2022):
# at least 80 bits of entropy whatever the other measures (its case 1: e.g. 12 characters of the four kinds,
# 14 characters without special ones, or a passphrase), never a trivial or common password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "equipage.accounts.passwords.CnilEntropyValidator", "OPTIONS": {"min_bits": 80}},
    {"NAME": "equipage.accounts.passwords.TrivialPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))


def s3_storage(environ=os.environ) -> dict | None:
    """Evidence files in S3-compatible object storage (django-storages) when EQUIPAGE_S3_BUCKET is set:
    what several stateless instances need. Local disk (MEDIA_ROOT) otherwise."""
    bucket = environ.get("EQUIPAGE_S3_BUCKET", "").strip()
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("EQUIPAGE_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("EQUIPAGE_S3_REGION") or None,
            "access_key": environ.get("EQUIPAGE_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("EQUIPAGE_S3_SECRET_ACCESS_KEY") or None,
            "location": environ.get("EQUIPAGE_S3_PREFIX", "equipage"),
            "default_acl": None,  # private objects: evidence is served by a permission-checked view only
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES["default"] = s3_storage() or STORAGES["default"]
MEDIA_URL = "/media/"
# Static files found by the finders are served too, so tests and `make run` need no collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"
FORMS_URLFIELD_ASSUME_HTTPS = True
DSFR_MARK_OPTIONAL_FIELDS = True

# --- HTTPS and browser protections: on by default when DJANGO_DEBUG is off ---
# `make run` (plain HTTP on 127.0.0.1) switches the HTTPS ones off explicitly.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION_DEFAULTS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", PRODUCTION_DEFAULTS)
# /healthz stays reachable over plain HTTP from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(31536000 if PRODUCTION_DEFAULTS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by equipage.core.middleware.SecurityHeadersMiddleware: no powerful feature is used.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
CSRF_FAILURE_VIEW = "equipage.core.views.csrf_failure"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Équipage <equipage@localhost>")

# --- Sign-in with ProConnect (OpenID Connect), on only when its client is configured ---
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email given_name usual_name")
OIDC_CREATE_USER = False  # No self-signup: administrators create accounts.
OIDC_USE_NONCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
LOGIN_REDIRECT_URL_FAILURE = "/connexion/?echec=proconnect"
PROCONNECT_ENABLED = all(
    (
        OIDC_RP_CLIENT_ID,
        OIDC_RP_CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) else True,
    )
)

# django-axes locks first, then the growing delay, then the password is checked.
# --- Content-Security-Policy (django-csp): no inline script or style anywhere; DSFR's scripts carry the nonce ---
_OIDC_ORIGINS = sorted(
    {
        "/".join(url.split("/")[:3])
        for url in (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_LOGOUT_ENDPOINT)
        if url.startswith("https://")
    }
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        # The committee pack (printable, also rendered to PDF) carries its styles inline, with the nonce.
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *_OIDC_ORIGINS],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "equipage.accounts.signin.SignInDelayBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS.append("equipage.accounts.oidc.ProConnectBackend")

# --- Sign-in throttling (equipage/accounts/signin.py) ---
# A growing delay after SIGNIN_DELAY_AFTER failures, per account and per client address, then a lock
# of AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT failures (django-axes), on /connexion/ and /admin/login/.
SIGNIN_DELAY_AFTER = int(os.environ.get("SIGNIN_DELAY_AFTER", "3"))
SIGNIN_DELAY_SECONDS = int(os.environ.get("SIGNIN_DELAY_SECONDS", "2"))
SIGNIN_DELAY_MAX = int(os.environ.get("SIGNIN_DELAY_MAX", "30"))
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_LOCK_AFTER", "6"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("SIGNIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one: per account, and per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "equipage.accounts.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "equipage.accounts.signin.axes_client_ip"
AXES_USERNAME_CALLABLE = "equipage.accounts.signin.axes_username"
AXES_VERBOSE = False

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "equipage.accounts.tokens.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
    # Every operation documents the failures the shared layers answer, with the one error shape.
    "DEFAULT_SCHEMA_CLASS": "equipage.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "equipage.api.errors.exception_handler",
    # JSON only: the interactive documentation is Swagger UI at /api/v1/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies only (no API route takes a file): a form or multipart body answers 415, in French.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Équipage",
    "DESCRIPTION": "Le portefeuille des produits numériques du ministère : registre, équipes, indicateurs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set used by several fields (`manage.py spectacular --fail-on-warn` stays clean).
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "equipage.registry.models.Phase",
        "ActionStatusEnum": "equipage.committees.models.ActionStatus",
        "PracticeAreaEnum": "equipage.core.vocabulary.Area",
        "ComplianceAreaEnum": "equipage.compliance.states.Area",
        "LevelEnum": "equipage.core.vocabulary.Level",
    },
    # No deep links: Swagger UI would put a link inside each route's button (nested interactive controls).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False, "displayOperationId": False},
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Absolute address of the site, for links in e-mails sent outside a request (scheduled commands).
EQUIPAGE_BASE_URL = os.environ.get("EQUIPAGE_BASE_URL", "http://127.0.0.1:8000")

EQUIPAGE_DEMO_PASSWORD = os.environ.get("EQUIPAGE_DEMO_PASSWORD", "equipage-demo-2026")

# --- Compliance ---
# Days before an expiry (homologation, accessibility statement) from which it is shown as due soon.
COMPLIANCE_EXPIRY_WINDOW_DAYS = int(os.environ.get("COMPLIANCE_EXPIRY_WINDOW_DAYS", "90"))
# Largest evidence document accepted, in bytes (10 MB by default).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; the sign-in journal keeps them. WeasyPrint logs each step of
    # every committee pack PDF at INFO (seven lines a PDF, dozens during `load_demo`).
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
