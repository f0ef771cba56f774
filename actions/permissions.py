"""Who may see, update and (re)assign actions, and who may read their text.

Built on the forum roles in forums.permissions. An assignment gives rights only while its assignee
holds an active membership in the action's forum: a former member keeps nothing. A restricted
action's text (title, description, update notes) is read only by the two-factor roles of its
forum; anyone else still assigned to it sees its category, due date and status.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from actions.models import Action
from actions.models import ResponsibleBody
from forums.models import Membership
from forums.permissions import ANY_ROLE
from forums.permissions import RESTRICTED_VIEWER_ROLES
from forums.permissions import forum_ids_with
from forums.permissions import has_role

OVERSEER_ROLES = {Membership.SECRETARY, Membership.CHAIR}
POLICE_ROLES = {Membership.POLICE_LIAISON}


def visible_actions(user) -> QuerySet[Action]:
    """Actions of forums one oversees, police actions of one's forums (liaisons), and one's own."""
    if not user.is_authenticated:
        return Action.objects.none()
    return Action.objects.filter(
        Q(meeting__forum_id__in=forum_ids_with(user, OVERSEER_ROLES))
        | Q(
            meeting__forum_id__in=forum_ids_with(user, POLICE_ROLES),
            responsible_body__kind=ResponsibleBody.POLICE,
        )
        | Q(assignee=user, meeting__forum_id__in=forum_ids_with(user, ANY_ROLE))
    )


def is_police_liaison_for(user, action: Action) -> bool:
    return action.responsible_body.is_police and has_role(user, action.meeting.forum_id, POLICE_ROLES)


def is_current_assignee(user, action: Action) -> bool:
    """The assignee, while still a member of the action's forum."""
    return action.assignee_id == user.pk and has_role(user, action.meeting.forum_id, ANY_ROLE)


def can_view_action(user, action: Action) -> bool:
    return (
        is_current_assignee(user, action)
        or has_role(user, action.meeting.forum_id, OVERSEER_ROLES)
        or is_police_liaison_for(user, action)
    )


def can_read_action_text(user, action: Action) -> bool:
    """Whether this user, who sees the action, may read its title, description and update notes."""
    return not action.is_restricted or has_role(user, action.meeting.forum_id, RESTRICTED_VIEWER_ROLES)


def can_take_restricted_actions(user, forum_id: int) -> bool:
    """Restricted actions go only to people who read restricted text there (two-factor roles)."""
    # Asked about another person (the assignee), so read afresh rather than from a cached user.
    return Membership.objects.filter(
        user=user, forum_id=forum_id, active=True, forum__active=True, role__in=RESTRICTED_VIEWER_ROLES
    ).exists()


def can_export_restricted(user) -> bool:
    """Whether the "include restricted details" export is offered: a two-factor role somewhere."""
    return bool(forum_ids_with(user, RESTRICTED_VIEWER_ROLES))


def restricted_readable_forum_ids(user) -> set[int]:
    return set(forum_ids_with(user, RESTRICTED_VIEWER_ROLES))


def can_manage_action(user, action: Action) -> bool:
    """Secretaries assign, edit and reassign any action of their forum."""
    return has_role(user, action.meeting.forum_id, {Membership.SECRETARY})


def can_update_action(user, action: Action) -> bool:
    """Post progress: the assignee, the forum's secretary, or its police liaison for police actions.

    An assignee who may not read a restricted action's text still posts progress: the work is
    theirs until the secretary hands it on, and writing a note shows them nothing.
    """
    return (
        is_current_assignee(user, action)
        or can_manage_action(user, action)
        or is_police_liaison_for(user, action)
    )


def can_reassign_action(user, action: Action) -> bool:
    """Secretaries reassign within their forum; police liaisons among their forums' police units."""
    return can_manage_action(user, action) or is_police_liaison_for(user, action)


def get_action_for_user(user, pk: int, *, update: bool = False, manage: bool = False) -> Action:
    action = get_object_or_404(
        Action.objects.select_related(
            "meeting__forum__municipality", "responsible_body", "assignee", "concern__category"
        ),
        pk=pk,
    )
    if not can_view_action(user, action):
        raise Http404
    if manage and not can_manage_action(user, action):
        raise PermissionDenied
    if update and not can_update_action(user, action):
        raise PermissionDenied
    return action
