"""Escalation: a local committee (LPSC) raises one of its concerns in its municipality's council (MCSC).

A workflow across two forums, apart from the recording services of forums/services.py: the council
gets its own copy of the concern at its next planned meeting, the two records point at each other,
and the committee's concern is closed as referred. Privacy follows the copy: it keeps the
original's visibility, and a restricted concern's text counts in both forums' checks
(forums/privacy.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import permissions
from forums.audit import records_history
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting


def escalation_copy(concern: Concern, *, meeting: Meeting, by) -> Concern:
    """The council's own record of an escalated concern: the same facts, at its meeting."""
    return Concern.objects.create(
        meeting=meeting,
        category=concern.category,
        summary=concern.summary,
        details=concern.details,
        neighbourhood=concern.neighbourhood,
        source=concern.source,
        visibility=concern.visibility,
        created_by=by,
    )


@records_history
def escalate_concern(*, concern: Concern, by) -> Concern:
    """Raise an LPSC concern in its municipality's MCSC, at that council's next planned meeting.

    The two records point at each other; the LPSC concern is closed as referred.
    """
    forum = concern.meeting.forum
    if not permissions.can_manage_forum(by, forum):
        raise ForumError(_("Only the forum's secretary can escalate concerns."))
    if forum.is_mcsc:
        raise ForumError(_("Only concerns of a local committee can be escalated."))
    if concern.escalated_to_id:
        raise ForumError(_("This concern was already escalated."))
    if concern.status == Concern.CLOSED:
        # Escalating closes it as referred: that would replace the honest reason it was closed with.
        raise ForumError(_("A closed concern cannot be escalated; reopen it first."))
    council = Forum.objects.filter(municipality=forum.municipality, kind=Forum.MCSC, active=True).first()
    if council is None:
        raise ForumError(_("The municipality has no active safety council to escalate to."))
    next_meeting = (
        council.meetings.filter(status=Meeting.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if next_meeting is None:
        raise ForumError(
            _("%(council)s has no planned meeting yet; ask its secretary to schedule one.")
            % {"council": council}
        )
    with transaction.atomic():
        escalated = escalation_copy(concern, meeting=next_meeting, by=by)
        concern.escalated_to = escalated
        concern.status = Concern.CLOSED
        concern.closing_reason = Concern.REFERRED
        concern.referred_to = str(council)
        concern.closed_at = timezone.now()
        concern.save()
    return escalated
