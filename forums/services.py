"""Recording a forum's work: meetings, agenda, attendance and concerns.

Each service takes keyword arguments and the acting user, checks permission, runs in a
transaction and raises ForumError with a translated message when a rule is broken.
The change history (who, when, what) is written by django-simple-history.
"""

import uuid
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import permissions
from forums import privacy
from forums import signals
from forums import visibility as visibility_rules
from forums.audit import records_history
from forums.errors import ForumError
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import add_months
from forums.models import meeting_day_error
from forums.models import series_end_error


def _require_manager(user, forum: Forum) -> None:
    if not permissions.can_manage_forum(user, forum):
        raise ForumError(_("Only the forum's secretary can record its meetings."))


def _refuse_unknown_fields(changes: dict, allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ForumError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))


@records_history
def schedule_meeting(
    *,
    forum: Forum,
    by,
    starts_at: datetime,
    location: str,
    is_public: bool = True,
    repeat_monthly: int = 1,
    **place,
) -> list[Meeting]:
    """Schedule a meeting, or a monthly series of `repeat_monthly` meetings editable one by one.

    `place` takes the address and access notes (`Meeting.PLACE_FIELDS`), which every meeting of a series shares.
    """
    _require_manager(by, forum)
    _refuse_unknown_fields(place, set(Meeting.PLACE_FIELDS))
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
        meetings = [
            Meeting.objects.create(
                forum=forum,
                number=last + offset + 1,
                starts_at=add_months(starts_at, offset),
                location=location,
                is_public=is_public,
                series=series,
                **place,
            )
            for offset in range(repeat_monthly)
        ]
        signals.send_on_commit(signals.meeting_scheduled, meeting_ids=[meeting.pk for meeting in meetings])
        return meetings


@records_history
def update_meeting(*, meeting: Meeting, by, **changes) -> Meeting:
    """Change a meeting's time, place, access notes, publicity or status."""
    _require_manager(by, meeting.forum)
    _refuse_unknown_fields(changes, {"starts_at", "location", "is_public", "status", *Meeting.PLACE_FIELDS})
    if "starts_at" in changes and (error := meeting_day_error(changes["starts_at"])):
        raise ForumError(error, field="starts_at")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(meeting, name, value)
        meeting.save()
    return meeting


def _refuse_restricted_agenda_text(
    meeting: Meeting, titles: Sequence[str], *, field: str | None = None
) -> None:
    """Privacy rule 8: a public agenda never holds the words of a restricted record; name the record."""
    found = privacy.restricted_text_in_agenda(meeting, *titles)
    if found:
        raise ForumError(
            _(
                "The agenda would show text of %(records)s, which is restricted. Take those words out "
                "of the item titles: a published agenda is public."
            )
            % {"records": ", ".join(record.label for record in found)},
            field=field,
        )


def _published_agenda_changed(meeting: Meeting) -> None:
    """Move the meeting's `updated_at` when its public agenda changed: open-data clients sync by it.

    An update, not a save: the agenda item's own history records the change.
    """
    if meeting.agenda_is_published:
        Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now())


@records_history
def publish_agenda(*, meeting: Meeting, by) -> Meeting:
    """Put the agenda's item titles before citizens, on the meeting's page and in its calendar event.

    A person publishes it, not the clock at AGENDA_NOTICE_DAYS: an agenda still being written would
    go out half done, and a refusal for a restricted record's words must reach someone who can take
    them out, not a log at night. The deadline is shown to the secretary and promised to citizens.
    """
    _require_manager(by, meeting.forum)
    if not meeting.is_public:
        raise ForumError(_("A closed meeting's agenda is never published."))
    if meeting.status == Meeting.CANCELLED:
        raise ForumError(_("The meeting is cancelled: there is no agenda to publish."))
    with transaction.atomic():
        # Under a row lock: two clicks must not both publish, each with its own time.
        if (
            Meeting.objects.select_for_update()
            .filter(pk=meeting.pk, agenda_published_at__isnull=False)
            .exists()
        ):
            raise ForumError(_("The agenda is already published."))
        titles = list(meeting.agenda_items.values_list("title", flat=True))
        if not titles:
            raise ForumError(_("Add at least one item before publishing the agenda."))
        _refuse_restricted_agenda_text(meeting, titles)
        meeting.agenda_published_at = timezone.now()
        meeting.save(update_fields=["agenda_published_at"])
        signals.send_on_commit(signals.agenda_published, meeting_id=meeting.pk)
    return meeting


@records_history
def record_meeting_outcome(*, meeting: Meeting, by, status: str) -> Meeting:
    """Mark a planned meeting held (once it has started) or cancelled: the secretary's one click."""
    _require_manager(by, meeting.forum)
    if status not in (Meeting.HELD, Meeting.CANCELLED):
        raise ForumError(_("Choose whether the meeting was held or cancelled."), field="status")
    with transaction.atomic():
        current = Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
        if current != Meeting.PLANNED:
            # A second click, or another tab: the meeting's status is already decided.
            raise ForumError(
                _("This meeting is already marked %(status)s.")
                % {"status": dict(Meeting.STATUS_CHOICES)[current].lower()}
            )
        if status == Meeting.HELD and meeting.starts_at > timezone.now():
            raise ForumError(_("A meeting can be marked held only once it has started."), field="status")
        meeting.status = status
        meeting.save()
    return meeting


@records_history
def add_agenda_item(*, meeting: Meeting, by, title: str, discussion: str = "") -> AgendaItem:
    """Append an item to the agenda; once the agenda is published, its title is public at once."""
    _require_manager(by, meeting.forum)
    if meeting.agenda_is_published:
        _refuse_restricted_agenda_text(meeting, [title], field="title")
    with transaction.atomic():
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
        _published_agenda_changed(meeting)
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
    if item.meeting.agenda_is_published:
        _refuse_restricted_agenda_text(item.meeting, [title], field="title")
    with transaction.atomic():
        if item.title != title:
            _published_agenda_changed(item.meeting)
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
        _published_agenda_changed(meeting)


@records_history
def reorder_agenda(*, meeting: Meeting, by, item_ids: Sequence[int]) -> None:
    """Put the agenda in the given order; the ids must be exactly this meeting's items."""
    _require_manager(by, meeting.forum)
    with transaction.atomic():
        items = {item.pk: item for item in meeting.agenda_items.select_for_update()}
        if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(items):
            raise ForumError(_("The new order must list each item of this agenda exactly once."))
        _renumber(items[pk] for pk in item_ids)
        _published_agenda_changed(meeting)


@records_history
def move_agenda_item(*, item: AgendaItem, by, offset: int) -> None:
    """Move an item up (-1) or down (+1): the no-JavaScript way to reorder."""
    with transaction.atomic():
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
    visibility_rules.refuse_publishing_alone(category=category, visibility=visibility)
    with transaction.atomic():
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
    visibility_rules.refuse_publishing_alone(
        category=changes.get("category", concern.category), visibility=visibility, before=concern
    )
    with transaction.atomic():
        for name, value in changes.items():
            setattr(concern, name, value)
        concern.save()
        visibility_rules.change_visibility(concern=concern, visibility=visibility, by=by)
    return concern


@records_history
def close_concern(*, concern: Concern, by, reason: str, referred_to: str = "") -> Concern:
    """Close a concern with the honest reason citizens will see."""
    if not permissions.can_close_concern(by, concern):
        raise ForumError(_("Only the forum's secretary or police liaison can close concerns."))
    if reason not in dict(Concern.CLOSING_REASON_CHOICES):
        raise ForumError(_("Choose why the concern is closed."), field="closing_reason")
    if reason == Concern.REFERRED and not referred_to.strip():
        raise ForumError(_("Say which body the concern was referred to."), field="referred_to")
    with transaction.atomic():
        # Under a row lock: two clicks must not both close it, each with its own reason.
        status = Concern.objects.select_for_update().values_list("status", flat=True).get(pk=concern.pk)
        if status == Concern.CLOSED:
            # Closing again would overwrite the reason and date citizens were already shown.
            raise ForumError(_("This concern is already closed."))
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
    with transaction.atomic():
        concern.status = Concern.IN_PROGRESS if concern.actions.exists() else Concern.OPEN
        concern.closing_reason, concern.referred_to, concern.closed_at = "", "", None
        concern.save()
    return concern
