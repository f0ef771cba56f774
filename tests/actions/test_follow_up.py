"""Earlier open actions appear in the next meeting's page and minutes, with their status at that meeting."""

import datetime

import pytest
from django.utils import timezone

from actions import services
from actions.models import Action
from forums import escalation
from forums.minutes.rendering import minutes_context
from forums.minutes.rendering import render_minutes_html
from forums.models import Concern
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def meetings(forum):
    now = timezone.now()
    first = factories.MeetingFactory(forum=forum, number=1, starts_at=now - datetime.timedelta(days=60))
    second = factories.MeetingFactory(forum=forum, number=2, starts_at=now - datetime.timedelta(days=30))
    upcoming = factories.MeetingFactory(forum=forum, number=3, starts_at=now + datetime.timedelta(days=3))
    return first, second, upcoming


def test_the_next_meetings_page_lists_earlier_open_actions(client, secretary, meetings, police_unit):
    first, _second, upcoming = meetings
    factories.ActionFactory(meeting=first, title="Install speed bumps", responsible_body=police_unit)
    factories.ActionFactory(meeting=upcoming, title="Decided at this meeting", responsible_body=police_unit)
    client.force_login(secretary)

    response = client.get(upcoming.get_absolute_url())

    assert [action.title for action, _status in response.context["follow_up"]] == ["Install speed bumps"]
    assert "Follow-up of earlier actions" in response.content.decode()


def test_the_follow_up_shows_only_actions_the_viewer_may_see(
    client, police_liaison, meetings, police_unit, directorate
):
    first, _second, upcoming = meetings
    factories.ActionFactory(meeting=first, title="Police patrol", responsible_body=police_unit)
    factories.ActionFactory(meeting=first, title="Municipal lights", responsible_body=directorate)
    client.force_login(police_liaison)

    body = client.get(upcoming.get_absolute_url()).content.decode()

    assert "Police patrol" in body
    assert "Municipal lights" not in body


def test_a_past_meetings_page_shows_the_status_at_that_meeting_and_the_current_one(
    client, secretary, police_liaison, meetings, police_unit
):
    first, second, _upcoming = meetings
    action = factories.ActionFactory(meeting=first, title="Talk to the school", responsible_body=police_unit)
    action.history.update(history_date=first.starts_at + datetime.timedelta(hours=1))
    services.post_update(action=action, by=police_liaison, note="Done", new_status=Action.DONE)
    client.force_login(secretary)

    response = client.get(second.get_absolute_url())

    assert [(a.title, str(status)) for a, status in response.context["follow_up"]] == [
        ("Talk to the school", "Open")
    ]
    assert "now: Done" in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_follow_up_keeps_the_meeting_page_query_count_bounded(
    client, secretary, meetings, police_unit, category, count, django_assert_max_num_queries
):
    first, _second, upcoming = meetings
    for _ in range(count):
        concern = factories.ConcernFactory(meeting=first, category=category)
        factories.ActionFactory(
            meeting=first, concern=concern, responsible_body=police_unit, assignee=secretary
        )
    client.force_login(secretary)
    # 23: the action form names the bodies whose actions are always restricted (one query), and
    # the assignees' institutions and roles (one query); 26: since the meeting is recorded in place,
    # the attendance form's members, whether the minutes are started, and the forum's next meeting
    # (the actions' default due date).
    with django_assert_max_num_queries(26):
        response = client.get(upcoming.get_absolute_url())
    assert len(response.context["follow_up"]) == count


def test_the_minutes_show_the_status_at_the_meeting_not_today(
    forum, secretary, chair, police_liaison, police_unit
):
    earlier = past_meeting(forum, days_ago=60)
    held = past_meeting(forum, days_ago=30)
    action = factories.ActionFactory(meeting=earlier, title="Patrol the park", responsible_body=police_unit)
    action.history.update(history_date=earlier.starts_at + datetime.timedelta(hours=1))
    # Done only after the meeting whose minutes are written now.
    services.post_update(action=action, by=police_liaison, note="Done", new_status=Action.DONE)
    minutes = approved_minutes(held, secretary=secretary, chair=chair, narrative="Takimi")

    context = minutes_context(minutes)

    assert [a.title for a in context["follow_up"]] == ["Patrol the park"]
    assert context["follow_up"][0].status_at_meeting == "Open"


def test_the_minutes_follow_up_counts_actions_answering_restricted_concerns_without_text(
    forum, secretary, chair, police_unit, restricted_category
):
    earlier = past_meeting(forum, days_ago=60)
    held = past_meeting(forum, days_ago=30)
    secret = factories.ConcernFactory(
        meeting=earlier, category=restricted_category, visibility=Concern.RESTRICTED
    )
    factories.ActionFactory(
        meeting=earlier, concern=secret, title="Visit the family", responsible_body=police_unit
    )
    factories.ActionFactory(meeting=earlier, title="Fix the lights", responsible_body=police_unit)
    minutes = approved_minutes(held, secretary=secretary, chair=chair, narrative="Takimi")

    context = minutes_context(minutes)

    assert [a.title for a in context["follow_up"]] == ["Fix the lights"]
    assert context["follow_up_hidden"].value == 1
    assert context["follow_up_hidden"].suppressed  # one is below the threshold: "fewer than 3"


def test_the_minutes_of_both_forums_name_the_escalation(forum, secretary, chair, category):
    lpsc = factories.ForumFactory(
        municipality=forum.municipality, kind="lpsc", name="KLSP Lagjja", slug="klsp"
    )
    lpsc_secretary = factories.UserFactory(username="lpsc-secretary")
    factories.MembershipFactory(user=lpsc_secretary, forum=lpsc, role="secretary")
    council_meeting = factories.MeetingFactory(
        forum=forum, number=4, starts_at=timezone.now() + datetime.timedelta(days=4)
    )
    committee_meeting = past_meeting(lpsc, days_ago=2)
    original = factories.ConcernFactory(
        meeting=committee_meeting, category=category, summary="Dark underpass"
    )
    escalation.escalate_concern(concern=original, by=lpsc_secretary)
    committee_minutes = factories.MinutesFactory(meeting=committee_meeting)
    council_minutes = factories.MinutesFactory(meeting=council_meeting)

    committee_html = render_minutes_html(minutes_context(committee_minutes))
    council_html = render_minutes_html(minutes_context(council_minutes))

    assert "Escalated to the municipal council: KKSB Prishtinë" in committee_html
    assert "Escalated from KLSP Lagjja" in council_html
