"""When a membership ends, every right that flowed from it ends: assignments go back to the secretary."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from actions import notifications
from actions.models import Action
from forums.models import Membership
from tests import factories
from tests.session_support import fresh_login

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def officer_actions(meeting, directorate, municipal_officer):
    return {
        "open": factories.ActionFactory(
            meeting=meeting, responsible_body=directorate, assignee=municipal_officer
        ),
        "started": factories.ActionFactory(
            meeting=meeting,
            responsible_body=directorate,
            assignee=municipal_officer,
            status=Action.IN_PROGRESS,
        ),
        "done": factories.ActionFactory(
            meeting=meeting, responsible_body=directorate, assignee=municipal_officer, status=Action.DONE
        ),
    }


def assignees(actions):
    for action in actions.values():
        action.refresh_from_db()
    return {name: action.assignee_id for name, action in actions.items()}


def membership_form(membership, **changes):
    data = {
        "user": membership.user_id,
        "forum": membership.forum_id,
        "role": membership.role,
        "institution": membership.institution,
        "language": "",
    }
    return {**data, **changes}


def test_deactivating_a_membership_in_the_admin_sends_open_actions_back_to_the_queue(
    client, admin_user, municipal_officer, officer_actions
):
    membership = Membership.objects.get(user=municipal_officer)
    fresh_login(client, admin_user)

    response = client.post(
        reverse("admin:forums_membership_change", args=[membership.pk]), membership_form(membership)
    )

    assert response.status_code == 302
    assert assignees(officer_actions) == {"open": None, "started": None, "done": municipal_officer.pk}
    latest = officer_actions["open"].history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "assignee's membership ended")


def test_removing_a_membership_inline_in_the_forum_admin_releases_the_actions_too(
    client, admin_user, forum, municipal_officer, officer_actions
):
    membership = Membership.objects.get(user=municipal_officer)
    fresh_login(client, admin_user)
    data = {
        "municipality": forum.municipality_id,
        "kind": forum.kind,
        "name_sq": forum.name_sq,
        "slug": forum.slug,
        "area": "",
        "active": "on",
        "quorum": forum.quorum,
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 1,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        **{f"memberships-0-{key}": value for key, value in membership_form(membership, active="on").items()},
        "memberships-0-id": membership.pk,
        "memberships-0-DELETE": "on",
    }

    response = client.post(reverse("admin:forums_forum_change", args=[forum.pk]), data)

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert assignees(officer_actions)["open"] is None


def test_another_active_role_in_the_forum_keeps_the_assignments(municipal_officer, forum, officer_actions):
    factories.MembershipFactory(user=municipal_officer, forum=forum, role=Membership.MEMBER)
    membership = Membership.objects.get(user=municipal_officer, role=Membership.MUNICIPAL_OFFICER)
    membership.active = False
    membership.save()
    assert assignees(officer_actions)["open"] == municipal_officer.pk


def test_a_membership_in_another_forum_ending_leaves_this_forums_actions(
    municipal_officer, other_forum, officer_actions
):
    elsewhere = factories.MembershipFactory(user=municipal_officer, forum=other_forum)
    elsewhere.delete()
    assert assignees(officer_actions)["open"] == municipal_officer.pk


def test_the_secretary_sees_released_actions_in_the_queue_on_the_dashboard(
    client, secretary, municipal_officer, officer_actions
):
    Membership.objects.get(user=municipal_officer).delete()
    client.force_login(secretary)

    response = client.get(reverse("forums:dashboard"))

    assert set(response.context["unassigned_actions"]) == {
        officer_actions["open"],
        officer_actions["started"],
    }
    assert "Open actions without an assignee" in response.content.decode()


def test_the_queue_is_only_for_secretaries(client, chair, officer_actions, municipal_officer):
    Membership.objects.get(user=municipal_officer).delete()
    client.force_login(chair)
    assert list(client.get(reverse("forums:dashboard")).context["unassigned_actions"]) == []


def test_a_former_member_still_recorded_as_assignee_gets_no_reminder(municipal_officer, officer_actions):
    action = officer_actions["open"]
    # Data from before assignments were released: the membership ended, the assignee stayed.
    Membership.objects.filter(user=municipal_officer).update(active=False)

    assert (
        notifications.send_due_reminders(today=action.due_date - datetime.timedelta(days=3), days_before=3)
        == 0
    )
    assert notifications.send_overdue_notices(today=action.due_date + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []
