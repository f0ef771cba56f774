"""The minutes workflow: draft → submitted → approved → published (→ draft again for a correction).

Each transition checks permission (forums.permissions), runs in one transaction under a row lock,
and saves with a change reason, so the change history says who did what; a wrong step is refused
with a clear message. Publishing queues the PDF rendering (`tasks`) after commit; the task stores
the immutable versions of every language in one transaction, or none at all.

Privacy (forums.privacy): text of a restricted record in what staff wrote stops every step, and
restricting a record withdraws the versions that showed it (`withdraw_minutes_showing`).
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum_site.lib import public_cache
from forums import permissions
from forums import privacy
from forums.audit import records_history
from forums.errors import ForumError
from forums.minutes import rendering
from forums.minutes import tasks
from forums.models import AgendaItem
from forums.models import Meeting
from forums.models import Minutes
from forums.models import MinutesVersion

logger = logging.getLogger(__name__)


def draft_minutes_for(meeting: Meeting) -> dict[str, str]:
    """The prefilled narrative and decisions for a meeting's minutes, from what was recorded."""
    members = meeting.members_present.count()
    narrative = _(
        "The meeting was held on %(date)s at %(place)s. %(members)s members and %(citizens)s citizens "
        "(%(women)s women, %(men)s men, of whom %(youth)s youth) attended; the quorum of %(quorum)s "
        "was %(met)s."
    ) % {
        "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
        "place": meeting.location,
        "members": members,
        "citizens": meeting.citizens_total,
        "women": meeting.citizens_women,
        "men": meeting.citizens_men,
        "youth": meeting.citizens_youth,
        "quorum": meeting.forum.quorum,
        "met": _("met") if meeting.quorum_met(members) else _("not met"),
    }
    actions, _hidden = privacy.split_public_actions(rendering.meeting_actions(meeting))
    decisions = "\n".join(
        _("%(title)s — %(body)s, by %(due)s")
        % {"title": a.title, "body": a.responsible_body.name, "due": a.due_date.strftime("%d.%m.%Y")}
        for a in actions
    )
    return {"narrative": narrative, "decisions": decisions}


def _refuse_restricted_text(minutes: Minutes) -> None:
    error = rendering.restricted_text_error(minutes)
    if error is not None:
        raise error


def _refuse_unrecorded_meeting(meeting: Meeting) -> None:
    """Minutes record a meeting that took place: it must be marked held and its attendance recorded."""
    missing = []
    if meeting.status != Meeting.HELD:
        missing.append(
            _("the meeting is marked %(status)s, not held (mark it held on the meeting's page)")
            % {"status": meeting.get_status_display().lower()}
        )
    if not meeting.members_present.exists():
        missing.append(_("no attendance is recorded (record who was present on the meeting's page)"))
    if missing:
        raise ForumError(
            _("The minutes cannot be submitted yet: %(missing)s.") % {"missing": "; ".join(missing)}
        )


@records_history
def start_minutes(*, meeting: Meeting, by) -> Minutes:
    """Open the minutes of a meeting, prefilled from what was recorded; returns existing ones unchanged."""
    if not permissions.can_write_minutes(by, meeting.forum):
        raise ForumError(_("Only the forum's secretary can write its minutes."))
    if meeting.status == Meeting.CANCELLED:
        raise ForumError(_("A cancelled meeting has no minutes."))
    with transaction.atomic():
        existing = Minutes.objects.filter(meeting=meeting).first()
        if existing is not None:
            return existing
        minutes = Minutes(meeting=meeting, **draft_minutes_for(meeting))
        rendering.save_minutes(minutes, reason="started")
        return minutes


@records_history
def edit_minutes(*, minutes: Minutes, by, narrative: str, decisions: str) -> Minutes:
    """Change the text of draft minutes."""
    if not permissions.can_write_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary can edit its minutes."))
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status != Minutes.DRAFT:
            if minutes.status == Minutes.PUBLISHED:
                raise ForumError(
                    _(
                        "Published minutes cannot be edited. Reopen them for correction to publish a new version."
                    )
                )
            raise ForumError(
                _("Only draft minutes can be edited; these are %(status)s.")
                % {"status": minutes.get_status_display().lower()}
            )
        minutes.narrative, minutes.decisions = narrative, decisions
        rendering.save_minutes(minutes, reason="edited")
    return minutes


@records_history
def submit_minutes(*, minutes: Minutes, by) -> Minutes:
    """Send draft minutes to the chair for approval; the chair is e-mailed once this commits."""
    if not permissions.can_write_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary can submit its minutes."))
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status != Minutes.DRAFT:
            raise ForumError(_("Only draft minutes can be submitted for approval."))
        if not (minutes.narrative.strip() or minutes.decisions.strip()):
            raise ForumError(_("Write the minutes before submitting them."), field="narrative")
        _refuse_unrecorded_meeting(minutes.meeting)
        _refuse_restricted_text(minutes)
        minutes.status = Minutes.SUBMITTED
        minutes.submitted_by, minutes.submitted_at = by, timezone.now()
        minutes.return_comment = ""
        rendering.save_minutes(minutes, reason="submitted")
        transaction.on_commit(lambda: tasks.send_submission_notice(minutes.pk))
    return minutes


@records_history
def approve_minutes(*, minutes: Minutes, by) -> Minutes:
    """The chair approves submitted minutes."""
    if not permissions.can_approve_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's chair can approve its minutes."))
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status != Minutes.SUBMITTED:
            raise ForumError(_("Only minutes submitted for approval can be approved."))
        _refuse_restricted_text(minutes)
        minutes.status = Minutes.APPROVED
        minutes.approved_by, minutes.approved_at = by, timezone.now()
        rendering.save_minutes(minutes, reason="approved")
    return minutes


@records_history
def return_minutes(*, minutes: Minutes, by, comment: str) -> Minutes:
    """The chair sends submitted minutes back to the secretary with a comment."""
    if not permissions.can_approve_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's chair can return minutes."))
    if not comment.strip():
        raise ForumError(_("Say what should change before returning the minutes."), field="comment")
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status != Minutes.SUBMITTED:
            raise ForumError(_("Only minutes submitted for approval can be returned."))
        minutes.status = Minutes.DRAFT
        minutes.return_comment = comment.strip()
        rendering.save_minutes(minutes, reason="returned")
    return minutes


def _queue_rendering(minutes: Minutes, *, by) -> int:
    number = rendering.next_version_number(minutes)
    minutes.render_state, minutes.render_error = Minutes.RENDER_QUEUED, ""
    rendering.save_minutes(minutes, reason=f"publishing version {number}")
    by_pk = getattr(by, "pk", None)
    transaction.on_commit(lambda: tasks.send_rendering(minutes.pk, number, by_pk))
    return number


@records_history
def publish_minutes(*, minutes: Minutes, by) -> int:
    """Queue the rendering of approved minutes as the next version; returns its number.

    The minutes become `published` only when the task has stored every language's PDF.
    """
    if not permissions.can_publish_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary or chair can publish its minutes."))
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status == Minutes.PUBLISHED:
            raise ForumError(_("These minutes are already published."))
        if minutes.status != Minutes.APPROVED:
            raise ForumError(_("Only minutes approved by the chair can be published."))
        if minutes.render_state == Minutes.RENDER_QUEUED:
            raise ForumError(_("These minutes are already being published."))
        _refuse_restricted_text(minutes)
        return _queue_rendering(minutes, by=by)


@records_history
def retry_rendering(*, minutes: Minutes, by) -> int:
    """Queue the rendering again after it failed."""
    if not permissions.can_publish_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary or chair can publish its minutes."))
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status != Minutes.APPROVED or minutes.render_state != Minutes.RENDER_FAILED:
            raise ForumError(_("Only a failed publication can be retried."))
        _refuse_restricted_text(minutes)
        return _queue_rendering(minutes, by=by)


@records_history
def reopen_for_correction(*, minutes: Minutes, by) -> Minutes:
    """Take published minutes back to draft; once approved again they publish as the next version."""
    if not permissions.can_publish_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary or chair can reopen its minutes."))
    with transaction.atomic():
        minutes = rendering.lock(minutes)
        if minutes.status != Minutes.PUBLISHED:
            raise ForumError(_("Only published minutes can be reopened for correction."))
        minutes.status = Minutes.DRAFT
        minutes.submitted_by = minutes.submitted_at = None
        minutes.approved_by = minutes.approved_at = None
        minutes.return_comment = ""
        rendering.save_minutes(minutes, reason="reopened for correction")
    return minutes


# --- Withdrawal: restricting a record takes it off every published version (privacy rule 6) -------


@records_history
def withdraw_minutes_showing(*, meetings: Iterable[Meeting], texts: Iterable[str], by) -> list[Minutes]:
    """Withdraw the published versions that showed a record now restricted; answer the minutes touched.

    Every version of the minutes of `meetings` (where the record was listed) is withdrawn, and every
    version of later minutes of the same forums whose words hold one of `texts` (a follow-up section
    lists earlier actions by title). A version number is withdrawn in all its languages at once.
    Minutes left without a public version are published again without the record when their text
    allows it, or sent back to the secretary with a note naming what to remove. A published agenda
    of those forums that holds one of `texts` leaves the public too (`_mark_agendas_showing`).
    """
    meetings = list(meetings)
    if not meetings:
        return []
    needles = [
        text for text in {privacy.normalised(t) for t in texts} if len(text) >= privacy.MIN_MATCHED_LENGTH
    ]
    earliest = min(meeting.starts_at for meeting in meetings)
    direct = {meeting.pk for meeting in meetings}
    candidates = MinutesVersion.objects.filter(
        withdrawn_at__isnull=True,
        minutes__meeting__forum_id__in={meeting.forum_id for meeting in meetings},
        minutes__meeting__starts_at__gte=earliest,
    ).values_list("minutes_id", "minutes__meeting_id", "number", "text")
    to_withdraw = {
        (minutes_id, number)
        for minutes_id, meeting_id, number, text in candidates
        if meeting_id in direct or any(needle in privacy.normalised(text) for needle in needles)
    }
    now = timezone.now()
    touched = []
    with transaction.atomic():
        _mark_agendas_showing(forum_ids={meeting.forum_id for meeting in meetings}, needles=needles, now=now)
        for minutes_id, number in sorted(to_withdraw):
            MinutesVersion.objects.filter(minutes_id=minutes_id, number=number).update(withdrawn_at=now)
        if to_withdraw:
            # An update saves no model, so no signal tells the cached public pages: tell them here.
            public_cache.invalidate()
        for minutes_id in sorted({minutes_id for minutes_id, _number in to_withdraw}):
            minutes = rendering.lock(Minutes(pk=minutes_id))
            touched.append(minutes)
            newest = minutes.versions.order_by("-number").first()
            if newest.is_withdrawn:
                _republish(minutes, by=by)
    if touched:
        logger.info("Withdrew %d minutes version(s) to protect privacy", len(to_withdraw))
    return touched


def _mark_agendas_showing(*, forum_ids: set[int], needles: list[str], now) -> None:
    """Published agendas holding the record's words leave the public at once (privacy.public_agendas);
    their meetings' `updated_at` moves, so open-data clients syncing by it learn their agenda changed."""
    agendas: dict[int, list[str]] = {}
    items = AgendaItem.objects.filter(
        meeting__forum_id__in=forum_ids, meeting__agenda_published_at__isnull=False
    )
    for meeting_id, title in items.values_list("meeting_id", "title"):
        agendas.setdefault(meeting_id, []).append(title)
    showing = [
        meeting_id
        for meeting_id, titles in agendas.items()
        if any(needle in privacy.normalised("\n".join(titles)) for needle in needles)
    ]
    if showing:
        # An update, not a save: nothing of the meeting changed, so its change history stays as it is.
        Meeting.objects.filter(pk__in=showing).update(updated_at=now)


def _republish(minutes: Minutes, *, by) -> None:
    """Minutes whose current version was withdrawn: render them anew, or send them back to the secretary."""
    if minutes.status != Minutes.PUBLISHED:
        return  # already being corrected: every later step checks the text again
    if rendering.restricted_text_error(minutes) is not None:
        rendering.send_back_for_privacy(minutes=minutes, by=by)
        return
    # The chair approved this text; the new version differs only by what is now restricted.
    minutes.status = Minutes.APPROVED
    _queue_rendering(minutes, by=by)
