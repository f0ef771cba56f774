from django.db import migrations, models


class Migration(migrations.Migration):
    """Responsible bodies are named in Turkish too, where the municipality uses it."""

    dependencies = [
        ("actions", "0005_action_public_id_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="responsiblebody",
            name="name_tr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Turkish)"),
        ),
    ]
