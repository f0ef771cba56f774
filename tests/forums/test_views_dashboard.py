import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.minutes import services as minutes_services
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import submitted_minutes

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("forums:dashboard")


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_secretary_sees_forum_next_meeting_and_overdue_action(client, secretary, forum, meeting, police_unit):
    overdue = factories.ActionFactory(
        meeting=meeting,
        responsible_body=police_unit,
        title="Install speed bumps",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(secretary)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert forum.name in content
    assert meeting.get_absolute_url() in content
    assert list(response.context["overdue_actions"]) == [overdue]
    assert list(response.context["open_actions"]) == []


def test_open_actions_leave_out_done_and_overdue_ones(client, secretary, meeting, police_unit):
    open_action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit, status="done")
    client.force_login(secretary)
    response = client.get(URL)
    assert list(response.context["open_actions"]) == [open_action]


def test_municipal_officer_sees_only_actions_assigned_to_them(
    client, municipal_officer, secretary, meeting, directorate
):
    mine = factories.ActionFactory(meeting=meeting, responsible_body=directorate, assignee=municipal_officer)
    factories.ActionFactory(meeting=meeting, responsible_body=directorate, assignee=secretary)
    client.force_login(municipal_officer)
    response = client.get(URL)
    assert list(response.context["open_actions"]) == [mine]
    # An officer follows the forum's meetings (and public concerns), as the README says.
    assert list(response.context["next_meetings"]) == [meeting]


def test_outsider_does_not_see_other_forums_meetings_or_actions(client, outsider, meeting, police_unit):
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit, title="Secret plan")
    client.force_login(outsider)
    response = client.get(URL)
    assert "Secret plan" not in response.content.decode()
    assert meeting.get_absolute_url() not in response.content.decode()


def test_user_without_forum_gets_a_friendly_empty_dashboard(client, db):
    client.force_login(factories.UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "not a member of any forum" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_rows(
    client, secretary, forum, police_unit, django_assert_max_num_queries
):
    for number in range(1, 6):
        meeting = factories.MeetingFactory(forum=forum, number=number)
        for _ in range(3):
            factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=secretary)
            factories.ActionFactory(
                meeting=meeting,
                responsible_body=police_unit,
                due_date=timezone.localdate() - datetime.timedelta(days=1),
            )
    client.force_login(secretary)
    client.get(URL)  # the session notes its start once
    # One query per model for all its queues (forum_site/lib/queues.py): forums, citizens'
    # submissions, meetings, minutes, actions; besides the session, user, roles and two-factor check.
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["open_actions"]) == 15


# --- Each role's queues ----------------------------------------------------------------------------


def test_the_chair_sees_the_minutes_awaiting_approval(client, chair, secretary, forum):
    held = past_meeting(forum)
    submitted_minutes(held, secretary=secretary, narrative="U diskutua.")
    client.force_login(chair)
    response = client.get(URL)
    assert [minutes.meeting for minutes in response.context["minutes_to_approve"]] == [held]
    assert reverse("minutes:detail", args=[held.pk]) in response.content.decode()
    assert "Waiting for you: minutes to approve" in response.content.decode()


def test_minutes_still_in_draft_are_not_the_chairs_to_approve(client, chair, secretary, forum):
    minutes_services.start_minutes(meeting=past_meeting(forum), by=secretary)
    client.force_login(chair)
    assert client.get(URL).context["minutes_to_approve"] == []


def test_the_secretary_sees_meetings_and_minutes_waiting_for_them(client, secretary, chair, forum):
    still_planned = past_meeting(forum, days_ago=3, status=Meeting.PLANNED)
    without_minutes = past_meeting(forum, days_ago=40)
    returned = past_meeting(forum, days_ago=30)
    minutes_services.return_minutes(
        minutes=submitted_minutes(returned, secretary=secretary, narrative="U diskutua."),
        by=chair,
        comment="Add the attendance.",
    )
    failed = past_meeting(forum, days_ago=20)
    failed_minutes = approved_minutes(failed, secretary=secretary, chair=chair, narrative="U diskutua.")
    Minutes.objects.filter(pk=failed_minutes.pk).update(render_state=Minutes.RENDER_FAILED)
    factories.MeetingFactory(forum=forum, number=99)  # ahead: nothing to do yet

    client.force_login(secretary)
    response = client.get(URL)

    context = response.context
    assert context["meetings_to_mark"] == {"rows": [still_planned], "total": 1}
    assert context["meetings_without_minutes"] == {"rows": [without_minutes], "total": 1}
    assert [minutes.meeting for minutes in context["minutes_returned"]["rows"]] == [returned]
    assert [minutes.meeting for minutes in context["renders_failed"]["rows"]] == [failed]
    content = response.content.decode()
    assert still_planned.get_absolute_url() in content
    assert reverse("minutes:detail", args=[without_minutes.pk]) in content
    assert "Minutes returned for changes (1)" in content
    assert "Publishing failed (1)" in content


def test_a_long_queue_shows_its_first_rows_and_counts_them_all(client, secretary, forum):
    for days_ago in range(1, 14):
        past_meeting(forum, days_ago=days_ago, status=Meeting.PLANNED)
    client.force_login(secretary)
    response = client.get(URL)
    assert len(response.context["meetings_to_mark"]["rows"]) == 10
    assert response.context["meetings_to_mark"]["total"] == 13
    assert "Past meetings still marked planned (13)" in response.content.decode()


def test_members_and_officers_have_no_minutes_queues(client, member, municipal_officer, secretary, forum):
    past_meeting(forum, days_ago=3, status=Meeting.PLANNED)
    submitted_minutes(past_meeting(forum), secretary=secretary, narrative="U diskutua.")
    for person in (member, municipal_officer):
        client.force_login(person)
        response = client.get(URL)
        assert "meetings_to_mark" not in response.context
        assert "minutes_to_approve" not in response.context


def test_the_outsider_sees_no_queue_of_another_forum(client, outsider, secretary, forum):
    past_meeting(forum, days_ago=3, status=Meeting.PLANNED)
    submitted_minutes(past_meeting(forum), secretary=secretary, narrative="U diskutua.")
    client.force_login(outsider)
    response = client.get(URL)
    assert response.context["meetings_to_mark"]["total"] == 0
    assert response.context["meetings_without_minutes"]["total"] == 0


def test_the_police_liaison_sees_actions_overdue_and_due_this_week_apart_from_later_ones(
    client, police_liaison, meeting, police_unit
):
    today = timezone.localdate()
    overdue = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, due_date=today - datetime.timedelta(days=2)
    )
    this_week = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, due_date=today + datetime.timedelta(days=6)
    )
    later = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, due_date=today + datetime.timedelta(days=7)
    )
    client.force_login(police_liaison)
    response = client.get(URL)
    assert list(response.context["overdue_actions"]) == [overdue]
    assert list(response.context["due_this_week_actions"]) == [this_week]
    assert list(response.context["open_actions"]) == [later]
    assert "Due in the next 7 days" in response.content.decode()


def test_the_municipal_officer_sees_their_action_due_this_week(
    client, municipal_officer, meeting, directorate
):
    mine = factories.ActionFactory(
        meeting=meeting,
        responsible_body=directorate,
        assignee=municipal_officer,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    client.force_login(municipal_officer)
    assert list(client.get(URL).context["due_this_week_actions"]) == [mine]


def test_held_meetings_without_minutes_come_newest_first_and_past_planned_ones_oldest_first(
    client, secretary, forum
):
    older, newer = past_meeting(forum, days_ago=30), past_meeting(forum, days_ago=5)
    first_missed = past_meeting(forum, days_ago=20, status=Meeting.PLANNED)
    then_missed = past_meeting(forum, days_ago=2, status=Meeting.PLANNED)
    client.force_login(secretary)
    context = client.get(URL).context
    assert context["meetings_without_minutes"]["rows"] == [newer, older]
    assert context["meetings_to_mark"]["rows"] == [first_missed, then_missed]


def test_an_overdue_action_nobody_holds_is_both_overdue_and_in_the_secretarys_queue(
    client, secretary, meeting, police_unit
):
    overdue = factories.ActionFactory(
        meeting=meeting,
        responsible_body=police_unit,
        assignee=None,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(secretary)
    context = client.get(URL).context
    assert context["overdue_actions"] == [overdue]
    assert context["unassigned_actions"] == [overdue]


def test_the_secretary_finds_schedule_a_meeting_at_the_top_of_the_dashboard(client, secretary, forum):
    client.force_login(secretary)
    page = client.get(URL).content.decode()
    link = f'href="{reverse("forums:meeting_create", args=[forum.slug])}"'
    assert link in page
    # Above the queues, not only at the bottom through "My forums".
    assert page.index(link) < page.index('id="overdue-heading"')


def test_a_secretary_of_two_forums_schedules_in_either_by_name(client, secretary, forum, municipality):
    second = factories.ForumFactory(municipality=municipality, name="KKSB Gračanica")
    factories.MembershipFactory(user=secretary, forum=second, role=Membership.SECRETARY)
    client.force_login(secretary)
    page = client.get(URL).content.decode()
    for each in (forum, second):
        assert f"Schedule a meeting: {each.name}" in page
        assert reverse("forums:meeting_create", args=[each.slug]) in page


@pytest.mark.parametrize("persona", ["chair", "police_liaison", "municipal_officer", "member"])
def test_roles_that_cannot_schedule_get_no_schedule_link(client, personas, forum, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(URL)
    assert response.context["forums_to_schedule"] == []
    assert reverse("forums:meeting_create", args=[forum.slug]) not in response.content.decode()
