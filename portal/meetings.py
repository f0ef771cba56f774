"""What a public meeting's page shows beside the meeting: the way to raise a concern, and afterwards
what became of the concerns citizens raised through the site."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from forums.models import Meeting

# The page where a citizen raises a concern for a forum; `?meeting=` pre-selects the meeting.
RAISE_URL_NAME = "portal:raise_for_forum"


def is_coming(meeting: Meeting) -> bool:
    """Still to come: planned, and not yet started."""
    return meeting.status == Meeting.PLANNED and meeting.starts_at >= timezone.now()


def is_over(meeting: Meeting) -> bool:
    """Held, or past its start without being cancelled (a secretary may not have marked it held yet)."""
    return meeting.status == Meeting.HELD or (
        meeting.status == Meeting.PLANNED and meeting.starts_at < timezone.now()
    )


def raise_concern_url(meeting: Meeting) -> str:
    """Where to raise a concern for this coming meeting, or an empty string.

    Empty for a meeting that is over or cancelled, and while the site has no such page (the URL
    name is not in the URL conf): the meeting page then simply shows no link.
    """
    if not is_coming(meeting):
        return ""
    try:
        url = reverse(RAISE_URL_NAME, kwargs={"slug": meeting.forum.slug})
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'meeting': meeting.pk})}"


@dataclass(frozen=True)
class RaisedConcernOutcome:
    """What the forum decided about one concern a citizen raised through the site, as the public reads it.

    `topic` is the category (for a restricted concern nothing more), `decision` the outcome in words
    (on the agenda, discussed, actions taken, closed with its reason, declined with its reason) and
    `answer` the forum's public answer, if any. Never the citizen's own words.
    """

    topic: str
    decision: str
    answer: str = ""


def raised_concern_outcomes(meeting: Meeting) -> list[RaisedConcernOutcome]:
    """The hook for citizens' submissions: what was decided about each one brought to this meeting.

    Nothing yet: the site has no submissions. The code that takes them in fills this from what the
    privacy gate lets through; the meeting page lists whatever it answers
    (`portal/includes/meeting_raised_concerns.html`) and shows nothing while it answers nothing.
    """
    return []
