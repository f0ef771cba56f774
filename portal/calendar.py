"""iCalendar (RFC 5545): the feed of public forum meetings, and one meeting as an event.

Written line by line rather than through the icalendar package's object model, which cost about a
millisecond per event: a national feed holds a year of every forum's meetings. The tests read the
result back with icalendar.
"""

import logging
from collections.abc import Callable
from collections.abc import Iterable
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Meeting
from forums.models import is_meeting_day
from forums.privacy import PublicAgenda

logger = logging.getLogger(__name__)

# Meetings have no end time; calendars need one, and sittings take about two hours.
MEETING_LENGTH = timedelta(hours=2)
# RFC 5545 3.1: lines longer than 75 octets are folded.
LINE_OCTETS = 75


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 asks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _folded(line: str) -> bytes:
    """The line in UTF-8, folded at 75 octets without splitting a character; CRLF at the end.

    Cut in the encoded bytes, stepping back over continuation bytes (10xxxxxx): a national feed
    folds thousands of description lines, which a character at a time made the slowest part of it.
    """
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return encoded + b"\r\n"
    parts, start, limit = [], 0, LINE_OCTETS
    while len(encoded) - start > limit:
        end = start + limit
        while encoded[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(encoded[start:end])
        start, limit = end, LINE_OCTETS - 1  # continuation lines start with a space
    parts.append(encoded[start:])
    return b"\r\n ".join(parts) + b"\r\n"


# The columns an event shows, of the meeting and its forum: a national feed holds a year of every
# forum's meetings, and reading (and converting) the rest cost as much as writing the events.
EVENT_FIELDS = (
    "number",
    "starts_at",
    "location",
    *Meeting.PLACE_FIELDS,
    "status",
    "agenda_published_at",
    "forum__name_sq",
    "forum__name_sr",
    "forum__name_tr",
)


def event_rows(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings with only what their events show (EVENT_FIELDS)."""
    return meetings.select_related(None).select_related("forum").only(*EVENT_FIELDS)


def meetings_calendar(
    meetings: Iterable[Meeting],
    *,
    domain: str,
    url_for: Callable[[Meeting], str],
    agendas: dict[int, PublicAgenda],
) -> bytes:
    """A VCALENDAR with one VEVENT per meeting; cancelled ones stay with STATUS:CANCELLED.

    Each event links to the meeting's public page and carries its published agenda (`agendas`, from
    the privacy gate) and how to come in its description.
    """
    stamp = _moment(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Community Safety Forums//Public meetings//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _text(_("Public meetings of the community safety forums")),
    ]
    for meeting in meetings:
        if not is_meeting_day(meeting.starts_at):
            # Stored before dates were checked (or edited in the database): its end or UTC time may not
            # exist, and one such row must not take the whole feed down for every subscriber.
            logger.warning("calendar skips meeting %s: its date is out of range", meeting.pk)
            continue
        lines += meeting_event(meeting, domain, url_for(meeting), agendas.get(meeting.pk), stamp)
    lines.append("END:VCALENDAR")
    return b"".join(_folded(line) for line in lines)


def meeting_event(
    meeting: Meeting, domain: str, url: str, agenda: PublicAgenda | None, stamp: str
) -> list[str]:
    """The lines of one VEVENT."""
    summary = _("%(forum)s, meeting %(number)s") % {"forum": meeting.forum.name, "number": meeting.number}
    place = ", ".join(part for part in (meeting.local_location, meeting.local_address) if part)
    return [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{domain}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_moment(meeting.starts_at)}",
        f"DTEND:{_moment(meeting.starts_at + MEETING_LENGTH)}",
        "SUMMARY:" + _text(summary),
        "LOCATION:" + _text(place),
        "STATUS:" + ("CANCELLED" if meeting.status == Meeting.CANCELLED else "CONFIRMED"),
        f"URL:{url}",
        "DESCRIPTION:" + _text(event_description(meeting, url, agenda)),
        "END:VEVENT",
    ]


def event_description(meeting: Meeting, url: str, agenda: PublicAgenda | None) -> str:
    """Plain text for calendar apps, which rarely show the URL property: agenda, access, the page."""
    lines = []
    if meeting.status == Meeting.CANCELLED:
        lines += [_("This meeting is cancelled."), ""]
    if agenda is not None:
        lines.append(_("Agenda:"))
        lines += [f"{number}. {title}" for number, title in enumerate(agenda.titles, start=1)]
        lines.append("")
    if meeting.step_free_access:
        lines.append(_("Step-free access: %(answer)s") % {"answer": meeting.get_step_free_access_display()})
    if meeting.local_interpretation:
        lines.append(_("Interpretation: %(languages)s") % {"languages": meeting.local_interpretation})
    if meeting.local_access_notes:
        lines.append(meeting.local_access_notes)
    lines.append(_("More about this meeting: %(url)s") % {"url": url})
    return "\n".join(lines)
