"""Restricted details: recording who is shown them, redacting them, and erasing them when old.

Erasing or redacting also scrubs the change history, which otherwise keeps copies of the text.
Category, dates and status always stay, so the statistics do not change.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import privacy
from forums.audit import records_history
from forums.errors import ForumError
from forums.models import Concern
from forums.models import ConcernRedaction
from forums.models import Forum
from forums.models import MinutesVersion
from forums.models import RestrictedAccess
from forums.models import Submission

ERASED_FIELDS = {"details": "", "neighbourhood": ""}


# Actions live in a higher layer (the actions app): they arrive here as objects with `pk`, `meeting`
# and the attributes forums.privacy reads, and are recorded by id.


def record_restricted_view(
    *,
    by,
    concern: Concern | None = None,
    action=None,
    surface: str = RestrictedAccess.CONCERN_PAGE,
    forum: Forum | None = None,
) -> RestrictedAccess | None:
    """Note that `by` was shown the restricted text of `concern`, of `action`, or of both on one page.

    Records only what is restricted: a public concern or action shown alongside is left out.
    """
    concern = concern if concern is not None and concern.is_restricted else None
    action = action if action is not None and privacy.action_is_restricted(action) else None
    if concern is None and action is None:
        return None
    if forum is None:
        forum = concern.meeting.forum if concern is not None else action.meeting.forum
    return RestrictedAccess.objects.create(
        concern=concern, action_id=action.pk if action else None, forum=forum, surface=surface, user=by
    )


def record_restricted_views(
    *, by, surface: str, forum: Forum, concerns: Iterable[Concern] = (), actions: Iterable = ()
) -> int:
    """One entry per restricted concern and action whose text a page showed `by`; answer how many."""
    entries = [
        RestrictedAccess(concern=concern, forum=forum, surface=surface, user=by)
        for concern in concerns
        if concern.is_restricted
    ]
    action_ids = {action.pk for action in actions if privacy.action_is_restricted(action)}
    entries += [
        RestrictedAccess(action_id=action_id, forum=forum, surface=surface, user=by)
        for action_id in sorted(action_ids)
    ]
    RestrictedAccess.objects.bulk_create(entries)
    return len(entries)


def record_submission_view(*, by, submission: Submission, forum: Forum) -> RestrictedAccess | None:
    """Note that `by` was shown the words of a restricted submission (its text, while it is kept)."""
    if not privacy.submission_is_restricted(submission) or not submission.text:
        return None
    return RestrictedAccess.objects.create(
        submission=submission, forum=forum, surface=RestrictedAccess.SUBMISSION_PAGE, user=by
    )


def record_restricted_export(*, by, forum_id: int, rows: int) -> RestrictedAccess:
    """Note that `by` exported `rows` rows of a forum with their restricted text."""
    return RestrictedAccess.objects.create(
        forum_id=forum_id, surface=RestrictedAccess.EXPORT, rows=rows, user=by
    )


def record_withdrawn_version_read(*, version: MinutesVersion, by) -> None:
    """Note that `by` opened a minutes version withdrawn to protect someone's privacy."""
    RestrictedAccess.objects.create(
        user=by, forum_id=version.minutes.meeting.forum_id, surface=RestrictedAccess.WITHDRAWN_VERSION
    )


def _scrub_history(concern: Concern) -> None:
    concern.history.all().update(**ERASED_FIELDS)


def _require_admin(user) -> None:
    if not user.is_superuser:
        raise ForumError(_("Only an administrator can redact restricted details."))


@records_history
def redact_concern(*, concern: Concern, by, reason: str) -> ConcernRedaction:
    """Take the restricted details off a concern, keeping the original only for the undo period."""
    _require_admin(by)
    if hasattr(concern, "redaction"):
        raise ForumError(_("This concern is already redacted."))
    with transaction.atomic():
        redaction = ConcernRedaction.objects.create(
            concern=concern, details=concern.details, neighbourhood=concern.neighbourhood, redacted_by=by
        )
        _scrub_history(concern)
        concern.details, concern.neighbourhood = "", ""
        concern._change_reason = _("Restricted details redacted: %(reason)s") % {"reason": reason}
        concern.save()
    return redaction


@records_history
def undo_redaction(*, concern: Concern, by) -> Concern:
    """Put redacted details back, if the undo period has not ended."""
    _require_admin(by)
    redaction = ConcernRedaction.objects.filter(concern=concern).first()
    if redaction is None:
        raise ForumError(_("The original details are no longer kept; the redaction cannot be undone."))
    with transaction.atomic():
        concern.details, concern.neighbourhood = redaction.details, redaction.neighbourhood
        concern._change_reason = _("Redaction undone")
        concern.save()
        redaction.delete()
    return concern


def expired_concerns(now: datetime.datetime) -> QuerySet[Concern]:
    """Restricted concerns closed longer ago than the retention period, with details still held."""
    cutoff = now - datetime.timedelta(days=30 * settings.RESTRICTED_DETAILS_RETENTION_MONTHS)
    return Concern.objects.filter(
        visibility=Concern.RESTRICTED,
        status=Concern.CLOSED,
        closed_at__lt=cutoff,
        details_erased_at__isnull=True,
    )


def erase_expired_details(*, now: datetime.datetime | None = None) -> int:
    """Erase old restricted details and expired redaction originals; answer how many concerns."""
    now = now or timezone.now()
    undo_cutoff = now - datetime.timedelta(days=settings.REDACTION_UNDO_DAYS)
    ConcernRedaction.objects.filter(redacted_at__lt=undo_cutoff).delete()
    erased = 0
    for concern in expired_concerns(now):
        with transaction.atomic():
            _scrub_history(concern)
            concern.details, concern.neighbourhood = "", ""
            concern.details_erased_at = now
            concern._change_reason = "retention"
            concern.save()
        ConcernRedaction.objects.filter(concern=concern).delete()
        erased += 1
    return erased
