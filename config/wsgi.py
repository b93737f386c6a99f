"""WSGI entry point, served by gunicorn in production."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

try:
    configured = bool(settings.SECRET_KEY)
except ImproperlyConfigured:  # Django refuses an empty key when it is read
    configured = False
if not configured:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY est obligatoire hors mode debug : donnez la même clé secrète à chaque instance "
        '(par exemple `python -c "import secrets; print(secrets.token_urlsafe(50))"`). '
        "`make run` en crée une sous var/ pour un poste local."
    )
