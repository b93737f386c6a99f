"""Deployment checks (`manage.py check --deploy`) Django does not make itself."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


def _has_secret_key() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:
        return False


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    problems = []
    if not _has_secret_key():
        problems.append(
            Error("DJANGO_SECRET_KEY n’est pas défini : l’application refusera de démarrer.", id="equipage.E001")
        )
    if not settings.SECURE_PROXY_SSL_HEADER and settings.SECURE_SSL_REDIRECT:
        problems.append(
            Warning(
                "DJANGO_BEHIND_PROXY n’est pas défini : derrière un proxy qui termine TLS, la redirection HTTPS "
                "bouclerait.",
                hint="Définissez DJANGO_BEHIND_PROXY=1 quand le proxy envoie X-Forwarded-Proto.",
                id="equipage.W001",
            )
        )
    return problems
