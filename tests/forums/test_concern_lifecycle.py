import datetime

import pytest
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from forums import escalation
from forums import services
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from tests import factories


@pytest.fixture
def concern(meeting, category):
    return factories.ConcernFactory(meeting=meeting, category=category)


def test_closing_needs_a_reason_and_referred_needs_a_body(concern, secretary):
    with pytest.raises(ForumError) as error:
        services.close_concern(concern=concern, by=secretary, reason="")
    assert error.value.field == "closing_reason"
    with pytest.raises(ForumError) as error:
        services.close_concern(concern=concern, by=secretary, reason=Concern.REFERRED, referred_to=" ")
    assert error.value.field == "referred_to"

    services.close_concern(
        concern=concern, by=secretary, reason=Concern.REFERRED, referred_to="Qendra për Punë Sociale"
    )
    concern.refresh_from_db()
    assert (concern.status, concern.closing_reason, concern.referred_to) == (
        Concern.CLOSED,
        Concern.REFERRED,
        "Qendra për Punë Sociale",
    )
    assert concern.closed_at is not None


def test_police_liaison_may_close_but_a_member_may_not(concern, police_liaison, member):
    services.close_concern(concern=concern, by=police_liaison, reason=Concern.RESOLVED)
    with pytest.raises(ForumError, match="Only the forum's secretary or police"):
        services.reopen_concern(concern=concern, by=member)


def test_reopening_keeps_the_earlier_closing_in_the_history(concern, secretary):
    services.close_concern(concern=concern, by=secretary, reason=Concern.RESOLVED)
    services.reopen_concern(concern=concern, by=secretary)

    concern.refresh_from_db()
    assert concern.status == Concern.OPEN and concern.closing_reason == ""
    assert Concern.RESOLVED in concern.history.values_list("closing_reason", flat=True)


@pytest.fixture
def lpsc(forum):
    return factories.ForumFactory(
        municipality=forum.municipality, kind=Forum.LPSC, name="KLSP Lagjja", slug="klsp"
    )


def test_an_lpsc_concern_is_escalated_to_the_councils_next_meeting_and_linked_both_ways(
    forum, lpsc, category
):
    lpsc_secretary = factories.UserFactory(username="lpsc-sec")
    factories.MembershipFactory(user=lpsc_secretary, forum=lpsc, role="secretary")
    past = factories.MeetingFactory(
        forum=forum, number=1, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    upcoming = factories.MeetingFactory(
        forum=forum, number=2, starts_at=timezone.now() + datetime.timedelta(days=9)
    )
    original = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=lpsc, number=1), category=category
    )

    escalated = escalation.escalate_concern(concern=original, by=lpsc_secretary)

    original.refresh_from_db()
    assert escalated.meeting == upcoming != past
    assert original.escalated_to == escalated
    assert escalated.escalated_from == original
    assert (original.status, original.closing_reason) == (Concern.CLOSED, Concern.REFERRED)
    assert escalated.summary == original.summary and escalated.visibility == original.visibility
    with pytest.raises(ForumError, match="This concern was already escalated"):
        escalation.escalate_concern(concern=original, by=lpsc_secretary)


def test_a_council_concern_cannot_be_escalated(concern, secretary):
    with pytest.raises(ForumError, match="Only concerns of a local committee"):
        escalation.escalate_concern(concern=concern, by=secretary)


def test_escalation_without_a_planned_council_meeting_says_what_to_do(lpsc, forum, category):
    lpsc_secretary = factories.UserFactory(username="lpsc-sec")
    factories.MembershipFactory(user=lpsc_secretary, forum=lpsc, role="secretary")
    original = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=lpsc, number=1), category=category
    )

    with pytest.raises(ForumError) as error:
        escalation.escalate_concern(concern=original, by=lpsc_secretary)
    assert forum.name in error.value.message


def test_follow_up_lists_open_earlier_actions_and_those_done_since_the_last_meeting(
    forum, secretary, police_liaison, police_unit
):
    now = timezone.now()
    first = factories.MeetingFactory(forum=forum, number=1, starts_at=now - datetime.timedelta(days=60))
    second = factories.MeetingFactory(forum=forum, number=2, starts_at=now - datetime.timedelta(days=30))
    upcoming = factories.MeetingFactory(forum=forum, number=3, starts_at=now + datetime.timedelta(days=1))
    still_open = factories.ActionFactory(meeting=first, responsible_body=police_unit, assignee=police_liaison)
    done_recently = factories.ActionFactory(
        meeting=first, responsible_body=police_unit, assignee=police_liaison
    )
    action_services.post_update(
        action=done_recently, by=police_liaison, note="U krye", new_status=Action.DONE
    )
    same_meeting = factories.ActionFactory(meeting=upcoming, responsible_body=police_unit)

    reviewed = dict(action_services.follow_up_actions(upcoming))

    assert reviewed == {still_open: Action.OPEN, done_recently: Action.DONE}
    assert same_meeting not in reviewed
    assert second.status == Meeting.PLANNED


def test_follow_up_reports_the_status_at_the_time_of_a_past_meeting(forum, police_liaison, police_unit):
    now = timezone.now()
    first = factories.MeetingFactory(forum=forum, number=1, starts_at=now - datetime.timedelta(days=60))
    second = factories.MeetingFactory(forum=forum, number=2, starts_at=now - datetime.timedelta(days=30))
    action = factories.ActionFactory(meeting=first, responsible_body=police_unit, assignee=police_liaison)
    action.history.update(history_date=now - datetime.timedelta(days=59))
    action_services.post_update(action=action, by=police_liaison, note="U krye", new_status=Action.DONE)

    assert action_services.follow_up_actions(second) == [(action, Action.OPEN)]
