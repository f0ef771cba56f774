"""A meeting whose start has passed asks the secretary whether it was held; minutes need it held."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.errors import ForumError
from forums.minutes import services as minutes_services
from forums.models import Meeting
from forums.models import Minutes
from tests import factories
from tests.minutes_support import past_meeting

pytestmark = pytest.mark.usefixtures("english")

PROMPT = "Was this meeting held?"


@pytest.fixture
def started(forum):
    """A meeting that began an hour ago and is still marked planned."""
    return past_meeting(forum, status=Meeting.PLANNED, days_ago=0)


def outcome_url(meeting):
    return reverse("forums:meeting_outcome", args=[meeting.pk])


def test_after_its_start_the_meeting_page_asks_the_secretary_whether_it_was_held(client, secretary, started):
    client.force_login(secretary)
    content = client.get(started.get_absolute_url()).content.decode()
    assert PROMPT in content
    assert f'action="{outcome_url(started)}"' in content
    assert 'name="status" value="held"' in content
    assert 'name="status" value="cancelled"' in content


def test_no_question_before_the_start_or_once_it_is_answered(client, secretary, forum, meeting):
    held = past_meeting(forum)
    client.force_login(secretary)
    for shown in (meeting, held):
        assert PROMPT not in client.get(shown.get_absolute_url()).content.decode()


def test_only_the_secretary_is_asked(client, chair, police_liaison, started):
    for person in (chair, police_liaison):
        client.force_login(person)
        assert PROMPT not in client.get(started.get_absolute_url()).content.decode()


def test_one_click_marks_it_held_and_says_what_comes_next(client, secretary, started):
    client.force_login(secretary)
    response = client.post(outcome_url(started), {"status": "held"}, follow=True)
    started.refresh_from_db()
    assert started.status == Meeting.HELD
    assert response.redirect_chain[-1][0] == started.get_absolute_url()
    assert "Record the attendance next" in response.content.decode()
    assert started.history.first().history_user == secretary


def test_one_click_marks_it_cancelled(client, secretary, started):
    client.force_login(secretary)
    client.post(outcome_url(started), {"status": "cancelled"})
    started.refresh_from_db()
    assert started.status == Meeting.CANCELLED


def test_a_meeting_ahead_cannot_be_marked_held(secretary, meeting):
    with pytest.raises(ForumError, match="only once it has started"):
        services.record_meeting_outcome(meeting=meeting, by=secretary, status=Meeting.HELD)
    services.record_meeting_outcome(meeting=meeting, by=secretary, status=Meeting.CANCELLED)
    assert meeting.status == Meeting.CANCELLED


def test_a_second_click_says_it_is_already_decided(client, secretary, started):
    services.record_meeting_outcome(meeting=started, by=secretary, status=Meeting.CANCELLED)
    client.force_login(secretary)
    response = client.post(outcome_url(started), {"status": "held"}, follow=True)
    started.refresh_from_db()
    assert started.status == Meeting.CANCELLED
    assert "already marked cancelled" in response.content.decode()


def test_an_unknown_outcome_is_refused_with_a_message(client, secretary, started):
    client.force_login(secretary)
    response = client.post(outcome_url(started), {"status": "planned"}, follow=True)
    started.refresh_from_db()
    assert started.status == Meeting.PLANNED
    assert "held or cancelled" in response.content.decode()


def test_others_may_not_mark_it(client, chair, outsider, started):
    client.force_login(chair)
    assert client.post(outcome_url(started), {"status": "held"}).status_code == 403
    client.force_login(outsider)
    assert client.post(outcome_url(started), {"status": "held"}).status_code == 404
    started.refresh_from_db()
    assert started.status == Meeting.PLANNED


# --- Minutes go to the chair only for a meeting held, with its attendance ------------------------------


def draft_for(meeting, secretary) -> Minutes:
    minutes = minutes_services.start_minutes(meeting=meeting, by=secretary)
    return minutes_services.edit_minutes(minutes=minutes, by=secretary, narrative="U diskutua.", decisions="")


def test_minutes_of_a_meeting_still_planned_without_attendance_name_both_missing_steps(secretary, started):
    minutes = draft_for(started, secretary)
    with pytest.raises(ForumError, match="marked planned, not held") as error:
        minutes_services.submit_minutes(minutes=minutes, by=secretary)
    assert "no attendance is recorded" in error.value.message
    minutes.refresh_from_db()
    assert minutes.status == Minutes.DRAFT


def test_minutes_of_a_held_meeting_without_attendance_name_the_attendance(secretary, forum):
    minutes = draft_for(past_meeting(forum), secretary)
    with pytest.raises(ForumError, match="no attendance is recorded") as error:
        minutes_services.submit_minutes(minutes=minutes, by=secretary)
    assert "not held" not in error.value.message


def test_minutes_go_to_the_chair_once_the_meeting_is_held_with_its_attendance(secretary, started):
    minutes = draft_for(started, secretary)
    services.record_meeting_outcome(meeting=started, by=secretary, status=Meeting.HELD)
    started.members_present.set(started.forum.memberships.all())
    assert minutes_services.submit_minutes(minutes=minutes, by=secretary).status == Minutes.SUBMITTED


def test_the_minutes_page_says_what_is_missing(client, secretary, started):
    draft_for(started, secretary)
    client.force_login(secretary)
    response = client.post(reverse("minutes:transition", args=[started.pk, "submit"]), follow=True)
    content = response.content.decode()
    assert "The minutes cannot be submitted yet" in content
    assert "mark it held" in content
    assert "record who was present" in content


def test_the_dashboard_lists_the_meeting_until_it_is_marked(client, secretary, started):
    client.force_login(secretary)
    assert client.get(reverse("forums:dashboard")).context["meetings_to_mark"]["total"] == 1
    services.record_meeting_outcome(meeting=started, by=secretary, status=Meeting.HELD)
    assert client.get(reverse("forums:dashboard")).context["meetings_to_mark"]["total"] == 0


def test_a_meeting_started_minutes_ago_is_asked_about(client, secretary, forum):
    just_started = factories.MeetingFactory(
        forum=forum, number=7, starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(secretary)
    assert PROMPT in client.get(just_started.get_absolute_url()).content.decode()
