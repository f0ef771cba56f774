"""Helpers to take minutes through the workflow in tests."""

import datetime

from django.utils import timezone

from forums.minutes import services as minutes_services
from forums.models import Meeting
from forums.models import Minutes
from forums.models import MinutesVersion
from tests import factories


def past_meeting(forum, *, days_ago: int = 10, **extra) -> Meeting:
    number = (forum.meetings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    defaults = {"status": Meeting.HELD, "starts_at": timezone.now() - datetime.timedelta(days=days_ago)}
    return factories.MeetingFactory(forum=forum, number=number, **{**defaults, **extra})


def record_attendance_if_missing(meeting) -> None:
    """Minutes are submitted only for a meeting with its attendance: the forum's members were there."""
    if not meeting.members_present.exists():
        meeting.members_present.set(meeting.forum.memberships.filter(active=True))


def submitted_minutes(meeting, *, secretary, narrative: str = "", decisions: str = "") -> Minutes:
    """Minutes started, written if text is given, and sent to the chair."""
    minutes = minutes_services.start_minutes(meeting=meeting, by=secretary)
    if narrative or decisions:
        minutes_services.edit_minutes(
            minutes=minutes,
            by=secretary,
            narrative=narrative or minutes.narrative,
            decisions=decisions or minutes.decisions,
        )
    record_attendance_if_missing(meeting)
    return minutes_services.submit_minutes(minutes=minutes, by=secretary)


def approved_minutes(meeting, *, secretary, chair, narrative: str = "", decisions: str = "") -> Minutes:
    minutes = submitted_minutes(meeting, secretary=secretary, narrative=narrative, decisions=decisions)
    return minutes_services.approve_minutes(minutes=minutes, by=chair)


def publish(minutes, *, by, capture) -> Minutes:
    """Publish and run the queued rendering task as the commit would."""
    with capture(execute=True):
        minutes_services.publish_minutes(minutes=minutes, by=by)
    minutes.refresh_from_db()
    return minutes


def publish_correction(minutes, *, secretary, chair, capture, narrative: str = "") -> Minutes:
    """Reopen published minutes, write the corrected narrative if given, and publish it as a new version."""
    minutes_services.reopen_for_correction(minutes=minutes, by=secretary)
    if narrative:
        minutes_services.edit_minutes(minutes=minutes, by=secretary, narrative=narrative, decisions="")
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    minutes_services.approve_minutes(minutes=minutes, by=chair)
    return publish(minutes, by=secretary, capture=capture)


def published_without_pdf(forum, *, chair) -> Meeting:
    """A meeting whose minutes were published just now: stored as a version would be, without a PDF."""
    meeting = past_meeting(forum, days_ago=14)
    minutes = Minutes.objects.create(meeting=meeting, status=Minutes.PUBLISHED, approved_by=chair)
    MinutesVersion.objects.create(minutes=minutes, number=1, language="sq", html="<p>v1</p>", sha256="0" * 64)
    return meeting
