"""Assigning follow-up actions and recording their progress."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Case
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from actions import permissions
from actions import tasks
from actions.models import Action
from actions.models import ActionUpdate
from actions.models import ResponsibleBody
from forums import privacy
from forums.audit import records_history
from forums.errors import ForumError
from forums.minutes.services import withdraw_minutes_showing
from forums.models import Concern
from forums.models import Meeting
from forums.models import Membership
from forums.permissions import can_manage_forum


def check_assignment(
    *,
    meeting: Meeting,
    responsible_body: ResponsibleBody,
    assignee,
    due_date: date,
    concern: Concern | None = None,
    marked_restricted: bool = False,
) -> None:
    """Raise ForumError unless the body, assignee and due date fit the meeting's forum.

    A restricted action (by its concern, its body or the secretary's mark) goes only to someone
    who may read restricted text in the forum: a chair, secretary or police liaison officer. A police
    unit's action goes to a police member of the forum, a municipal directorate's to a municipal one.
    """
    forum = meeting.forum
    if responsible_body.municipality_id != forum.municipality_id:
        raise ForumError(
            _("Choose a body of %(municipality)s.") % {"municipality": forum.municipality.name},
            field="responsible_body",
        )
    if assignee is not None:
        restricted = _would_be_restricted(concern, responsible_body, marked_restricted)
        _check_assignee(forum_id=forum.pk, assignee=assignee, restricted=restricted)
        _check_assignee_institution(forum_id=forum.pk, assignee=assignee, responsible_body=responsible_body)
    if due_date < timezone.localtime(meeting.starts_at).date():
        raise ForumError(_("The due date cannot be before the meeting."), field="due_date")


def _check_assignee(*, forum_id: int, assignee, restricted: bool) -> None:
    if not Membership.objects.filter(forum_id=forum_id, user=assignee, active=True).exists():
        raise ForumError(_("The assignee must be a member of this forum."), field="assignee")
    if restricted and not permissions.can_take_restricted_actions(assignee, forum_id):
        raise ForumError(
            _(
                "This action is restricted: only the forum's chair, secretary or police liaison "
                "officer (who log in with two factors) can be assigned it."
            ),
            field="assignee",
        )


def _check_assignee_institution(*, forum_id: int, assignee, responsible_body: ResponsibleBody) -> None:
    """A police unit's action is held by a police member of the forum, a directorate's by a municipal one."""
    institution = responsible_body.member_institution
    if not institution:
        return
    memberships = Membership.objects.filter(forum_id=forum_id, user=assignee, active=True)
    if memberships.filter(institution=institution).exists():
        return
    if responsible_body.is_police:
        message = _("%(body)s is a police unit: choose a member of this forum from Kosovo Police.")
    else:
        message = _(
            "%(body)s is a municipal directorate: choose a member of this forum from the municipality."
        )
    raise ForumError(message % {"body": responsible_body.name}, field="assignee")


def _would_be_restricted(concern: Concern | None, responsible_body: ResponsibleBody, marked: bool) -> bool:
    # An unsaved action with the proposed values: the rule itself lives in forums.privacy.
    return Action(concern=concern, responsible_body=responsible_body, marked_restricted=marked).is_restricted


@records_history
def assign_action(
    *,
    meeting: Meeting,
    by,
    title: str,
    responsible_body: ResponsibleBody,
    due_date: date,
    concern: Concern | None = None,
    description: str = "",
    assignee=None,
    priority: str = Action.NORMAL,
    marked_restricted: bool = False,
) -> Action:
    """Create an action decided at a meeting, answering a concern or a decision."""
    if not can_manage_forum(by, meeting.forum):
        raise ForumError(_("Only the forum's secretary can assign actions."))
    if concern is not None and concern.meeting.forum_id != meeting.forum_id:
        raise ForumError(_("The concern belongs to another forum."), field="concern")
    check_assignment(
        meeting=meeting,
        responsible_body=responsible_body,
        assignee=assignee,
        due_date=due_date,
        concern=concern,
        marked_restricted=marked_restricted,
    )
    with transaction.atomic():
        action = Action.objects.create(
            meeting=meeting,
            concern=concern,
            title=title,
            description=description,
            responsible_body=responsible_body,
            assignee=assignee,
            due_date=due_date,
            priority=priority,
            marked_restricted=marked_restricted,
            created_by=by,
        )
        if concern is not None and concern.status == Concern.OPEN:
            concern.status = Concern.IN_PROGRESS
            concern.save(update_fields=["status"])
        _notify_assignee_on_commit(action)
    return action


def _notify_assignee_on_commit(action: Action) -> None:
    if action.assignee_id:
        transaction.on_commit(lambda: tasks.notify_assignment.delay(action.pk))


def _check_text(*, title: str, description: str, priority: str) -> None:
    """What the assign form checks of an action's text, for a correction: nothing is cut to fit."""
    if not title.strip():
        raise ForumError(_("Give the action a title."), field="title")
    limit = Action._meta.get_field("title").max_length
    if len(title) > limit:
        raise ForumError(
            _("The title has %(count)d characters: the limit is %(limit)d.")
            % {"count": len(title), "limit": limit},
            field="title",
        )
    if priority not in dict(Action.PRIORITY_CHOICES):
        raise ForumError(_("Unknown priority."), field="priority")


@records_history
def reassign_action(
    *,
    action: Action,
    by,
    responsible_body: ResponsibleBody,
    assignee,
    due_date: date,
    marked_restricted: bool | None = None,
    title: str | None = None,
    description: str | None = None,
    priority: str | None = None,
) -> Action:
    """Hand an action to another body or person, move its due date, correct its title, description
    or priority, or (secretary) mark it restricted. What is not given (None) stays as it is.

    Published minutes versions never change (privacy rule 3): text corrected after publication reaches
    them when the minutes are reopened for correction, as for a concern. Restricting the action
    withdraws every version that showed any text it ever had (withdraw_published_text_of).
    """
    if not permissions.can_reassign_action(by, action):
        raise ForumError(_("You cannot reassign this action."))
    manager = permissions.can_manage_action(by, action)
    if not manager and not responsible_body.is_police:
        raise ForumError(
            _("Police liaison officers can reassign only among police units."), field="responsible_body"
        )
    if marked_restricted is None:
        marked_restricted = action.marked_restricted
    if marked_restricted != action.marked_restricted and not manager:
        raise ForumError(_("Only the forum's secretary marks actions restricted."), field="marked_restricted")
    text = {
        "title": action.title if title is None else title,
        "description": action.description if description is None else description,
        "priority": action.priority if priority is None else priority,
    }
    _check_text(**text)
    check_assignment(
        meeting=action.meeting,
        responsible_body=responsible_body,
        assignee=assignee,
        due_date=due_date,
        concern=action.concern,
        marked_restricted=marked_restricted,
    )
    with transaction.atomic():
        was_restricted = action.is_restricted
        assignee_changed = action.assignee_id != (assignee.pk if assignee else None)
        for name, value in text.items():
            setattr(action, name, value)
        action.responsible_body = responsible_body
        action.assignee = assignee
        action.due_date = due_date
        action.marked_restricted = marked_restricted
        action.save()
        if action.is_restricted and not was_restricted:
            withdraw_published_text_of(actions=[action], by=by)
        if assignee_changed:
            _notify_assignee_on_commit(action)
    return action


def withdraw_published_text_of(*, actions: Iterable[Action], by) -> None:
    """Actions just restricted: withdraw the minutes versions that published them (privacy rule 6).

    A follow-up section of later minutes names an action by the title it had then, so every title
    and description an action ever had is looked for, as its change history holds them.
    """
    actions = list(actions)
    if not actions:
        return
    held = privacy.texts_ever_held(
        Action.objects.filter(pk__in=[action.pk for action in actions]), "title", "description"
    )
    texts = {text for _pk, *pair in held for text in pair}
    withdraw_minutes_showing(
        meetings=list({action.meeting_id: action.meeting for action in actions}.values()),
        texts=sorted(texts),
        by=by,
    )


@records_history
def mark_body_sensitive(*, body: ResponsibleBody, by) -> ResponsibleBody:
    """Flag a body as handling sensitive cases: its actions become restricted, and leave public minutes."""
    with transaction.atomic():
        if not body.handles_sensitive_cases:
            body.handles_sensitive_cases = True
            body.save(update_fields=["handles_sensitive_cases"])
            withdraw_published_text_of(actions=body.actions.select_related("meeting"), by=by)
    return body


def release_former_member_actions(*, user_id: int, forum_id: int) -> int:
    """Send the open actions of someone no longer a member of a forum back to its secretary's queue.

    Called whenever a membership ends (see actions.signals); answer how many actions were released.
    No `by`: the change history names whoever is ending the membership (the admin's request).
    """
    if Membership.objects.filter(user_id=user_id, forum_id=forum_id, active=True).exists():
        return 0
    released = 0
    with transaction.atomic():
        actions = Action.objects.select_for_update().filter(
            assignee_id=user_id, meeting__forum_id=forum_id, status__in=Action.ACTIVE_STATUSES
        )
        for action in actions:
            action.assignee = None
            action._change_reason = "assignee's membership ended"
            action.save()
            released += 1
    return released


@records_history
def post_update(
    *, action: Action, by, note: str, new_status: str = "", is_public: bool = False
) -> ActionUpdate:
    """Record progress on an action, optionally changing its status."""
    if not permissions.can_update_action(by, action):
        raise ForumError(_("You cannot post updates on this action."))
    if new_status and new_status not in dict(Action.STATUS_CHOICES):
        raise ForumError(_("Unknown status."), field="new_status")
    reopening = action.status not in Action.ACTIVE_STATUSES and new_status in Action.ACTIVE_STATUSES
    if reopening and not note.strip():
        # The history must say why finished work was taken up again.
        raise ForumError(_("Say why the action is reopened."), field="note")
    if is_public and action.is_restricted:
        # Privacy rule 3: the updates of a restricted action never reach a public page.
        raise ForumError(_("This action is restricted, so its updates stay internal."), field="is_public")
    with transaction.atomic():
        old_status = action.status
        if new_status and new_status != old_status:
            action.status = new_status
            action.completed_at = timezone.now() if new_status == Action.DONE else None
            action.save()
        return ActionUpdate.objects.create(
            action=action,
            author=by,
            note=note,
            old_status=old_status if new_status and new_status != old_status else "",
            new_status=new_status if new_status != old_status else "",
            is_public=is_public,
        )


def follow_up_queryset(meeting: Meeting, actions: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """Earlier actions of the forum to review at this meeting, annotated with `status_then`, their
    status at that time (read from the change history by the database).

    Those still open when the meeting starts, and those finished since the previous meeting, so the
    minutes say what was done in between. For a meeting still ahead, "that time" is now. `actions`
    narrows the candidates (to what a user may see).

    A forum's history holds thousands of actions, so the change history is read only where it can
    matter: an action not saved since the previous meeting (`updated_at`, indexed, moves with every
    save) has the status it had then, and qualifies exactly when that status is open.
    """
    moment = min(meeting.starts_at, timezone.now())
    previous_start = meeting.previous_start
    settled = Q(updated_at__lt=previous_start or moment)
    history = Action.history.model.objects.filter(id=OuterRef("pk"))
    until_then = history.filter(history_date__lte=moment)
    latest_first = ("-history_date", "-history_id")
    from_history = Coalesce(Subquery(until_then.order_by(*latest_first).values("status")[:1]), F("status"))
    earlier = (
        (actions if actions is not None else Action.objects.all())
        .filter(meeting__forum_id=meeting.forum_id, meeting__starts_at__lt=meeting.starts_at)
        .exclude(meeting=meeting)
        .filter(Q(status__in=Action.ACTIVE_STATUSES) | ~settled)
        .annotate(status_then=Case(When(settled, then=F("status")), default=from_history))
    )
    still_active = Q(status_then__in=Action.ACTIVE_STATUSES)
    if previous_start is None:
        return earlier.filter(still_active)
    # Finished since the previous meeting: its status then differs from the one before that meeting,
    # or went away and came back in between (done, reopened, done again).
    before_previous = (
        history.filter(history_date__lt=previous_start).order_by(*latest_first).values("status")[:1]
    )
    changed_between = until_then.filter(history_date__gte=previous_start).exclude(
        status=OuterRef("status_then")
    )
    finished_since = Exists(until_then) & (
        Q(status_before__isnull=True) | ~Q(status_before=F("status_then")) | Exists(changed_between)
    )
    return earlier.annotate(status_before=Subquery(before_previous)).filter(
        (settled & Q(status__in=Action.ACTIVE_STATUSES)) | (~settled & (still_active | finished_since))
    )


def follow_up_actions(meeting: Meeting) -> list[tuple[Action, str]]:
    """Every earlier action to review at this meeting with its status then, by due date (the minutes)."""
    rows = follow_up_queryset(meeting).select_related(
        "responsible_body", "assignee", "meeting", "concern__category"
    )
    return [(action, action.status_then) for action in rows.order_by("due_date", "pk")]
