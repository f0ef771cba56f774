from django.db import migrations, models


class Migration(migrations.Migration):
    """Forums, municipalities and categories are named in each language the municipalities use."""

    dependencies = [
        ("forums", "0010_citizen_submissions"),
    ]

    operations = [
        migrations.RenameField(model_name="forum", old_name="name", new_name="name_sq"),
        migrations.AlterField(
            model_name="forum",
            name="name_sq",
            field=models.CharField(max_length=200, verbose_name="name (Albanian)"),
        ),
        migrations.AddField(
            model_name="forum",
            name="name_sr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Serbian, Latin script)"),
        ),
        migrations.AddField(
            model_name="forum",
            name="name_tr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Turkish)"),
        ),
        migrations.AlterModelOptions(
            name="forum",
            options={
                "ordering": ["municipality__name_sq", "kind", "name_sq"],
                "verbose_name": "forum",
                "verbose_name_plural": "forums",
            },
        ),
        migrations.AddField(
            model_name="municipality",
            name="name_tr",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (Turkish)"),
        ),
    ]
