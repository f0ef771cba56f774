"""Receiving what citizens send, the secretary's decisions on it, and erasing it when no longer needed.

Receiving is anonymous; each decision takes the acting secretary (`by=`), runs in a transaction
under a row lock (two clicks cannot answer twice), and leaves a history row naming the step and
who took it (the history never holds the citizen's words or address). What the forum writes for
the public must not repeat the citizen's words (forums.privacy rule 9).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import privacy
from forums import services as forum_services
from forums.audit import records_history
from forums.errors import ForumError
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Municipality
from forums.models import Submission
from forums.submissions import permissions

MAX_TEXT_LENGTH = 4000


def coming_meetings(forums: list[Forum]) -> QuerySet[Meeting]:
    """Planned meetings of these forums that have not started: where an accepted concern can go."""
    return (
        Meeting.objects.filter(forum__in=forums, status=Meeting.PLANNED, starts_at__gte=timezone.now())
        .select_related("forum")
        .order_by("starts_at", "pk")
    )


def meetings_to_raise_for(forum: Forum) -> QuerySet[Meeting]:
    """The coming public meetings of a forum a citizen may raise a concern for."""
    return coming_meetings([forum]).filter(is_public=True)


def receive_submission(
    *,
    category: ConcernCategory,
    municipality: Municipality,
    text: str,
    forum: Forum | None = None,
    meeting: Meeting | None = None,
    neighbourhood: str = "",
    email: str = "",
    language: str = "",
) -> Submission:
    """Record what a citizen sent; restricted from the start when its category is (privacy rule 9).

    Anonymous: the change history names no user.
    """
    text = text.strip()
    if not text:
        raise ForumError(_("Write what you want the forum to know."), field="text")
    if len(text) > MAX_TEXT_LENGTH:
        raise ForumError(
            _("Please keep it under %(count)d characters.") % {"count": MAX_TEXT_LENGTH}, field="text"
        )
    if forum is not None and (forum.municipality_id != municipality.pk or not forum.active):
        raise ForumError(_("Choose a forum of the municipality."), field="place")
    if meeting is not None and (
        forum is None or not meetings_to_raise_for(forum).filter(pk=meeting.pk).exists()
    ):
        raise ForumError(_("Choose one of the forum's coming meetings, or none."), field="meeting")
    visibility = Concern.RESTRICTED if privacy.submission_starts_restricted(category) else Concern.PUBLIC
    with transaction.atomic():
        submission = Submission(
            category=category,
            municipality=municipality,
            forum=forum,
            meeting=meeting,
            neighbourhood=neighbourhood.strip(),
            text=text,
            email=email.strip(),
            language=language,
            visibility=visibility,
            notified_state="",
        )
        submission._change_reason = "received"
        submission.save()
    return submission


def _require_decider(user, submission: Submission) -> None:
    if not permissions.can_decide_submission(user, submission):
        raise ForumError(_("Only the secretary of the forum it was sent to can answer it."))


def _refuse_copied_words(text: str, submission: Submission, *, field: str) -> None:
    if privacy.copies_citizen_words(text, submission.text):
        raise ForumError(
            _(
                "This repeats the citizen's own words. Write it in yours: what the forum publishes "
                "must not let anyone recognise who wrote."
            ),
            field=field,
        )


def _lock_waiting(submission: Submission) -> Submission:
    """Re-read the submission under a row lock; refuse when someone answered it meanwhile."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.RECEIVED:
        raise ForumError(_("This submission was already answered."))
    return locked


def _answer(submission: Submission, *, by, status: str, reason: str, public_answer: str = "") -> None:
    submission.status = status
    submission.public_answer = public_answer.strip()
    submission.answered_at, submission.answered_by = timezone.now(), by
    submission._change_reason = reason
    submission.save()


@records_history
def accept_submission(
    *,
    submission: Submission,
    by,
    meeting: Meeting,
    summary: str,
    category: ConcernCategory | None = None,
    neighbourhood: str = "",
    details: str = "",
    restricted: bool = False,
    public_answer: str = "",
) -> Concern:
    """Put it on a coming meeting's agenda as a concern raised by a citizen; the secretary writes its summary.

    The concern is restricted when the submission is, when its category is restricted by default,
    or when the secretary says so. The citizen's words stay with the submission: the summary may
    not repeat them, the restricted details may.
    """
    _require_decider(by, submission)
    if meeting.forum not in permissions.decider_forums(by, submission) or not (
        coming_meetings([meeting.forum]).filter(pk=meeting.pk).exists()
    ):
        raise ForumError(_("Choose a coming meeting of the forum."), field="meeting")
    summary = summary.strip()
    if not summary:
        raise ForumError(_("Write the public summary of the concern."), field="summary")
    _refuse_copied_words(summary, submission, field="summary")
    _refuse_copied_words(public_answer, submission, field="public_answer")
    category = category or submission.category
    restricted = (
        restricted
        or privacy.submission_is_restricted(submission)
        or privacy.category_needs_two_people(category)
    )
    with transaction.atomic():
        locked = _lock_waiting(submission)
        concern = forum_services.log_concern(
            meeting=meeting,
            by=by,
            category=category,
            summary=summary,
            details=details.strip(),
            neighbourhood=neighbourhood.strip(),
            source=Concern.SOURCE_CITIZEN,
            visibility=Concern.RESTRICTED if restricted else None,
        )
        locked.concern, locked.forum = concern, meeting.forum
        if restricted:
            locked.visibility = Concern.RESTRICTED
        _answer(
            locked,
            by=by,
            status=Submission.ACCEPTED,
            reason=f"accepted as concern #{concern.pk}",
            public_answer=public_answer,
        )
    return concern


@records_history
def merge_submission(*, submission: Submission, by, concern: Concern, public_answer: str = "") -> Submission:
    """Join it to a concern of the forum that is already being followed."""
    _require_decider(by, submission)
    if concern.meeting.forum not in permissions.decider_forums(by, submission):
        raise ForumError(_("Choose a concern of the forum."), field="concern")
    if concern.status == Concern.CLOSED:
        raise ForumError(
            _("That concern is closed: accept this one as a new concern, or decline it as already raised."),
            field="concern",
        )
    _refuse_copied_words(public_answer, submission, field="public_answer")
    with transaction.atomic():
        locked = _lock_waiting(submission)
        locked.concern, locked.forum = concern, concern.meeting.forum
        _answer(
            locked,
            by=by,
            status=Submission.MERGED,
            reason=f"merged into concern #{concern.pk}",
            public_answer=public_answer,
        )
    return locked


@records_history
def route_submission(
    *,
    submission: Submission,
    by,
    forum: Forum | None = None,
    to_police: bool = False,
    public_answer: str = "",
) -> Submission:
    """Send it to another forum of the municipality (it waits in that queue), or hand it to the police."""
    _require_decider(by, submission)
    if (forum is None) == (not to_police):
        raise ForumError(_("Choose a forum of the municipality, or the police."), field="forum")
    _refuse_copied_words(public_answer, submission, field="public_answer")
    with transaction.atomic():
        locked = _lock_waiting(submission)
        if to_police:
            _answer(
                locked,
                by=by,
                status=Submission.ROUTED_TO_POLICE,
                reason="handed to the police",
                public_answer=public_answer,
            )
            return locked
        if forum.municipality_id != locked.municipality_id or not forum.active:
            raise ForumError(_("Choose an active forum of the same municipality."), field="forum")
        if forum.pk == locked.forum_id:
            raise ForumError(_("It is already this forum's."), field="forum")
        locked.forum, locked.meeting = forum, None
        locked.public_answer = public_answer.strip()
        locked._change_reason = f"routed to forum #{forum.pk}"
        locked.save()
    return locked


@records_history
def decline_submission(*, submission: Submission, by, reason: str, public_answer: str = "") -> Submission:
    """Decline it with a reason from the list, and optionally a public answer."""
    _require_decider(by, submission)
    if reason not in dict(Submission.DECLINE_REASON_CHOICES):
        raise ForumError(_("Choose why it is declined."), field="decline_reason")
    _refuse_copied_words(public_answer, submission, field="public_answer")
    with transaction.atomic():
        locked = _lock_waiting(submission)
        locked.decline_reason = reason
        _answer(locked, by=by, status=Submission.DECLINED, reason="declined", public_answer=public_answer)
    return locked


# --- Keeping only what is needed -----------------------------------------------------------------


def erase_email(*, submission: Submission, now: datetime.datetime | None = None) -> None:
    """Forget the citizen's e-mail address (the history never held it)."""
    Submission.objects.filter(pk=submission.pk).update(email="", email_erased_at=now or timezone.now())
    submission.email = ""


def erase_expired_submission_data(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Erase texts answered longer ago than their retention, and addresses kept past theirs.

    Answer how many texts and how many addresses. An address is also erased earlier, once the
    citizen was told the matter is closed (portal.tracking).
    """
    now = now or timezone.now()
    text_cutoff = now - datetime.timedelta(days=settings.SUBMISSION_TEXT_RETENTION_DAYS)
    email_cutoff = now - datetime.timedelta(days=settings.SUBMISSION_EMAIL_RETENTION_DAYS)
    texts = (
        Submission.objects.filter(answered_at__lt=text_cutoff, text_erased_at__isnull=True)
        .exclude(status=Submission.RECEIVED)
        .update(text="", text_erased_at=now)
    )
    emails = (
        Submission.objects.filter(received_at__lt=email_cutoff)
        .exclude(email="")
        .update(email="", email_erased_at=now)
    )
    return texts, emails
