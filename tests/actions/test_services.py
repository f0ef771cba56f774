import datetime

import pytest
from django.utils import timezone

from actions import services
from actions.models import Action
from forums.models import Concern
from forums.services import ForumError
from tests import factories


@pytest.fixture
def concern(meeting, category):
    return factories.ConcernFactory(meeting=meeting, category=category)


def due_in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_secretary_assigns_an_action_to_the_police_liaison(
    meeting, secretary, police_liaison, police_unit, concern
):
    action = services.assign_action(
        meeting=meeting,
        by=secretary,
        concern=concern,
        title="Patrullim para shkollës",
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=due_in(30),
        priority=Action.HIGH,
    )

    assert action.status == Action.OPEN
    assert action.created_by == secretary
    concern.refresh_from_db()
    assert concern.status == Concern.IN_PROGRESS


def test_due_date_before_the_meeting_is_refused(meeting, secretary, police_unit):
    with pytest.raises(ForumError) as error:
        services.assign_action(
            meeting=meeting,
            by=secretary,
            title="x",
            responsible_body=police_unit,
            due_date=timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=1),
        )
    assert error.value.field == "due_date"


def test_assignee_must_be_a_member_of_the_forum(meeting, secretary, outsider, police_unit):
    with pytest.raises(ForumError) as error:
        services.assign_action(
            meeting=meeting,
            by=secretary,
            title="x",
            responsible_body=police_unit,
            assignee=outsider,
            due_date=due_in(30),
        )
    assert error.value.field == "assignee"


def test_body_of_another_municipality_is_refused(meeting, secretary, other_forum):
    foreign_body = factories.ResponsibleBodyFactory(municipality=other_forum.municipality)
    with pytest.raises(ForumError) as error:
        services.assign_action(
            meeting=meeting, by=secretary, title="x", responsible_body=foreign_body, due_date=due_in(30)
        )
    assert error.value.field == "responsible_body"


def test_only_the_secretary_assigns(meeting, police_liaison, police_unit):
    with pytest.raises(ForumError):
        services.assign_action(
            meeting=meeting, by=police_liaison, title="x", responsible_body=police_unit, due_date=due_in(9)
        )


def test_police_liaison_reassigns_only_among_police_units(meeting, police_liaison, police_unit, directorate):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    other_unit = factories.ResponsibleBodyFactory(municipality=meeting.forum.municipality, kind="police")

    services.reassign_action(
        action=action,
        by=police_liaison,
        responsible_body=other_unit,
        assignee=police_liaison,
        due_date=due_in(10),
    )
    assert action.responsible_body == other_unit

    with pytest.raises(ForumError):
        services.reassign_action(
            action=action, by=police_liaison, responsible_body=directorate, assignee=None, due_date=due_in(10)
        )


def test_done_sets_completed_at_and_reopening_clears_it(meeting, police_liaison, police_unit):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)

    update = services.post_update(
        action=action, by=police_liaison, note="U krye", new_status=Action.DONE, is_public=True
    )
    assert action.completed_at is not None
    assert (update.old_status, update.new_status) == (Action.OPEN, Action.DONE)

    services.post_update(action=action, by=police_liaison, note="Sërish", new_status=Action.IN_PROGRESS)
    assert action.completed_at is None


def test_a_note_without_status_change_records_no_transition(meeting, police_liaison, police_unit):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)
    update = services.post_update(action=action, by=police_liaison, note="Në proces")
    assert (update.old_status, update.new_status) == ("", "")


def test_outsider_cannot_post_updates(meeting, outsider, police_unit):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    with pytest.raises(ForumError):
        services.post_update(action=action, by=outsider, note="x")


def test_overdue_is_derived_from_due_date_and_status(meeting, police_unit):
    late = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, due_date=due_in(-1))
    done_late = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, due_date=due_in(-1), status=Action.DONE
    )
    assert late.is_overdue
    assert not done_late.is_overdue
