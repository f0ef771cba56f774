"""Everything the public portal may show, built in this one place.

Privacy rule 1: of a restricted concern only its category and dates reach a public surface.
Public pages never query Concern or Action text directly; they use these querysets, which
keep to public meetings of active forums, published versions, and counts.
"""

from datetime import UTC, datetime, time, timedelta

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from forums.models import FIRST_MEETING_DAY, LAST_MEETING_DAY, Meeting, Minutes, MinutesVersion


def public_meetings() -> QuerySet[Meeting]:
    """Meetings open to the public, of forums still active.

    Only those dated in the range a meeting may have: a row stored before dates were checked (year
    9999) would overflow when shown in local time, and break the page for everyone.
    """
    # A day's margin each side: the range is checked on the meeting's local day.
    first = datetime.combine(FIRST_MEETING_DAY - timedelta(days=1), time.min, tzinfo=UTC)
    last = datetime.combine(LAST_MEETING_DAY + timedelta(days=1), time.max, tzinfo=UTC)
    return Meeting.objects.filter(
        is_public=True, forum__active=True, starts_at__range=(first, last)
    ).select_related("forum__municipality")


def upcoming_public_meetings() -> QuerySet[Meeting]:
    return (
        public_meetings()
        .filter(status=Meeting.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at", "pk")
    )


def _versions_of_minutes() -> QuerySet[MinutesVersion]:
    """The versions of the outer minutes that the public may download and search (not withdrawn)."""
    return MinutesVersion.objects.filter(minutes=OuterRef("pk"), withdrawn_at__isnull=True)


def minutes_on_record() -> QuerySet[Minutes]:
    """Minutes of public meetings of active forums that were ever published, withdrawn versions included.

    Annotated with `current_number` and `current_published_at`: the newest version the public may
    read, None while every version is withdrawn (privacy rule 6) and a new one is being prepared.
    """
    newest = _versions_of_minutes().order_by("-number", "language")
    ever_published = MinutesVersion.objects.filter(minutes=OuterRef("pk"))
    return (
        Minutes.objects.filter(meeting__is_public=True, meeting__forum__active=True)
        .filter(Exists(ever_published))
        .annotate(
            current_number=Subquery(newest.values("number")[:1], output_field=IntegerField()),
            current_published_at=Subquery(newest.values("published_at")[:1]),
        )
        .select_related("meeting__forum__municipality")
        .order_by("-meeting__starts_at", "-pk")
    )


def published_minutes() -> QuerySet[Minutes]:
    """Minutes with a version the public may read; lists, search, feeds and calendars use these.

    Minutes reopened for correction stay public with their last version until the next one is out.
    """
    return minutes_on_record().filter(Exists(_versions_of_minutes()))


def search_published_text(queryset: QuerySet[Minutes], text: str) -> QuerySet[Minutes]:
    """Minutes whose public text contains `text`.

    Only the words of versions not withdrawn are searched (not their markup): they were rendered
    through the privacy gate, so restricted details, neighbourhoods and sources cannot match.
    """
    return queryset.filter(Exists(_versions_of_minutes().filter(text__icontains=text)))


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
