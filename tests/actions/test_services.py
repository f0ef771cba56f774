import datetime

import pytest
from django.utils import timezone

from actions import services
from actions.models import Action
from forums.errors import ForumError
from forums.models import Concern
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
    with pytest.raises(ForumError, match="The due date cannot be before") as error:
        services.assign_action(
            meeting=meeting,
            by=secretary,
            title="x",
            responsible_body=police_unit,
            due_date=timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=1),
        )
    assert error.value.field == "due_date"


def test_assignee_must_be_a_member_of_the_forum(meeting, secretary, outsider, police_unit):
    with pytest.raises(ForumError, match="The assignee must be a member") as error:
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
    with pytest.raises(ForumError, match="Only the forum's secretary can assign"):
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

    with pytest.raises(ForumError, match="Police liaison officers can reassign only"):
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
    with pytest.raises(ForumError, match="You cannot post updates on this"):
        services.post_update(action=action, by=outsider, note="x")


def test_overdue_is_derived_from_due_date_and_status(meeting, police_unit):
    late = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, due_date=due_in(-1))
    done_late = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, due_date=due_in(-1), status=Action.DONE
    )
    assert late.is_overdue
    assert not done_late.is_overdue


def test_reopening_a_done_action_needs_a_reason_and_the_history_keeps_it(
    meeting, police_liaison, police_unit
):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)
    services.post_update(action=action, by=police_liaison, note="U krye", new_status=Action.DONE)

    with pytest.raises(ForumError) as error:
        services.post_update(action=action, by=police_liaison, note="  ", new_status=Action.OPEN)
    assert error.value.field == "note"
    action.refresh_from_db()
    assert action.status == Action.DONE

    reopened = services.post_update(
        action=action, by=police_liaison, note="Patrulla nuk erdhi", new_status=Action.IN_PROGRESS
    )
    assert (reopened.old_status, reopened.new_status) == (Action.DONE, Action.IN_PROGRESS)
    assert [h.status for h in action.history.order_by("history_date", "history_id")][-2:] == [
        Action.DONE,
        Action.IN_PROGRESS,
    ]


def test_reopening_a_cancelled_action_needs_a_reason_too(meeting, secretary, police_unit):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, status=Action.CANCELLED)
    with pytest.raises(ForumError, match="Say why the action is reopened"):
        services.post_update(action=action, by=secretary, note="", new_status=Action.OPEN)


def test_an_update_on_an_action_answering_a_restricted_concern_cannot_be_public(
    meeting, police_liaison, police_unit, restricted_category
):
    secret = factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility="restricted")
    action = factories.ActionFactory(
        meeting=meeting, concern=secret, responsible_body=police_unit, assignee=police_liaison
    )

    with pytest.raises(ForumError) as error:
        services.post_update(action=action, by=police_liaison, note="Vizitë", is_public=True)
    assert error.value.field == "is_public"
    assert not action.updates.exists()


def test_an_assignee_updates_only_their_own_actions(meeting, municipal_officer, directorate, police_unit):
    own = factories.ActionFactory(meeting=meeting, responsible_body=directorate, assignee=municipal_officer)
    someone_elses = factories.ActionFactory(meeting=meeting, responsible_body=directorate)

    services.post_update(action=own, by=municipal_officer, note="Filluam")
    with pytest.raises(ForumError, match="You cannot post updates on this"):
        services.post_update(action=someone_elses, by=municipal_officer, note="x")


def test_a_police_liaison_cannot_reassign_a_municipal_action(meeting, police_liaison, directorate):
    action = factories.ActionFactory(meeting=meeting, responsible_body=directorate)
    with pytest.raises(ForumError, match="You cannot reassign this action"):
        services.reassign_action(
            action=action, by=police_liaison, responsible_body=directorate, assignee=None, due_date=due_in(30)
        )


def test_a_secretary_reassigns_to_any_body_of_the_forum_but_not_in_another_forum(
    meeting, secretary, outsider, police_unit, directorate
):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    services.reassign_action(
        action=action, by=secretary, responsible_body=directorate, assignee=None, due_date=due_in(30)
    )
    assert action.responsible_body == directorate

    with pytest.raises(ForumError, match="You cannot reassign this action"):
        services.reassign_action(
            action=action, by=outsider, responsible_body=directorate, assignee=None, due_date=due_in(30)
        )
