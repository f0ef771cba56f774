"""Who may see, update and (re)assign actions. Built on the forum roles in forums.permissions."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from actions.models import Action, ResponsibleBody
from forums.models import Membership
from forums.permissions import forum_ids_with, has_role

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
        | Q(assignee=user)
    )


def is_police_liaison_for(user, action: Action) -> bool:
    return action.responsible_body.is_police and has_role(user, action.meeting.forum_id, POLICE_ROLES)


def can_view_action(user, action: Action) -> bool:
    return (
        action.assignee_id == user.pk
        or has_role(user, action.meeting.forum_id, OVERSEER_ROLES)
        or is_police_liaison_for(user, action)
    )


def can_manage_action(user, action: Action) -> bool:
    """Secretaries assign, edit and reassign any action of their forum."""
    return has_role(user, action.meeting.forum_id, {Membership.SECRETARY})


def can_update_action(user, action: Action) -> bool:
    """Post progress: the assignee, the forum's secretary, or its police liaison for police actions."""
    return (
        action.assignee_id == user.pk
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
