from django.db import migrations

from equipage.committees.kinds import install_default_kinds


def add_kinds(apps, schema_editor):
    install_default_kinds(apps.get_model("committees", "CommitteeKind"))


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
