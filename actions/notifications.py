"""Who is told what about actions, and the record that keeps every notice to one sending.

A notice is recorded and sent inside one transaction: if two workers run the same beat tick,
the unique constraint lets only one of them record (PostgreSQL makes the second wait, then fail),
and a failed send rolls the record back so that a retry sends it again.
"""

import datetime
import logging

from django.db import IntegrityError
from django.db import transaction
from django.db.models import QuerySet

from actions import permissions
from actions.models import Action
from actions.models import Notification
from forum_site.lib.emails import send_templated_email
from forum_site.lib.links import absolute_url
from forums.models import Forum
from forums.models import Membership
from forums.models import email_language

logger = logging.getLogger(__name__)


def notify_once(
    *, kind: str, recipient, key: str, action: Action | None, forum: Forum, context: dict
) -> bool:
    """Send the notice unless it was already sent; answer whether it was sent now."""
    if not recipient.email or not recipient.is_active:
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(kind=kind, recipient=recipient, action=action, key=key)
            send_templated_email(
                name=f"action_{kind}",
                to=recipient,
                language=email_language(recipient, forum),
                context=context,
            )
    except IntegrityError:
        return False
    logger.info("notice sent", extra={"kind": kind, "recipient_id": recipient.pk, "key": key})
    return True


def _action_context(action: Action) -> dict:
    """What a notice about one action may say.

    Never the text of the concern it answers; of a restricted action, only its forum, category,
    due date and a link (privacy rule 7): e-mail leaves the site, whoever receives it.
    """
    return {
        "action": action,
        "restricted": action.is_restricted,
        "category": action.concern.category if action.concern_id else None,
        "forum": action.meeting.forum,
        "url": absolute_url(action.get_absolute_url()),
    }


def _active_actions() -> QuerySet[Action]:
    return Action.objects.filter(status__in=Action.ACTIVE_STATUSES, assignee__isnull=False).select_related(
        "assignee", "responsible_body", "meeting__forum__municipality", "concern__category"
    )


def notify_assignment(action: Action) -> bool:
    """Tell the assignee an action is theirs (once per assignee)."""
    if action.assignee is None or not permissions.can_view_action(action.assignee, action):
        return False
    return notify_once(
        kind=Notification.ASSIGNED,
        recipient=action.assignee,
        key=str(action.assignee_id),
        action=action,
        forum=action.meeting.forum,
        context=_action_context(action),
    )


def _notify_assignees(actions: QuerySet[Action], *, kind: str, extra: dict | None = None) -> int:
    """One notice per action and due date to its assignee; answer how many were sent now."""
    sent = 0
    for action in actions:
        if not permissions.can_view_action(action.assignee, action):
            continue  # e.g. their membership ended: the action is the secretary's to hand on
        sent += notify_once(
            kind=kind,
            recipient=action.assignee,
            key=action.due_date.isoformat(),
            action=action,
            forum=action.meeting.forum,
            context={**_action_context(action), **(extra or {})},
        )
    return sent


def send_due_reminders(*, today: datetime.date, days_before: int) -> int:
    """Remind assignees of actions due in `days_before` days; one reminder per due date."""
    due = _active_actions().filter(due_date=today + datetime.timedelta(days=days_before))
    return _notify_assignees(due, kind=Notification.DUE_SOON, extra={"days_left": days_before})


def send_overdue_notices(*, today: datetime.date) -> int:
    """Tell assignees once that their action passed its due date."""
    return _notify_assignees(_active_actions().filter(due_date__lt=today), kind=Notification.OVERDUE)


def send_weekly_digests(*, today: datetime.date) -> int:
    """Send each forum's secretaries and chairs the list of its overdue actions, once a week."""
    year, week, _ = today.isocalendar()
    overdue = (
        Action.objects.filter(
            status__in=Action.ACTIVE_STATUSES, due_date__lt=today, meeting__forum__active=True
        )
        .select_related("responsible_body", "assignee", "meeting__forum__municipality", "concern__category")
        .order_by("meeting__forum_id", "due_date")
    )
    by_forum: dict[Forum, list[Action]] = {}
    for action in overdue:
        by_forum.setdefault(action.meeting.forum, []).append(action)
    sent = 0
    for forum, actions in by_forum.items():
        overseers = Membership.objects.filter(
            forum=forum, active=True, role__in=permissions.OVERSEER_ROLES
        ).select_related("user")
        for membership in overseers:
            sent += notify_once(
                kind=Notification.DIGEST,
                recipient=membership.user,
                key=f"{forum.pk}:{year}-W{week:02d}",
                action=None,
                forum=forum,
                context={
                    "forum": forum,
                    "actions": actions,
                    "today": today,
                    "url": absolute_url(forum.get_absolute_url()),
                },
            )
    return sent
