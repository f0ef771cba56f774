"""What the open-data API syncs by: actions' last-change time and public identifiers.

Existing actions start with their creation time as last change and each with its own random
identifier.
"""

import uuid

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def fill_sync_fields(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Action.objects.update(updated_at=F("created_at"))
    for action in Action.objects.only("pk").iterator():
        Action.objects.filter(pk=action.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_action_visibility"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="action",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="public_id",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, verbose_name="public identifier"
            ),
        ),
        migrations.RunPython(fill_sync_fields, migrations.RunPython.noop),
    ]
