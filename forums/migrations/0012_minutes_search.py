"""Search that ignores accents, case and script: a folded copy of each version's words, and on
PostgreSQL a full-text vector of it (simple dictionary after unaccent) with a GIN index, kept up to
date by a trigger so every way of writing a version (save, bulk_create) fills it."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

from forum_site.lib import search_text

POSTGRES_SETUP = [
    "CREATE TEXT SEARCH CONFIGURATION public.forums_search (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION public.forums_search ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple",
    "CREATE TRIGGER forums_minutesversion_search_vector BEFORE INSERT OR UPDATE OF search_text "
    "ON forums_minutesversion FOR EACH ROW EXECUTE FUNCTION "
    "tsvector_update_trigger(search_vector, 'public.forums_search', search_text)",
    "CREATE INDEX forums_minutesversion_search_vector ON forums_minutesversion USING gin (search_vector)",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS forums_minutesversion_search_vector",
    "DROP TRIGGER IF EXISTS forums_minutesversion_search_vector ON forums_minutesversion",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.forums_search",
]


def _run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def fill_search_text(apps, schema_editor):
    MinutesVersion = apps.get_model("forums", "MinutesVersion")
    batch = []
    for version in MinutesVersion.objects.only("pk", "text").iterator(chunk_size=500):
        version.search_text = search_text.index_text(version.text)
        batch.append(version)
        if len(batch) == 500:
            MinutesVersion.objects.bulk_update(batch, ["search_text"])
            batch = []
    MinutesVersion.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0011_names_in_serbian_and_turkish"),
    ]

    operations = [
        migrations.AddField(
            model_name="minutesversion",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="minutesversion",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        UnaccentExtension(),
        migrations.RunPython(_run_on_postgres(POSTGRES_SETUP), _run_on_postgres(POSTGRES_TEARDOWN)),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
