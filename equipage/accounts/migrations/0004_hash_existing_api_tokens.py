"""Existing personal API tokens were stored in clear (rest_framework.authtoken): keep them working, hashed,
with an expiry of 90 days from now, and delete the clear copies."""

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone


def hash_clear_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    PersonalToken = apps.get_model("accounts", "PersonalToken")
    expires = timezone.now() + datetime.timedelta(days=90)
    for token in Token.objects.all():
        PersonalToken.objects.create(
            user_id=token.user_id,
            name="Jeton créé avant l’expiration des jetons",
            prefix=token.key[:10],
            key_hash=hashlib.sha256(token.key.encode()).hexdigest(),
            created_at=token.created,
            expires_at=expires,
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(hash_clear_tokens, migrations.RunPython.noop)]
