"""Public identifiers of concerns are unique, now that each has its own.

A migration of its own: on PostgreSQL a table whose rows were just updated cannot be altered in the
same transaction.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0007_open_data_sync_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="concern",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
    ]
