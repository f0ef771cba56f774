"""Everything the public portal may show, built in this one place.

Privacy rule 1: of a restricted concern only its category and dates reach a public surface.
Public pages never query Concern or Action text directly; they use these querysets, which
keep to public meetings of active forums, published versions, and counts.
"""

from datetime import UTC
from datetime import datetime
from datetime import time
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery
from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import Exists
from django.db.models import F
from django.db.models import FloatField
from django.db.models import IntegerField
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Value
from django.db.models.functions import Cast
from django.db.models.functions import Length
from django.db.models.functions import Replace
from django.utils import timezone

from forum_site.lib import search_text
from forums.models import FIRST_MEETING_DAY
from forums.models import LAST_MEETING_DAY
from forums.models import Meeting
from forums.models import Minutes
from forums.models import MinutesVersion


def public_meeting_q(prefix: str = "") -> Q:
    """Meetings open to the public, of forums still active; `prefix` reaches them through a relation.

    Only those dated in the range a meeting may have: a row stored before dates were checked (year
    9999) would overflow when shown in local time, and break the page for everyone.
    """
    # A day's margin each side: the range is checked on the meeting's local day.
    first = datetime.combine(FIRST_MEETING_DAY - timedelta(days=1), time.min, tzinfo=UTC)
    last = datetime.combine(LAST_MEETING_DAY + timedelta(days=1), time.max, tzinfo=UTC)
    return Q(
        **{
            f"{prefix}is_public": True,
            f"{prefix}forum__active": True,
            f"{prefix}starts_at__range": (first, last),
        }
    )


def public_meetings() -> QuerySet[Meeting]:
    """Meetings open to the public, of forums still active (`public_meeting_q`)."""
    return Meeting.objects.filter(public_meeting_q()).select_related("forum__municipality")


def upcoming_public_meetings() -> QuerySet[Meeting]:
    return (
        public_meetings()
        .filter(status=Meeting.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at", "pk")
    )


def _versions_of_minutes() -> QuerySet[MinutesVersion]:
    """The versions of the outer minutes that the public may download and search (not withdrawn)."""
    return MinutesVersion.objects.filter(minutes=OuterRef("pk"), withdrawn_at__isnull=True)


def _minutes_of_public_meetings() -> QuerySet[Minutes]:
    """Minutes of public meetings of active forums, annotated with `current_number` and
    `current_published_at`: the newest version the public may read (None while there is none).

    The staff's working text (narrative, decisions, comments) is never read here: public pages show
    the published versions only.
    """
    newest = _versions_of_minutes().order_by("-number", "language")
    return (
        Minutes.objects.filter(meeting__is_public=True, meeting__forum__active=True)
        .annotate(
            current_number=Subquery(newest.values("number")[:1], output_field=IntegerField()),
            current_published_at=Subquery(newest.values("published_at")[:1]),
        )
        .defer("narrative", "decisions", "return_comment", "render_error")
        .select_related("meeting__forum__municipality")
        .order_by("-meeting__starts_at", "-pk")
    )


def minutes_on_record() -> QuerySet[Minutes]:
    """Minutes of public meetings of active forums that were ever published, withdrawn versions included.

    `current_number` is None while every version is withdrawn (privacy rule 6) and a new one is being
    prepared.
    """
    return _minutes_of_public_meetings().filter(Exists(MinutesVersion.objects.filter(minutes=OuterRef("pk"))))


def latest_published_minutes(count: int) -> list[Minutes]:
    """The `count` minutes published (or corrected) most recently, newest first.

    Walks the versions by their indexed publication time instead of sorting every minutes by its
    newest version. A minutes appears once per language of each version, so a few times `count`
    rows are read.
    """
    # The meeting's test as a correlated EXISTS rather than joins: joined, SQLite started from the
    # meetings (a range on their indexed date) and sorted every version; this way it walks the index.
    public = Minutes.objects.filter(public_meeting_q("meeting__"), pk=OuterRef("minutes_id"))
    recent = (
        MinutesVersion.objects.filter(Exists(public), withdrawn_at__isnull=True)
        .order_by("-published_at", "-pk")
        .values_list("minutes_id", flat=True)[: count * 10]
    )
    ids = list(dict.fromkeys(recent))[:count]
    found = {minutes.pk: minutes for minutes in published_minutes().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def readable_minutes_exist(meeting_id: str) -> Exists:
    """Whether the minutes of the outer row's meeting (field `meeting_id`, a PUBLIC meeting of an active
    forum) have a version the public may read: one more column instead of one more query."""
    readable = MinutesVersion.objects.filter(
        minutes__meeting_id=OuterRef(meeting_id), withdrawn_at__isnull=True
    )
    return Exists(readable)


def with_minutes_flag(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Public meetings annotated with `has_minutes`: their minutes have a version the public may read."""
    return meetings.annotate(has_minutes=readable_minutes_exist("pk"))


def published_minutes() -> QuerySet[Minutes]:
    """Minutes with a version the public may read; lists, search, feeds and calendars use these.

    Minutes reopened for correction stay public with their last version until the next one is out.
    """
    return _minutes_of_public_meetings().filter(Exists(_versions_of_minutes()))


def search_published_text(queryset: QuerySet[Minutes], text: str) -> QuerySet[Minutes]:
    """Minutes whose public text holds every word of `text` (as the start of a word), best first.

    Accents, case and script do not matter (forum_site.lib.search_text). Only the words of versions
    not withdrawn are searched (not their markup): they were rendered through the privacy gate, so
    restricted details, neighbourhoods and sources cannot match. Annotated with `search_rank`.
    """
    terms = search_text.query_terms(text)
    if not terms:
        return queryset.none()
    matching = matching_versions(_versions_of_minutes(), terms, queryset.db)
    best = matching.order_by("-search_rank").values("search_rank")[:1]
    return (
        queryset.filter(Exists(matching))
        .annotate(search_rank=Subquery(best, output_field=FloatField()))
        .order_by("-search_rank", "-meeting__starts_at", "-pk")
    )


def matching_versions(versions: QuerySet[MinutesVersion], terms: list[str], using: str):
    """The versions holding every term, annotated with `search_rank` (higher is better).

    PostgreSQL: full-text search on the GIN-indexed vector (prefix match of each term), ranked by
    ts_rank. SQLite: substring tests on the folded column, ranked by how often the terms occur.
    """
    if connections[using].vendor == "postgresql":
        query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), search_type="raw", config="forums_search"
        )
        return versions.filter(search_vector=query).annotate(
            search_rank=SearchRank(F("search_vector"), query)
        )
    occurrences = []
    for term in terms:
        # Every word is stored after a space, so " term" finds words that start with it.
        needle = f" {term}"
        versions = versions.filter(search_text__contains=needle)
        removed = Length("search_text") - Length(Replace("search_text", Value(needle), Value("")))
        occurrences.append(removed / len(needle))
    return versions.annotate(search_rank=Cast(sum(occurrences[1:], occurrences[0]), FloatField()))


def public_versions(minutes: Minutes) -> list[MinutesVersion]:
    """Every published version of the minutes, withdrawn ones included (the page shows a note for them),
    newest first, in the municipality's language order."""
    order = {code: index for index, code in enumerate(minutes.meeting.forum.municipality.document_languages)}
    versions = list(minutes.versions.all())
    return sorted(versions, key=lambda v: (-v.number, order.get(v.language, len(order)), v.language))


def language_rank(language: str, wanted: str | None) -> int:
    """How well a version in `language` serves a reader of `wanted`: 0 exactly, 1 in the other script
    of the same language (Serbian), 2 not at all."""
    if language == wanted:
        return 0
    if wanted and language.split("-")[0] == wanted.split("-")[0]:
        return 1
    return 2


def pick_language(versions: list[MinutesVersion], wanted: str | None) -> MinutesVersion | None:
    """The version in `wanted` language if there is one, else in its other script (minutes published
    before Cyrillic versions were rendered), else the first (the municipality's first language)."""
    if not versions:
        return None
    return min(versions, key=lambda version: language_rank(version.language, wanted))
