"""Each role against each kind of object, including a member of another municipality's forum."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from actions import permissions as action_permissions
from forums import permissions
from forums.models import Concern
from forums.models import Membership
from tests import factories


@pytest.fixture
def public_concern(meeting, category):
    return factories.ConcernFactory(meeting=meeting, category=category, visibility=Concern.PUBLIC)


@pytest.fixture
def restricted_concern(meeting, restricted_category):
    return factories.ConcernFactory(
        meeting=meeting, category=restricted_category, visibility=Concern.RESTRICTED, details="private"
    )


@pytest.fixture
def police_action(meeting, police_unit):
    return factories.ActionFactory(meeting=meeting, responsible_body=police_unit)


@pytest.fixture
def officer_action(meeting, directorate, municipal_officer):
    return factories.ActionFactory(meeting=meeting, responsible_body=directorate, assignee=municipal_officer)


@pytest.fixture
def directorate_action(meeting, directorate):
    return factories.ActionFactory(meeting=meeting, responsible_body=directorate)


# role → (sees meeting, manages meeting, sees public concern, sees restricted concern)
FORUM_MATRIX = {
    "secretary": (True, True, True, True),
    "chair": (True, False, True, True),
    "police_liaison": (True, False, True, True),
    "member": (True, False, True, False),
    # README: officers see their forums' meetings and public concerns, never restricted ones.
    "municipal_officer": (True, False, True, False),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("role", FORUM_MATRIX)
def test_each_role_sees_and_manages_meetings_and_concerns_as_designed(
    role, personas, meeting, public_concern, restricted_concern
):
    user = getattr(personas, role)
    sees_meeting, manages, sees_public, sees_restricted = FORUM_MATRIX[role]

    assert (meeting in permissions.visible_meetings(user)) is sees_meeting
    assert permissions.can_manage_forum(user, meeting.forum) is manages
    assert (public_concern in permissions.visible_concerns(user)) is sees_public
    assert (restricted_concern in permissions.visible_concerns(user)) is sees_restricted
    assert permissions.can_view_concern(user, restricted_concern) is sees_restricted


@pytest.mark.parametrize("role", FORUM_MATRIX)
def test_getters_answer_404_for_unseen_and_403_for_unchangeable(role, personas, meeting, restricted_concern):
    user = getattr(personas, role)
    sees_meeting, manages, _, sees_restricted = FORUM_MATRIX[role]

    if not sees_meeting:
        with pytest.raises(Http404):
            permissions.get_meeting_for_user(user, meeting.pk)
    elif not manages:
        assert permissions.get_meeting_for_user(user, meeting.pk) == meeting
        with pytest.raises(PermissionDenied):
            permissions.get_meeting_for_user(user, meeting.pk, manage=True)
    else:
        assert permissions.get_meeting_for_user(user, meeting.pk, manage=True) == meeting

    if sees_restricted:
        assert permissions.get_concern_for_user(user, restricted_concern.pk) == restricted_concern
    else:
        with pytest.raises(Http404):
            permissions.get_concern_for_user(user, restricted_concern.pk)


# role → which of (police action, action assigned to the officer, other directorate action) it sees
ACTION_MATRIX = {
    "secretary": (True, True, True),
    "chair": (True, True, True),
    "police_liaison": (True, False, False),
    "municipal_officer": (False, True, False),
    "member": (False, False, False),
    "outsider": (False, False, False),
}


@pytest.mark.parametrize("role", ACTION_MATRIX)
def test_each_role_sees_the_actions_designed_for_it(
    role, personas, police_action, officer_action, directorate_action
):
    user = getattr(personas, role)
    expected = ACTION_MATRIX[role]
    visible = set(action_permissions.visible_actions(user))

    for action, should_see in zip((police_action, officer_action, directorate_action), expected, strict=True):
        assert (action in visible) is should_see
        assert action_permissions.can_view_action(user, action) is should_see


def test_outsider_gets_404_for_another_forums_action(outsider, police_action):
    with pytest.raises(Http404):
        action_permissions.get_action_for_user(outsider, police_action.pk)


def test_municipal_officer_may_update_only_their_own_action(municipal_officer, officer_action, police_action):
    assert action_permissions.can_update_action(municipal_officer, officer_action)
    assert not action_permissions.can_reassign_action(municipal_officer, officer_action)
    with pytest.raises(Http404):
        action_permissions.get_action_for_user(municipal_officer, police_action.pk, update=True)


def test_police_liaison_updates_and_reassigns_police_actions_only(
    police_liaison, police_action, officer_action
):
    assert action_permissions.can_update_action(police_liaison, police_action)
    assert action_permissions.can_reassign_action(police_liaison, police_action)
    assert not action_permissions.can_update_action(police_liaison, officer_action)


def test_chair_sees_but_cannot_change_actions(chair, police_action):
    assert action_permissions.get_action_for_user(chair, police_action.pk) == police_action
    with pytest.raises(PermissionDenied):
        action_permissions.get_action_for_user(chair, police_action.pk, update=True)


def test_inactive_membership_grants_nothing(forum, meeting):
    user = factories.UserFactory(username="former")
    factories.MembershipFactory(user=user, forum=forum, role=Membership.SECRETARY, active=False)
    assert not permissions.can_view_forum(user, forum)
    with pytest.raises(Http404):
        permissions.get_meeting_for_user(user, meeting.pk)


def test_anonymous_sees_nothing(meeting, police_action):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.visible_meetings(anonymous).exists()
    assert not action_permissions.visible_actions(anonymous).exists()


def test_roles_are_read_once_per_user_object(secretary, forum, django_assert_num_queries):
    permissions.can_view_forum(secretary, forum)
    with django_assert_num_queries(0):
        permissions.can_manage_forum(secretary, forum)
        permissions.can_see_restricted(secretary, forum)
