"""Restricted actions: who may be assigned them, who reads their text, the secretary's mark, the export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import permissions
from actions import services
from actions.forms import ActionForm
from actions.forms import ReassignForm
from actions.models import Action
from actions.models import ActionUpdate
from forums.errors import ForumError
from forums.models import Membership
from forums.models import RestrictedAccess
from tests import factories
from tests.session_support import fresh_login

pytestmark = pytest.mark.usefixtures("english")

PASSWORD = "correct-horse-battery"
TWO_FACTORS = "only the forum's chair, secretary or police liaison officer"


def due_in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def sensitive_unit(municipality):
    return factories.ResponsibleBodyFactory(
        municipality=municipality,
        kind="police",
        name_sq="Njësia për dhunën në familje",
        handles_sensitive_cases=True,
    )


@pytest.fixture
def assigned_to_member(meeting, directorate, member):
    return factories.ActionFactory(
        meeting=meeting, responsible_body=directorate, assignee=member, title="Lights on Rruga B"
    )


# --- Assigning -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "municipal_officer"])
def test_a_restricted_concerns_action_cannot_go_to_a_password_only_account(
    persona, personas, meeting, secretary, directorate, restricted_concern
):
    with pytest.raises(ForumError, match=TWO_FACTORS) as error:
        services.assign_action(
            meeting=meeting,
            by=secretary,
            concern=restricted_concern,
            title="Visit the family",
            responsible_body=directorate,
            assignee=getattr(personas, persona),
            due_date=due_in(10),
        )
    assert error.value.field == "assignee"
    assert not Action.objects.exists()


def test_a_restricted_action_goes_to_a_two_factor_role_of_its_body_or_to_nobody(
    meeting, secretary, police_liaison, directorate, police_unit, restricted_concern
):
    for body, assignee in ((police_unit, police_liaison), (directorate, secretary), (directorate, None)):
        services.assign_action(
            meeting=meeting,
            by=secretary,
            concern=restricted_concern,
            title="Visit the family",
            responsible_body=body,
            assignee=assignee,
            due_date=due_in(10),
        )
    assert Action.objects.count() == 3


def test_the_secretarys_mark_and_a_sensitive_body_restrict_the_assignment_too(
    meeting, secretary, member, directorate, sensitive_unit
):
    common = {"meeting": meeting, "by": secretary, "title": "x", "assignee": member, "due_date": due_in(5)}
    with pytest.raises(ForumError, match=TWO_FACTORS):
        services.assign_action(responsible_body=directorate, marked_restricted=True, **common)
    with pytest.raises(ForumError, match=TWO_FACTORS):
        services.assign_action(responsible_body=sensitive_unit, **common)


def test_marking_an_assigned_action_restricted_needs_a_two_factor_assignee(secretary, assigned_to_member):
    action = assigned_to_member
    with pytest.raises(ForumError, match=TWO_FACTORS):
        services.reassign_action(
            action=action,
            by=secretary,
            responsible_body=action.responsible_body,
            assignee=action.assignee,
            due_date=action.due_date,
            marked_restricted=True,
        )
    # The directorate's action goes to the municipality's secretary, who reads restricted text.
    services.reassign_action(
        action=action,
        by=secretary,
        responsible_body=action.responsible_body,
        assignee=secretary,
        due_date=action.due_date,
        marked_restricted=True,
    )
    action.refresh_from_db()
    assert (action.marked_restricted, action.assignee) == (True, secretary)


def test_a_police_liaison_cannot_change_the_secretarys_mark(meeting, police_liaison, police_unit):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)
    with pytest.raises(ForumError, match="Only the forum's secretary marks"):
        services.reassign_action(
            action=action,
            by=police_liaison,
            responsible_body=police_unit,
            assignee=police_liaison,
            due_date=action.due_date,
            marked_restricted=True,
        )


def test_the_action_form_offers_the_mark_and_names_the_sensitive_bodies(meeting, sensitive_unit):
    field = ActionForm(meeting=meeting).fields["marked_restricted"]
    assert "restricted concern is restricted anyway" in str(field.help_text)
    assert "Njësia për dhunën në familje" in str(field.help_text)


def test_the_action_form_puts_the_two_factor_rule_on_the_assignee(
    meeting, member, directorate, restricted_concern
):
    form = ActionForm(
        {
            "title": "Visit",
            "concern": restricted_concern.pk,
            "responsible_body": directorate.pk,
            "assignee": member.pk,
            "due_date": due_in(10).isoformat(),
            "priority": "normal",
        },
        meeting=meeting,
    )
    assert not form.is_valid()
    assert TWO_FACTORS in form.errors["assignee"][0]


def test_a_police_liaisons_reassign_form_has_no_mark(meeting, police_unit, police_liaison):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    assert "marked_restricted" not in ReassignForm(instance=action, police_only=True).fields
    assert "marked_restricted" in ReassignForm(instance=action).fields


def test_the_secretary_marks_an_action_restricted_from_the_reassign_page(
    client, secretary, police_liaison, meeting, police_unit
):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)
    client.force_login(secretary)
    response = client.post(
        reverse("actions:action_reassign", args=[action.pk]),
        {
            "title": action.title,
            "priority": action.priority,
            "responsible_body": police_unit.pk,
            "assignee": police_liaison.pk,
            "due_date": action.due_date.isoformat(),
            "marked_restricted": "on",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.is_restricted


# --- Reading -------------------------------------------------------------------------------------


def test_only_two_factor_roles_of_the_forum_read_a_restricted_actions_text(
    personas, outsider, meeting, directorate
):
    action = factories.ActionFactory(meeting=meeting, responsible_body=directorate, marked_restricted=True)
    readers = {
        name
        for name in ["secretary", "chair", "police_liaison", "municipal_officer", "member", "outsider"]
        if permissions.can_read_action_text(getattr(personas, name), action)
    }
    assert readers == {"secretary", "chair", "police_liaison"}


def test_a_public_actions_text_is_read_by_whoever_sees_it(municipal_officer, meeting, directorate):
    action = factories.ActionFactory(
        meeting=meeting, responsible_body=directorate, assignee=municipal_officer
    )
    assert permissions.can_read_action_text(municipal_officer, action)


def test_a_password_only_assignee_still_reports_progress_but_never_reads_the_notes(
    client, member, secretary, assigned_to_member
):
    action = assigned_to_member
    services.post_update(action=action, by=secretary, note="Family moved to Rruga C")
    action.marked_restricted = True
    action.save()
    client.force_login(member)

    response = client.post(
        reverse("actions:action_update", args=[action.pk]), {"note": "Lamps replaced", "new_status": "done"}
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.DONE
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Family moved" not in page
    assert "Lamps replaced" not in page
    assert "Lights on Rruga B" not in page
    assert "Note not shown" in page


def test_updates_on_a_marked_action_stay_internal(meeting, police_liaison, police_unit):
    action = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, assignee=police_liaison, marked_restricted=True
    )
    with pytest.raises(ForumError, match="restricted, so its updates stay internal"):
        services.post_update(action=action, by=police_liaison, note="Visit", is_public=True)
    assert not ActionUpdate.objects.exists()


def test_the_action_page_logs_a_two_factor_reading_with_the_concern_shown(
    client, police_liaison, meeting, police_unit, restricted_concern
):
    action = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, concern=restricted_concern
    )
    client.force_login(police_liaison)
    client.get(action.get_absolute_url())
    assert list(RestrictedAccess.objects.values_list("surface", "action_id", "concern", "forum")) == [
        (RestrictedAccess.ACTION_PAGE, action.pk, restricted_concern.pk, meeting.forum_id)
    ]


def test_a_public_action_page_and_a_redacted_one_log_nothing(
    client, member, police_liaison, meeting, police_unit, assigned_to_member
):
    public = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    client.force_login(police_liaison)
    client.get(public.get_absolute_url())
    assigned_to_member.marked_restricted = True
    assigned_to_member.save()
    client.force_login(member)
    client.get(assigned_to_member.get_absolute_url())
    assert not RestrictedAccess.objects.exists()


def test_a_municipal_officer_sees_the_category_and_date_of_the_restricted_concern_behind_their_action(
    client, municipal_officer, meeting, directorate, restricted_concern
):
    action = factories.ActionFactory(
        meeting=meeting, responsible_body=directorate, assignee=municipal_officer, concern=restricted_concern
    )
    client.force_login(municipal_officer)
    page = client.get(action.get_absolute_url()).content.decode()
    assert restricted_concern.category.name in page
    assert timezone.localtime(restricted_concern.created_at).strftime("%Y-%m-%d") in page
    assert restricted_concern.get_absolute_url() not in page
    assert client.get(restricted_concern.get_absolute_url()).status_code == 404


# --- The export ----------------------------------------------------------------------------------

CSV_URL = reverse("actions:my_actions_csv")


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_restricted_details_are_asked_for_the_password_again_even_right_after_login(
    client, secretary, meeting, police_unit
):
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit, marked_restricted=True)
    fresh_login(client, secretary)
    assert client.get(CSV_URL).status_code == 200
    response = client.get(CSV_URL, {"include_restricted": "1"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not RestrictedAccess.objects.exists()


def test_the_restricted_export_option_is_shown_only_to_two_factor_roles(client, secretary, member):
    client.force_login(secretary)
    assert "include_restricted=1" in client.get(reverse("actions:my_actions")).content.decode()
    client.force_login(member)
    assert "include_restricted=1" not in client.get(reverse("actions:my_actions")).content.decode()


def test_restricted_details_come_only_from_forums_where_the_user_reads_them(
    client, secretary, meeting, police_unit, other_forum
):
    # The secretary is also a plain member of another forum and assigned a restricted action there.
    factories.MembershipFactory(user=secretary, forum=other_forum, role=Membership.MEMBER)
    other_meeting = factories.MeetingFactory(forum=other_forum, number=1)
    home = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, marked_restricted=True, title="Home secret"
    )
    away = factories.ActionFactory(
        meeting=other_meeting, assignee=secretary, marked_restricted=True, title="Away secret"
    )
    client.force_login(secretary)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    rows = {row["id"]: row for row in rows_of(client.get(CSV_URL, {"include_restricted": "1"}))}

    assert rows[str(home.pk)]["title"] == "Home secret"
    assert rows[str(away.pk)]["title"] == ""
    assert rows[str(away.pk)]["responsible_body"] == ""
    assert list(RestrictedAccess.objects.values_list("forum", "rows")) == [(meeting.forum_id, 1)]
