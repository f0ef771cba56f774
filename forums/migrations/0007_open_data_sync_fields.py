"""What the open-data API syncs by: a last-change time, and concerns' public identifiers.

Existing records start with their creation time as last change (forums, which have none, with
the time of the migration) and each concern with its own random identifier.
"""

import uuid

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def fill_sync_fields(apps, schema_editor):
    Meeting = apps.get_model("forums", "Meeting")
    Concern = apps.get_model("forums", "Concern")
    Meeting.objects.update(updated_at=F("created_at"))
    Concern.objects.update(updated_at=F("created_at"))
    for concern in Concern.objects.only("pk").iterator():
        Concern.objects.filter(pk=concern.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0006_verify_addresses_set_by_administrators"),
    ]

    operations = [
        migrations.AddField(
            model_name="forum",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="meeting",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="concern",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="concern",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="historicalconcern",
            name="public_id",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, verbose_name="public identifier"
            ),
        ),
        migrations.RunPython(fill_sync_fields, migrations.RunPython.noop),
    ]
