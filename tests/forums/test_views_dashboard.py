import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

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
    # One query per queue: actions without an assignee, due this week, past meetings still planned,
    # held meetings without minutes, minutes returned, renders failed.
    with django_assert_max_num_queries(17):
        response = client.get(URL)
    assert len(response.context["open_actions"]) == 15
