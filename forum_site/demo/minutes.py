"""Demo minutes for recent meetings, through the real workflow and PDF task."""

from django.db import transaction

from forums.minutes import services as minutes_services
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership


def _person(forum: Forum, role: str):
    membership = forum.memberships.filter(role=role, active=True).select_related("user").first()
    return membership.user if membership else None


def publish_recent(*, per_forum: int) -> int:
    """Publish the minutes of each forum's latest held meetings but the very last, left for the chair.

    Skips meetings that already have minutes, so a second run renders nothing.
    """
    published = 0
    for forum in Forum.objects.filter(active=True):
        secretary, chair = _person(forum, Membership.SECRETARY), _person(forum, Membership.CHAIR)
        if secretary is None or chair is None:
            continue
        held = list(forum.meetings.filter(status=Meeting.HELD).order_by("-starts_at")[: per_forum + 1])
        if not held:
            continue
        awaiting_chair, to_publish = held[0], held[1:]
        if not hasattr(awaiting_chair, "minutes"):
            minutes = minutes_services.start_minutes(meeting=awaiting_chair, by=secretary)
            minutes_services.submit_minutes(minutes=minutes, by=secretary)
        # Oldest first, as they would have been published month by month.
        for meeting in reversed(to_publish):
            if hasattr(meeting, "minutes"):
                continue
            # One transaction per meeting: its PDF task runs (eagerly or on a worker) at commit.
            with transaction.atomic():
                minutes = minutes_services.start_minutes(meeting=meeting, by=secretary)
                minutes_services.submit_minutes(minutes=minutes, by=secretary)
                minutes_services.approve_minutes(minutes=minutes, by=chair)
                minutes_services.publish_minutes(minutes=minutes, by=secretary)
            published += 1
    # Published today, as the versions' own text says: backdating only the publication date would make
    # the page contradict the PDF ("published 09.11." beside "approved and published 30.11.").
    return published
