"""What a public meeting's page shows beside the meeting: the way to raise a concern, and afterwards
what became of the concerns citizens raised through the site."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import privacy
from forums.models import Concern
from forums.models import Meeting
from forums.models import Submission

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
    """What was decided at a held meeting about each public concern citizens raised through the site.

    Through the privacy gate: only public concerns from submissions that are not restricted; the
    topic is the forum's public summary, never the citizen's words; actions only when public, the
    others counted. The forum's public answer to the citizen, when it gave one, is shown beside.
    """
    if meeting.status != Meeting.HELD:
        return []
    submissions = (
        Submission.objects.filter(concern__meeting=meeting)
        .filter(privacy.public_concern_q("concern__"))
        .exclude(privacy.restricted_submission_q())
        .select_related("concern")
        .order_by("concern_id", "pk")
    )
    outcomes, seen = [], set()
    for submission in submissions:
        concern = submission.concern
        if concern.pk in seen:
            continue
        seen.add(concern.pk)
        outcomes.append(
            RaisedConcernOutcome(
                topic=concern.summary, decision=_decision(concern), answer=submission.public_answer
            )
        )
    return outcomes


def _decision(concern: Concern) -> str:
    if concern.status == Concern.CLOSED:
        return str(concern.get_closing_reason_display() or concern.get_status_display())
    actions, hidden = privacy.split_public_actions(
        concern.actions.select_related("concern", "responsible_body").order_by("due_date", "pk")
    )
    parts = [f"{action.title} ({action.get_status_display()})" for action in actions]
    if hidden:
        parts.append(str(privacy.shown_count(hidden, restricted=hidden)) + " " + _("more, restricted"))
    return "; ".join(parts) or str(concern.get_status_display())
