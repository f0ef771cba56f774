"""iCalendar (RFC 5545): the feed of public forum meetings, and one meeting as an event."""

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from forums.models import Meeting, is_meeting_day
from forums.privacy import PublicAgenda

logger = logging.getLogger(__name__)

# Meetings have no end time; calendars need one, and sittings take about two hours.
MEETING_LENGTH = timedelta(hours=2)


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
    calendar = Calendar()
    calendar.add("prodid", "-//Community Safety Forums//Public meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Public meetings of the community safety forums"))
    stamp = timezone.now()
    for meeting in meetings:
        if not is_meeting_day(meeting.starts_at):
            # Stored before dates were checked (or edited in the database): its end or UTC time may not
            # exist, and one such row must not take the whole feed down for every subscriber.
            logger.warning("calendar skips meeting %s: its date is out of range", meeting.pk)
            continue
        calendar.add_component(
            meeting_event(meeting, domain, url_for(meeting), agendas.get(meeting.pk), stamp)
        )
    return calendar.to_ical()


def meeting_event(meeting: Meeting, domain: str, url: str, agenda: PublicAgenda | None, stamp) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", (meeting.starts_at + MEETING_LENGTH).astimezone(UTC))
    event.add(
        "summary",
        _("%(forum)s, meeting %(number)s") % {"forum": meeting.forum.name, "number": meeting.number},
    )
    event.add("location", ", ".join(part for part in (meeting.location, meeting.address) if part))
    event.add("status", "CANCELLED" if meeting.status == Meeting.CANCELLED else "CONFIRMED")
    event.add("url", url)
    event.add("description", event_description(meeting, url, agenda))
    return event


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
    if meeting.interpretation:
        lines.append(_("Interpretation: %(languages)s") % {"languages": meeting.interpretation})
    if meeting.access_notes:
        lines.append(meeting.access_notes)
    lines.append(_("More about this meeting: %(url)s") % {"url": url})
    return "\n".join(lines)
