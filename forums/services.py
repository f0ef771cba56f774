"""Recording a forum's work: meetings, agenda, attendance and concerns.

Each service takes keyword arguments and the acting user, checks permission, runs in a
transaction and raises ForumError with a translated message when a rule is broken.
The change history (who, when, what) is written by django-simple-history.
"""

import calendar
import hashlib
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forums import permissions, privacy
from forums.audit import records_history
from forums.models import (
    AgendaItem,
    Concern,
    ConcernCategory,
    Forum,
    Meeting,
    Membership,
    Minutes,
    MinutesVersion,
    VisibilityProposal,
    display_name,
    plain_text,
)


class ForumError(Exception):
    """A rule of the forum's work was broken; the message is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _require_manager(user, forum: Forum) -> None:
    if not permissions.can_manage_forum(user, forum):
        raise ForumError(_("Only the forum's secretary can record its meetings."))


# Meetings are dated within this range. A typo such as year 0001 or 9999 would otherwise be stored,
# and adding a series' months, a calendar event's length or a time-zone shift to it overflows Python's
# datetime: the public calendar and pages would fail for everyone.
FIRST_MEETING_DAY = date(2000, 1, 1)
LAST_MEETING_DAY = date(2100, 12, 31)


def is_meeting_day(starts_at: datetime) -> bool:
    """Whether a meeting may start then. Compares the day in the moment's own time zone: no shift."""
    return FIRST_MEETING_DAY <= starts_at.date() <= LAST_MEETING_DAY


def meeting_day_error(starts_at: datetime) -> str:
    """Why this start cannot be a meeting's, or an empty string."""
    if is_meeting_day(starts_at):
        return ""
    return _("Choose a date between %(first)s and %(last)s.") % {
        "first": FIRST_MEETING_DAY.isoformat(),
        "last": LAST_MEETING_DAY.isoformat(),
    }


def series_end_error(starts_at: datetime, repeat_monthly: int) -> str:
    """Why a monthly series from this start would end outside the range, or an empty string.

    Dates only grow along a series, so a series whose first and last meetings are in the range
    has every meeting in it.
    """
    if not is_meeting_day(starts_at) or is_meeting_day(add_months(starts_at, repeat_monthly - 1)):
        return ""
    return _("A series starting then would run past %(last)s; schedule fewer meetings.") % {
        "last": LAST_MEETING_DAY.isoformat()
    }


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the month's last day (31 Jan → 28 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@records_history
def schedule_meeting(
    *,
    forum: Forum,
    by,
    starts_at: datetime,
    location: str,
    is_public: bool = True,
    repeat_monthly: int = 1,
) -> list[Meeting]:
    """Schedule a meeting, or a monthly series of `repeat_monthly` meetings editable one by one."""
    _require_manager(by, forum)
    if not 1 <= repeat_monthly <= 24:
        raise ForumError(_("A series has between 1 and 24 meetings."), field="repeat_monthly")
    if error := meeting_day_error(starts_at):
        raise ForumError(error, field="starts_at")
    if error := series_end_error(starts_at, repeat_monthly):
        raise ForumError(error, field="repeat_monthly")
    with transaction.atomic():
        # Lock the forum so two secretaries scheduling at once cannot take the same number.
        Forum.objects.select_for_update().get(pk=forum.pk)
        last = forum.meetings.aggregate(last=Max("number"))["last"] or 0
        series = uuid.uuid4() if repeat_monthly > 1 else None
        return [
            Meeting.objects.create(
                forum=forum,
                number=last + offset + 1,
                starts_at=add_months(starts_at, offset),
                location=location,
                is_public=is_public,
                series=series,
            )
            for offset in range(repeat_monthly)
        ]


@records_history
def update_meeting(*, meeting: Meeting, by, **changes) -> Meeting:
    """Change a meeting's time, place, publicity or status."""
    _require_manager(by, meeting.forum)
    allowed = {"starts_at", "location", "is_public", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ForumError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if "starts_at" in changes and (error := meeting_day_error(changes["starts_at"])):
        raise ForumError(error, field="starts_at")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(meeting, name, value)
        meeting.save()
    return meeting


@records_history
def add_agenda_item(*, meeting: Meeting, by, title: str, discussion: str = "") -> AgendaItem:
    """Append an item to the agenda."""
    _require_manager(by, meeting.forum)
    with transaction.atomic():
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
        return AgendaItem.objects.create(
            meeting=meeting,
            position=0 if last is None else last + 1,
            title=title,
            discussion=discussion,
        )


@records_history
def update_agenda_item(*, item: AgendaItem, by, title: str, discussion: str) -> AgendaItem:
    """Change an item's title or the summary of its discussion."""
    _require_manager(by, item.meeting.forum)
    item.title, item.discussion = title, discussion
    item.save()
    return item


@records_history
def remove_agenda_item(*, item: AgendaItem, by) -> None:
    """Remove an item; concerns logged under it stay with the meeting."""
    _require_manager(by, item.meeting.forum)
    with transaction.atomic():
        meeting = item.meeting
        item.delete()
        _renumber(meeting.agenda_items.order_by("position", "pk"))


@records_history
def reorder_agenda(*, meeting: Meeting, by, item_ids: Sequence[int]) -> None:
    """Put the agenda in the given order; the ids must be exactly this meeting's items."""
    _require_manager(by, meeting.forum)
    with transaction.atomic():
        items = {item.pk: item for item in meeting.agenda_items.select_for_update()}
        if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(items):
            raise ForumError(_("The new order must list each item of this agenda exactly once."))
        _renumber(items[pk] for pk in item_ids)


@records_history
def move_agenda_item(*, item: AgendaItem, by, offset: int) -> None:
    """Move an item up (-1) or down (+1): the no-JavaScript way to reorder."""
    ids = list(item.meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder_agenda(meeting=item.meeting, by=by, item_ids=ids)


def _renumber(items: Iterable[AgendaItem]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@records_history
def record_attendance(
    *,
    meeting: Meeting,
    by,
    members_present: Iterable[Membership],
    citizens_women: int,
    citizens_men: int,
    citizens_youth: int,
) -> Meeting:
    """Record who attended: members by institution, citizens by women, men and youth."""
    _require_manager(by, meeting.forum)
    members_present = list(members_present)
    if any(m.forum_id != meeting.forum_id for m in members_present):
        raise ForumError(_("Only members of this forum can be marked present."), field="members_present")
    if citizens_youth > citizens_women + citizens_men:
        raise ForumError(
            _("Youth are counted among the women and men, so they cannot be more than both together."),
            field="citizens_youth",
        )
    with transaction.atomic():
        meeting.citizens_women = citizens_women
        meeting.citizens_men = citizens_men
        meeting.citizens_youth = citizens_youth
        meeting.save()
        meeting.members_present.set(members_present)
    return meeting


def default_visibility(category: ConcernCategory) -> str:
    return Concern.RESTRICTED if category.restricted_by_default else Concern.PUBLIC


@records_history
def log_concern(
    *,
    meeting: Meeting,
    by,
    category: ConcernCategory,
    summary: str,
    details: str = "",
    neighbourhood: str = "",
    source: str = Concern.SOURCE_CITIZEN,
    visibility: str | None = None,
    agenda_item: AgendaItem | None = None,
) -> Concern:
    """Log a concern raised at a meeting; its visibility defaults from the category."""
    _require_manager(by, meeting.forum)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ForumError(_("The agenda item belongs to another meeting."), field="agenda_item")
    if _publishes_alone(category=category, visibility=visibility):
        _refuse_publishing_alone()
    return Concern.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        category=category,
        summary=summary,
        details=details,
        neighbourhood=neighbourhood,
        source=source,
        visibility=visibility or default_visibility(category),
        created_by=by,
    )


@records_history
def update_concern(*, concern: Concern, by, **changes) -> Concern:
    """Correct what was recorded about a concern."""
    _require_manager(by, concern.meeting.forum)
    allowed = {"category", "summary", "details", "neighbourhood", "source", "visibility", "agenda_item"}
    unknown = set(changes) - allowed
    if unknown:
        raise ForumError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    agenda_item = changes.get("agenda_item")
    if agenda_item is not None and agenda_item.meeting_id != concern.meeting_id:
        raise ForumError(_("The agenda item belongs to another meeting."), field="agenda_item")
    visibility = changes.pop("visibility", concern.visibility)
    if _publishes_alone(
        category=changes.get("category", concern.category), visibility=visibility, before=concern
    ):
        _refuse_publishing_alone()
    with transaction.atomic():
        for name, value in changes.items():
            setattr(concern, name, value)
        concern.save()
        change_visibility(concern=concern, visibility=visibility, by=by)
    return concern


def escalation_partner(concern: Concern) -> Concern | None:
    """The other record of an escalated concern: the council's copy, or the committee's original."""
    if concern.escalated_to_id:
        return concern.escalated_to
    return Concern.objects.filter(escalated_to=concern).first()


@records_history
def change_visibility(*, concern: Concern, visibility: str, by) -> Concern:
    """Make a concern public or restricted, together with its escalation partner.

    The two records of an escalation are one concern in two forums, so they share a visibility
    both ways (privacy rule 4), whoever changes it. Callers check who may change it.
    """
    if visibility not in dict(Concern.VISIBILITY_CHOICES):
        raise ForumError(_("Choose public or restricted."), field="visibility")
    with transaction.atomic():
        changed = []
        for record in (concern, escalation_partner(concern)):
            if record is None or record.visibility == visibility:
                continue
            record.visibility = visibility
            record.save(update_fields=["visibility"])
            changed.append(record)
        if changed and visibility == Concern.RESTRICTED:
            withdraw_minutes_showing(
                meetings=[record.meeting for record in changed],
                texts=[text for record in changed for text in _public_texts_of(record)],
                by=by,
            )
    return concern


def _public_texts_of(concern: Concern) -> list[str]:
    """What public minutes may have shown of a concern: its summary and its actions' titles."""
    return [concern.summary, *concern.actions.values_list("title", flat=True)]


@records_history
def close_concern(*, concern: Concern, by, reason: str, referred_to: str = "") -> Concern:
    """Close a concern with the honest reason citizens will see."""
    if not permissions.can_close_concern(by, concern):
        raise ForumError(_("Only the forum's secretary or police liaison can close concerns."))
    if concern.status == Concern.CLOSED:
        # Closing again would overwrite the reason and date citizens were already shown.
        raise ForumError(_("This concern is already closed."))
    if reason not in dict(Concern.CLOSING_REASON_CHOICES):
        raise ForumError(_("Choose why the concern is closed."), field="closing_reason")
    if reason == Concern.REFERRED and not referred_to.strip():
        raise ForumError(_("Say which body the concern was referred to."), field="referred_to")
    concern.status = Concern.CLOSED
    concern.closing_reason = reason
    concern.referred_to = referred_to.strip() if reason == Concern.REFERRED else ""
    concern.closed_at = timezone.now()
    concern.save()
    return concern


@records_history
def reopen_concern(*, concern: Concern, by) -> Concern:
    """Reopen a closed concern; the history keeps the earlier closing."""
    if not permissions.can_close_concern(by, concern):
        raise ForumError(_("Only the forum's secretary or police liaison can reopen concerns."))
    concern.status = Concern.IN_PROGRESS if concern.actions.exists() else Concern.OPEN
    concern.closing_reason, concern.referred_to, concern.closed_at = "", "", None
    concern.save()
    return concern


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


# =================================================================================================
# Two people to publish a sensitive concern (forums.privacy rule 1).
#
# A concern in a category restricted by default (domestic violence, violent extremism) becomes
# public only when the secretary proposes it with a reason and the chair confirms it; the view
# makes the chair re-authenticate for that step (forums.reauth). log_concern and update_concern
# refuse to make such a concern public. Each step is a history row of the proposal naming who,
# and the concern's own history names the proposal that made it public. Restricting it again
# needs nobody's confirmation.
# =================================================================================================


def _publishes_alone(
    *, category: ConcernCategory, visibility: str | None, before: Concern | None = None
) -> bool:
    """Whether saving would make public, without the chair, a concern only two people may publish.

    `before` is the concern as stored (None for a new one).
    """
    if visibility != Concern.PUBLIC:
        return False
    if before is None:
        return privacy.category_needs_two_people(category)
    if before.visibility != Concern.PUBLIC:
        # The old category counts too: re-categorising and publishing in one save is no way round.
        return privacy.needs_two_people_to_publish(before) or privacy.category_needs_two_people(category)
    # Already public (confirmed earlier): only a move into such a category needs the chair.
    return category.pk != before.category_id and privacy.category_needs_two_people(category)


def _refuse_publishing_alone() -> NoReturn:
    raise ForumError(
        _(
            "A concern in this category becomes public only when the chair confirms it. Save it as "
            "restricted, then propose it for publication from the concern's page."
        ),
        field="visibility",
    )


def pending_proposal(concern: Concern) -> VisibilityProposal | None:
    """The proposal awaiting a chair for this concern or its escalation partner (they share a visibility)."""
    partner = escalation_partner(concern)
    records = [concern.pk] + ([partner.pk] if partner else [])
    return (
        VisibilityProposal.objects.filter(concern_id__in=records, status=VisibilityProposal.PENDING)
        .select_related("proposed_by", "concern__meeting__forum")
        .first()
    )


def _save_proposal(proposal: VisibilityProposal, *, reason: str) -> None:
    proposal._change_reason = reason
    proposal.save()


def _lock_pending(proposal: VisibilityProposal) -> VisibilityProposal:
    """Re-read the proposal under a row lock so a double click cannot decide it twice."""
    locked = VisibilityProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status == VisibilityProposal.CONFIRMED:
        raise ForumError(_("This proposal was already confirmed."))
    if locked.status == VisibilityProposal.DECLINED:
        raise ForumError(_("This proposal was already declined."))
    return locked


def _name_latest_change(concern: Concern, reason: str) -> None:
    """Write why into the concern's newest history row (the save itself happened in change_visibility)."""
    latest = concern.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        type(latest).objects.filter(pk=latest.pk).update(history_change_reason=reason)


@records_history
def propose_public(*, concern: Concern, by, reason: str) -> VisibilityProposal:
    """The secretary asks the chair to make public a concern of a category restricted by default."""
    if not permissions.can_propose_public(by, concern.meeting.forum):
        raise ForumError(_("Only the forum's secretary can propose to make a concern public."))
    reason = reason.strip()
    if not reason:
        raise ForumError(
            _("Say why the concern may be public, for example: general awareness topic, no case."),
            field="reason",
        )
    with transaction.atomic():
        # Lock the concern so two clicks cannot both propose; the database also allows one pending proposal.
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if not privacy.needs_two_people_to_publish(locked):
            raise ForumError(
                _("Concerns of this category need no proposal: change their visibility on the form.")
            )
        if locked.visibility == Concern.PUBLIC:
            raise ForumError(_("This concern is already public."))
        if pending_proposal(locked) is not None:
            raise ForumError(_("A proposal to make this concern public is already waiting for the chair."))
        proposal = VisibilityProposal(concern=locked, reason=reason, proposed_by=by)
        _save_proposal(proposal, reason="proposed")
    return proposal


@records_history
def confirm_public(*, proposal: VisibilityProposal, by) -> VisibilityProposal:
    """The chair confirms: the concern, and its escalation partner, become public.

    The view has made the chair re-authenticate. Whoever proposed cannot also confirm, even
    when they hold both roles.
    """
    if not permissions.can_confirm_public(by, proposal.concern.meeting.forum):
        raise ForumError(_("Only the forum's chair can confirm that a concern becomes public."))
    if proposal.proposed_by_id == by.pk:
        raise ForumError(_("Two people must agree: whoever proposed it cannot also confirm it."))
    with transaction.atomic():
        proposal = _lock_pending(proposal)
        proposal.status = VisibilityProposal.CONFIRMED
        proposal.decided_by, proposal.decided_at = by, timezone.now()
        _save_proposal(proposal, reason="confirmed")
        concern = proposal.concern
        changing = [r for r in (concern, escalation_partner(concern)) if r is not None and r.is_restricted]
        change_visibility(concern=concern, visibility=Concern.PUBLIC, by=by)
        for record in changing:
            _name_latest_change(record, f"made public by proposal #{proposal.pk}")
    return proposal


@records_history
def decline_public(*, proposal: VisibilityProposal, by) -> VisibilityProposal:
    """The chair declines: the concern stays restricted, and the secretary may propose again later."""
    if not permissions.can_confirm_public(by, proposal.concern.meeting.forum):
        raise ForumError(_("Only the forum's chair can decline a proposal to make a concern public."))
    with transaction.atomic():
        proposal = _lock_pending(proposal)
        proposal.status = VisibilityProposal.DECLINED
        proposal.decided_by, proposal.decided_at = by, timezone.now()
        _save_proposal(proposal, reason="declined")
    return proposal


@dataclass(frozen=True)
class SensitivePublication:
    """A concern of a category restricted by default that is public, or proposed to be, at one meeting."""

    concern: Concern
    confirmed: VisibilityProposal | None  # the latest confirmed proposal of it or its escalation partner
    pending: VisibilityProposal | None


def sensitive_publications(meeting: Meeting) -> list[SensitivePublication]:
    """What the chair checks beside the minutes preview: which sensitive concerns show their text, and why."""
    concerns = [
        c
        for c in meeting.concerns.select_related("category").order_by("pk")
        if privacy.needs_two_people_to_publish(c)
    ]
    # An escalated concern's two records share one visibility: a proposal on either one counts.
    owner = {c.pk: c.pk for c in concerns}
    owner.update({c.escalated_to_id: c.pk for c in concerns if c.escalated_to_id})
    owner.update(Concern.objects.filter(escalated_to__in=concerns).values_list("pk", "escalated_to_id"))
    confirmed: dict[int, VisibilityProposal] = {}
    pending: dict[int, VisibilityProposal] = {}
    proposals = (
        VisibilityProposal.objects.filter(concern_id__in=owner)
        .exclude(status=VisibilityProposal.DECLINED)
        .select_related("proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )
    for proposal in proposals:
        found = confirmed if proposal.status == VisibilityProposal.CONFIRMED else pending
        found[owner[proposal.concern_id]] = proposal  # later ones win
    return [
        SensitivePublication(c, confirmed.get(c.pk), pending.get(c.pk))
        for c in concerns
        if not c.is_restricted or c.pk in pending
    ]


# =================================================================================================
# Minutes: draft → submitted → approved → published (→ draft again for a corrected version).
#
# Each transition checks permission (forums.permissions), saves with a change reason so the
# history (simple-history) says who did what, and refuses a wrong step with a clear message.
# Publishing queues the PDF rendering (forums.tasks) after commit; the task creates the
# immutable MinutesVersion rows of every language in one transaction, or none at all.
# =================================================================================================

logger = logging.getLogger(__name__)


def _save_minutes(minutes: Minutes, *, by, reason: str) -> None:
    # simple-history takes the user from the request; tasks and commands have none, so say it.
    minutes._history_user = by
    minutes._change_reason = reason
    minutes.save()


def _lock(minutes: Minutes) -> Minutes:
    """Re-read the minutes under a row lock so two clicks cannot both make a transition."""
    return (
        Minutes.objects.select_related("meeting__forum__municipality").select_for_update().get(pk=minutes.pk)
    )


def _meeting_actions(meeting: Meeting):
    return meeting.actions.select_related("concern", "responsible_body").order_by("due_date", "pk")


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
    actions, _hidden = privacy.split_public_actions(_meeting_actions(meeting))
    decisions = "\n".join(
        _("%(title)s — %(body)s, by %(due)s")
        % {"title": a.title, "body": a.responsible_body.name, "due": a.due_date.strftime("%d.%m.%Y")}
        for a in actions
    )
    return {"narrative": narrative, "decisions": decisions}


def restricted_text_error(minutes: Minutes) -> ForumError | None:
    """Privacy rule 5: the error naming restricted records whose text the minutes hold, if any.

    Staff write the narrative, the decisions and the agenda's discussion: all of it is published.
    """
    agenda = minutes.meeting.agenda_items.values_list("title", "discussion")
    free_text = [minutes.narrative, minutes.decisions, *(text for item in agenda for text in item)]
    found = privacy.restricted_text_in(minutes.meeting, *free_text)
    if not found:
        return None
    return ForumError(
        _(
            "The minutes hold text of %(records)s, which is restricted now. Remove it from the "
            "narrative, the decisions and the agenda before the minutes go further."
        )
        % {"records": ", ".join(record.label for record in found)}
    )


def _refuse_restricted_text(minutes: Minutes) -> None:
    error = restricted_text_error(minutes)
    if error is not None:
        raise error


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
        _save_minutes(minutes, by=by, reason="started")
        return minutes


def edit_minutes(*, minutes: Minutes, by, narrative: str, decisions: str) -> Minutes:
    """Change the text of draft minutes."""
    if not permissions.can_write_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary can edit its minutes."))
    with transaction.atomic():
        minutes = _lock(minutes)
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
        _save_minutes(minutes, by=by, reason="edited")
    return minutes


def submit_minutes(*, minutes: Minutes, by) -> Minutes:
    """Send draft minutes to the chair for approval."""
    if not permissions.can_write_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary can submit its minutes."))
    with transaction.atomic():
        minutes = _lock(minutes)
        if minutes.status != Minutes.DRAFT:
            raise ForumError(_("Only draft minutes can be submitted for approval."))
        if not (minutes.narrative.strip() or minutes.decisions.strip()):
            raise ForumError(_("Write the minutes before submitting them."), field="narrative")
        _refuse_restricted_text(minutes)
        minutes.status = Minutes.SUBMITTED
        minutes.submitted_by, minutes.submitted_at = by, timezone.now()
        minutes.return_comment = ""
        _save_minutes(minutes, by=by, reason="submitted")
    return minutes


def approve_minutes(*, minutes: Minutes, by) -> Minutes:
    """The chair approves submitted minutes."""
    if not permissions.can_approve_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's chair can approve its minutes."))
    with transaction.atomic():
        minutes = _lock(minutes)
        if minutes.status != Minutes.SUBMITTED:
            raise ForumError(_("Only minutes submitted for approval can be approved."))
        _refuse_restricted_text(minutes)
        minutes.status = Minutes.APPROVED
        minutes.approved_by, minutes.approved_at = by, timezone.now()
        _save_minutes(minutes, by=by, reason="approved")
    return minutes


def return_minutes(*, minutes: Minutes, by, comment: str) -> Minutes:
    """The chair sends submitted minutes back to the secretary with a comment."""
    if not permissions.can_approve_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's chair can return minutes."))
    if not comment.strip():
        raise ForumError(_("Say what should change before returning the minutes."), field="comment")
    with transaction.atomic():
        minutes = _lock(minutes)
        if minutes.status != Minutes.SUBMITTED:
            raise ForumError(_("Only minutes submitted for approval can be returned."))
        minutes.status = Minutes.DRAFT
        minutes.return_comment = comment.strip()
        _save_minutes(minutes, by=by, reason="returned")
    return minutes


def next_version_number(minutes: Minutes) -> int:
    return (minutes.versions.aggregate(last=Max("number"))["last"] or 0) + 1


def _queue_rendering(minutes: Minutes, *, by) -> int:
    from forums.tasks import render_minutes_pdf

    number = next_version_number(minutes)
    minutes.render_state, minutes.render_error = Minutes.RENDER_QUEUED, ""
    _save_minutes(minutes, by=by, reason=f"publishing version {number}")
    by_pk = getattr(by, "pk", None)
    transaction.on_commit(lambda: send_rendering(render_minutes_pdf, minutes.pk, number, by_pk))
    return number


def send_rendering(task, minutes_pk: int, number: int, by_pk: int | None) -> bool:
    """Hand the rendering to the broker; when it is unreachable the minutes stay queued.

    The publication is already committed: failing the request would hide that from the secretary.
    forums.tasks.requeue_stalled_renders sends it again once the broker is back.
    """
    from kombu.exceptions import OperationalError

    try:
        # Nobody waits for the result: with a result backend configured, asking for one would also
        # subscribe to it, which hangs for 20 s when Redis is down instead of failing at once.
        task.apply_async((minutes_pk, number, by_pk), ignore_result=True)
    except OperationalError:
        # Only the id: the message of a broker error can carry connection details.
        logger.warning("Broker unreachable: rendering of minutes %s stays queued", minutes_pk)
        return False
    return True


def publish_minutes(*, minutes: Minutes, by) -> int:
    """Queue the rendering of approved minutes as the next version; returns its number.

    The minutes become `published` only when the task has stored every language's PDF.
    """
    if not permissions.can_publish_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary or chair can publish its minutes."))
    with transaction.atomic():
        minutes = _lock(minutes)
        if minutes.status == Minutes.PUBLISHED:
            raise ForumError(_("These minutes are already published."))
        if minutes.status != Minutes.APPROVED:
            raise ForumError(_("Only minutes approved by the chair can be published."))
        if minutes.render_state == Minutes.RENDER_QUEUED:
            raise ForumError(_("These minutes are already being published."))
        _refuse_restricted_text(minutes)
        return _queue_rendering(minutes, by=by)


def retry_rendering(*, minutes: Minutes, by) -> int:
    """Queue the rendering again after it failed."""
    if not permissions.can_publish_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary or chair can publish its minutes."))
    with transaction.atomic():
        minutes = _lock(minutes)
        if minutes.status != Minutes.APPROVED or minutes.render_state != Minutes.RENDER_FAILED:
            raise ForumError(_("Only a failed publication can be retried."))
        _refuse_restricted_text(minutes)
        return _queue_rendering(minutes, by=by)


def reopen_for_correction(*, minutes: Minutes, by) -> Minutes:
    """Take published minutes back to draft; once approved again they publish as the next version."""
    if not permissions.can_publish_minutes(by, minutes.meeting.forum):
        raise ForumError(_("Only the forum's secretary or chair can reopen its minutes."))
    with transaction.atomic():
        minutes = _lock(minutes)
        if minutes.status != Minutes.PUBLISHED:
            raise ForumError(_("Only published minutes can be reopened for correction."))
        minutes.status = Minutes.DRAFT
        minutes.submitted_by = minutes.submitted_at = None
        minutes.approved_by = minutes.approved_at = None
        minutes.return_comment = ""
        _save_minutes(minutes, by=by, reason="reopened for correction")
    return minutes


# --- What the minutes say (shared by the PDF, the public page and the staff preview) -------------


@dataclass
class AttendanceGroup:
    institution: str
    members: list[tuple[str, str]]  # (name, role)


def minutes_languages(minutes: Minutes) -> list[str]:
    """The municipality's document languages that the site knows, Albanian when none is valid."""
    known = {code for code, _name in settings.LANGUAGES}
    codes = [code for code in minutes.meeting.forum.municipality.language_codes if code in known]
    return codes or [settings.LANGUAGE_CODE]


def minutes_context(
    minutes: Minutes, *, version_number: int | None = None, published_at=None, language: str = ""
) -> dict:
    """Everything the minutes show, safe for the public: restricted records only as counts.

    What may be shown is decided by forums.privacy. Call inside `translation.override(language)`:
    labels and names are resolved here.
    """
    from actions.models import Action
    from actions.services import follow_up_actions

    meeting = minutes.meeting
    forum = meeting.forum
    members = list(meeting.members_present.select_related("user").order_by("institution", "role"))
    groups: dict[str, AttendanceGroup] = {}
    for membership in members:
        label = str(membership.get_institution_display())
        groups.setdefault(label, AttendanceGroup(label, [])).members.append(
            (display_name(membership.user), str(membership.get_role_display()))
        )

    concerns = list(
        meeting.concerns.select_related(
            "category", "escalated_to__meeting__forum", "escalated_from__meeting__forum"
        ).order_by("pk")
    )
    public_concerns = [c for c in concerns if privacy.concern_is_public(c)]
    restricted_counts: dict[str, int] = {}
    for concern in concerns:
        if not privacy.concern_is_public(concern):
            name = concern.category.name
            restricted_counts[name] = restricted_counts.get(name, 0) + 1

    new_actions, new_hidden = privacy.split_public_actions(_meeting_actions(meeting))
    # Earlier actions with their status when this meeting took place (read from the change history),
    # so a later correction of the minutes does not rewrite what the meeting heard.
    status_labels = dict(Action.STATUS_CHOICES)
    reviewed = []
    for action, status in follow_up_actions(meeting):
        action.status_at_meeting = str(status_labels.get(status, status))
        reviewed.append(action)
    follow_up, follow_up_hidden = privacy.split_public_actions(reviewed)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "forum": forum,
        "municipality": forum.municipality,
        "language": language,
        "starts_at": timezone.localtime(meeting.starts_at),
        "attendance": list(groups.values()),
        "members_count": len(members),
        "quorum_met": meeting.quorum_met(len(members)),
        "agenda": list(meeting.agenda_items.order_by("position", "pk")),
        "public_concerns": public_concerns,
        "restricted_counts": [
            (name, privacy.shown_count(count, restricted=count))
            for name, count in sorted(restricted_counts.items())
        ],
        "new_actions": new_actions,
        "new_actions_hidden": privacy.shown_count(new_hidden, restricted=new_hidden),
        "follow_up": follow_up,
        "follow_up_hidden": privacy.shown_count(follow_up_hidden, restricted=follow_up_hidden),
        "approved_by": display_name(minutes.approved_by) if minutes.approved_by else "",
        "approved_at": minutes.approved_at,
        "version_number": version_number,
        "published_at": published_at,
    }


def render_minutes_html(context: dict) -> str:
    """The minutes as an HTML fragment: stored in the version and shown on the public page."""
    return render_to_string("pdf/minutes_body.html", context)


def render_minutes_pdf_bytes(context: dict, body: str) -> bytes:
    from forums.pdf import html_to_pdf

    return html_to_pdf(render_to_string("pdf/minutes.html", {**context, "body": body}))


def pdf_file_name(minutes: Minutes, number: int, language: str) -> str:
    """A readable download name: minutes-<forum>-<meeting number>-v<n>-<lang>.pdf."""
    return f"minutes-{minutes.meeting.forum.slug}-{minutes.meeting.number}-v{number}-{language}.pdf"


def render_minutes_version(*, minutes_pk: int, version_number: int, by_pk: int | None = None) -> bool:
    """Render and store version `version_number` in every language; False when there is nothing to do.

    Idempotent: a retried or duplicated task finds the version and stops. Rendering happens
    before the transaction; the rows appear all together or not at all.
    """
    from django.contrib.auth import get_user_model

    minutes = Minutes.objects.select_related("meeting__forum__municipality", "approved_by").get(pk=minutes_pk)
    if minutes.versions.filter(number=version_number).exists() or minutes.status != Minutes.APPROVED:
        return False
    if restricted_text_error(minutes) is not None:
        # A record became restricted between publishing and rendering: nothing goes out.
        send_back_for_privacy(minutes_pk=minutes_pk, by=None)
        return False
    published_at = timezone.now()
    rendered = []
    for language in minutes_languages(minutes):
        with translation.override(language):
            context = minutes_context(
                minutes, version_number=version_number, published_at=published_at, language=language
            )
            body = render_minutes_html(context)
            pdf = render_minutes_pdf_bytes(context, body)
        rendered.append((language, body, pdf))
    by = get_user_model().objects.filter(pk=by_pk).first() if by_pk else None
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes_pk)
        if locked.versions.filter(number=version_number).exists() or locked.status != Minutes.APPROVED:
            return False
        for language, body, pdf in rendered:
            version = MinutesVersion(
                minutes=locked,
                number=version_number,
                language=language,
                html=body,
                text=plain_text(body),
                sha256=hashlib.sha256(pdf).hexdigest(),
                published_at=published_at,
                published_by=by,
            )
            version.pdf.save(pdf_file_name(locked, version_number, language), ContentFile(pdf), save=False)
            version.save()
        locked.status = Minutes.PUBLISHED
        locked.render_state, locked.render_error = Minutes.RENDER_IDLE, ""
        _save_minutes(locked, by=by, reason=f"published version {version_number}")
    return True


def mark_rendering_failed(*, minutes_pk: int, error: str) -> None:
    """Record that rendering gave up, so the secretary sees it and can retry."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes_pk)
        if minutes.status != Minutes.APPROVED:
            return
        minutes.render_state, minutes.render_error = Minutes.RENDER_FAILED, error[:500]
        _save_minutes(minutes, by=None, reason="rendering failed")


# --- Withdrawal: restricting a record takes it off every published version (privacy rule 6) -------


@records_history
def withdraw_minutes_showing(*, meetings: Iterable[Meeting], texts: Iterable[str], by) -> list[Minutes]:
    """Withdraw the published versions that showed a record now restricted; answer the minutes touched.

    Every version of the minutes of `meetings` (where the record was listed) is withdrawn, and every
    version of later minutes of the same forums whose words hold one of `texts` (a follow-up section
    lists earlier actions by title). A version number is withdrawn in all its languages at once.
    Minutes left without a public version are published again without the record when their text
    allows it, or sent back to the secretary with a note naming what to remove.
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
        for minutes_id, number in sorted(to_withdraw):
            MinutesVersion.objects.filter(minutes_id=minutes_id, number=number).update(withdrawn_at=now)
        for minutes_id in sorted({minutes_id for minutes_id, _number in to_withdraw}):
            minutes = _lock(Minutes(pk=minutes_id))
            touched.append(minutes)
            newest = minutes.versions.order_by("-number").first()
            if newest.is_withdrawn:
                _republish(minutes, by=by)
    if touched:
        logger.info("Withdrew %d minutes version(s) to protect privacy", len(to_withdraw))
    return touched


def _republish(minutes: Minutes, *, by) -> None:
    """Minutes whose current version was withdrawn: render them anew, or send them back to the secretary."""
    if minutes.status != Minutes.PUBLISHED:
        return  # already being corrected: every later step checks the text again
    if restricted_text_error(minutes) is not None:
        send_back_for_privacy(minutes_pk=minutes.pk, by=by)
        return
    # The chair approved this text; the new version differs only by what is now restricted.
    minutes.status = Minutes.APPROVED
    _queue_rendering(minutes, by=by)


def send_back_for_privacy(*, minutes_pk: int, by) -> None:
    """Return minutes to draft because their text holds a restricted record; the note names it."""
    with transaction.atomic():
        minutes = _lock(Minutes(pk=minutes_pk))
        error = restricted_text_error(minutes)
        minutes.status = Minutes.DRAFT
        minutes.render_state, minutes.render_error = Minutes.RENDER_IDLE, ""
        minutes.submitted_by = minutes.submitted_at = None
        minutes.approved_by = minutes.approved_at = None
        minutes.return_comment = error.message if error else ""
        _save_minutes(minutes, by=by, reason="sent back: text of a restricted record")
