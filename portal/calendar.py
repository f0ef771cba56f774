"""iCalendar (RFC 5545) feed of public forum meetings."""

import logging
from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from forums.models import Meeting, is_meeting_day

logger = logging.getLogger(__name__)

# Meetings have no end time; calendars need one, and sittings take about two hours.
MEETING_LENGTH = timedelta(hours=2)


def meetings_calendar(meetings, *, domain: str, url_for_minutes) -> bytes:
    """A VCALENDAR with one VEVENT per meeting; cancelled ones stay with STATUS:CANCELLED."""
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
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", (meeting.starts_at + MEETING_LENGTH).astimezone(UTC))
        event.add(
            "summary",
            _("%(forum)s, meeting %(number)s") % {"forum": meeting.forum.name, "number": meeting.number},
        )
        event.add("location", meeting.location)
        event.add("status", "CANCELLED" if meeting.status == Meeting.CANCELLED else "CONFIRMED")
        minutes_url = url_for_minutes(meeting)
        if minutes_url:
            event.add("url", minutes_url)
        calendar.add_component(event)
    return calendar.to_ical()
