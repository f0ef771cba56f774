"""On PostgreSQL the minutes search is full-text search with unaccent and a GIN index (make test-full).

The behaviour itself (accents, scripts, ranking, passages) is tested on both databases in test_search.py.
"""

import pytest
from django.db import connection
from django.utils import timezone

from forums.models import Minutes
from forums.models import MinutesVersion
from portal import queries
from tests import factories
from tests.minutes_support import past_meeting

pytestmark = pytest.mark.postgres


def make_version(forum, text: str, number: int = 1) -> MinutesVersion:
    minutes = factories.MinutesFactory(meeting=past_meeting(forum), status=Minutes.PUBLISHED)
    return MinutesVersion(
        minutes=minutes,
        number=number,
        language="sq",
        html="",
        text=text,
        search_text=" ".join(text.split()),
        pdf="minutes/x.pdf",
        sha256="0" * 64,
        published_at=timezone.now(),
    )


def test_the_database_keeps_the_search_vector_even_for_rows_written_in_bulk(forum):
    version = make_version(forum, "bullizem shkolle")
    MinutesVersion.objects.bulk_create([version])  # no save(): the trigger fills the vector

    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM forums_minutesversion")
        assert cursor.fetchone()[0] == "'bullizem':1 'shkolle':2"


def test_unaccent_folds_what_reaches_the_vector_unfolded(forum):
    """Rows written past the model (an import, a fix in SQL) still match a query typed without accents."""
    version = make_version(forum, "")
    version.search_text = "Bullizëm Škola"
    MinutesVersion.objects.bulk_create([version])

    found = queries.search_published_text(queries.published_minutes(), "bullizem skola")

    assert list(found.values_list("meeting_id", flat=True)) == [version.minutes.meeting_id]


def test_the_full_text_condition_reads_the_gin_index(forum):
    MinutesVersion.objects.bulk_create([make_version(forum, f"fjala{n} trafiku") for n in range(50)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forums_minutesversion")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show its choice
        plan = queries.matching_versions(MinutesVersion.objects.order_by(), ["fjala7"], "default").explain()

    assert "forums_minutesversion_search_vector" in plan, plan
