"""The action form: what the concern and assignee lists say, who may hold a body's action, far due dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.forms import ActionForm
from actions.forms import ReassignForm
from actions.models import Action
from actions.models import ResponsibleBody
from forums.errors import ForumError
from forums.models import RestrictedAccess
from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def create_url(meeting):
    return reverse("actions:action_create", args=[meeting.pk])


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def valid(meeting, police_unit, police_liaison):
    return {
        "title": "Patrol near the school at 07:30",
        "responsible_body": police_unit.pk,
        "assignee": police_liaison.pk,
        "due_date": in_days(14).isoformat(),
        "priority": "normal",
    }


def concern_labels(form) -> list[str]:
    return [label for value, label in form.fields["concern"].choices if value]


# --- The concern list ------------------------------------------------------------------------------


def test_the_concern_list_shows_the_summary_of_each_concern_to_the_secretary(
    meeting, secretary, public_concern, restricted_concern
):
    labels = concern_labels(ActionForm(meeting=meeting, user=secretary))
    assert labels == [
        f"#{public_concern.pk} Traffic safety — Cars speed near the school",
        f"#{restricted_concern.pk} Domestic violence — Case reported at the school gate",
    ]


def test_a_restricted_summary_stays_out_for_someone_who_may_not_read_it(
    meeting, municipal_officer, public_concern, restricted_concern
):
    labels = concern_labels(ActionForm(meeting=meeting, user=municipal_officer))
    assert labels[0].endswith("Cars speed near the school")
    assert labels[1] == f"#{restricted_concern.pk} Domestic violence (restricted)"


def test_a_long_summary_is_shortened_in_the_list(meeting, secretary, category):
    factories.ConcernFactory(meeting=meeting, category=category, summary="fjalë " * 48)
    [label] = concern_labels(ActionForm(meeting=meeting, user=secretary))
    assert label.endswith("…")
    assert len(label) < 120


def test_the_action_form_page_logs_the_restricted_summaries_it_shows(
    client, secretary, meeting, restricted_concern
):
    client.force_login(secretary)
    content = client.get(create_url(meeting)).content.decode()
    assert "Case reported at the school gate" in content
    assert RestrictedAccess.objects.filter(
        user=secretary, concern=restricted_concern, surface=RestrictedAccess.MEETING_PAGE
    ).exists()


# --- The assignee list -----------------------------------------------------------------------------


def test_the_assignee_list_names_each_members_institution_and_role(meeting, secretary, police_liaison):
    form = ActionForm(meeting=meeting, user=secretary)
    labels = dict((value, label) for value, label in form.fields["assignee"].choices if value)
    name = police_liaison.get_full_name()
    assert labels[police_liaison.pk] == f"{name} — Kosovo Police: Police liaison officer"
    assert labels[secretary.pk] == f"{secretary.get_full_name()} — Municipality: Secretary"


def test_a_form_to_fill_lists_the_members_it_accepts_read_once_with_every_role(
    meeting, forum, secretary, chair, police_liaison, municipal_officer, django_assert_num_queries
):
    factories.MembershipFactory(user=chair, forum=forum, role="member", institution="community")
    factories.MembershipFactory(user=police_liaison, forum=factories.ForumFactory(), role="member")
    form = ActionForm(meeting=meeting, user=secretary)
    field = form.fields["assignee"]
    with django_assert_num_queries(0):
        listed = [(value.value, label) for value, label in field.choices if value]
    assert [pk for pk, _label in listed] == list(field.queryset.values_list("pk", flat=True))
    assert (
        dict(listed)[chair.pk]
        == f"{chair.get_full_name()} — Municipality, Community representative: Chair, Member"
    )


def test_the_meeting_page_shows_the_same_labels(client, secretary, meeting, police_liaison):
    client.force_login(secretary)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert f"{police_liaison.get_full_name()} — Kosovo Police: Police liaison officer" in content


# --- Who may hold a body's action ------------------------------------------------------------------


def test_a_police_units_action_goes_to_a_police_member_of_the_forum(
    meeting, secretary, municipal_officer, police_liaison, police_unit
):
    with pytest.raises(
        ForumError, match="is a police unit: choose a member of this forum from Kosovo Police"
    ) as error:
        services.assign_action(
            meeting=meeting,
            by=secretary,
            title="Patrol",
            responsible_body=police_unit,
            assignee=municipal_officer,
            due_date=in_days(10),
        )
    assert error.value.field == "assignee"
    services.assign_action(
        meeting=meeting,
        by=secretary,
        title="Patrol",
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=in_days(10),
    )


def test_a_directorates_action_goes_to_a_municipal_member_of_the_forum(
    meeting, secretary, municipal_officer, police_liaison, directorate
):
    with pytest.raises(
        ForumError, match="is a municipal directorate: choose a member of this forum from the municipality"
    ):
        services.assign_action(
            meeting=meeting,
            by=secretary,
            title="Street lights",
            responsible_body=directorate,
            assignee=police_liaison,
            due_date=in_days(10),
        )
    services.assign_action(
        meeting=meeting,
        by=secretary,
        title="Street lights",
        responsible_body=directorate,
        assignee=municipal_officer,
        due_date=in_days(10),
    )


def test_another_institutions_action_may_go_to_any_member(meeting, secretary, member, municipality):
    centre = factories.ResponsibleBodyFactory(
        municipality=municipality, kind=ResponsibleBody.OTHER, name_sq="Qendra për Punë Sociale"
    )
    action = services.assign_action(
        meeting=meeting,
        by=secretary,
        title="Visit",
        responsible_body=centre,
        assignee=member,
        due_date=in_days(9),
    )
    assert action.assignee == member


def test_reassigning_follows_the_same_rule(meeting, secretary, municipal_officer, police_unit):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    with pytest.raises(ForumError, match="Kosovo Police"):
        services.reassign_action(
            action=action,
            by=secretary,
            responsible_body=police_unit,
            assignee=municipal_officer,
            due_date=in_days(9),
        )


def test_the_form_says_it_next_to_the_assignee_and_keeps_what_was_typed(
    client, secretary, meeting, municipal_officer, valid
):
    client.force_login(secretary)
    response = client.post(create_url(meeting), {**valid, "assignee": municipal_officer.pk})
    assert response.status_code == 200
    assert "Kosovo Police" in response.context["form"].errors["assignee"][0]
    assert valid["title"] in response.content.decode()
    assert not Action.objects.exists()


# --- A due date far ahead --------------------------------------------------------------------------


def test_a_due_date_more_than_a_year_ahead_asks_for_a_confirmation_keeping_what_was_typed(
    client, secretary, meeting, valid
):
    client.force_login(secretary)
    typed = {**valid, "due_date": "2099-01-31", "description": "Every morning at the gate"}
    response = client.post(create_url(meeting), typed)

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["due_date"][0].code == "far_ahead"
    content = response.content.decode()
    assert 'type="checkbox" name="confirm_due_date"' in content
    assert 'value="2099-01-31"' in content
    assert valid["title"] in content and "Every morning at the gate" in content
    assert not Action.objects.exists()

    response = client.post(create_url(meeting), {**typed, "confirm_due_date": "on"})
    assert response.status_code == 302
    assert Action.objects.get().due_date == datetime.date(2099, 1, 31)


def test_a_due_date_within_a_year_needs_no_confirmation(client, secretary, meeting, valid):
    client.force_login(secretary)
    response = client.post(create_url(meeting), {**valid, "due_date": in_days(360).isoformat()})
    assert response.status_code == 302


def test_the_confirmation_box_is_not_shown_until_needed(client, secretary, meeting):
    client.force_login(secretary)
    content = client.get(create_url(meeting)).content.decode()
    assert 'type="hidden" name="confirm_due_date"' in content
    assert 'type="checkbox" name="confirm_due_date"' not in content


def test_reassigning_to_a_far_due_date_asks_too_but_an_unchanged_one_does_not(
    meeting, police_unit, police_liaison
):
    action = factories.ActionFactory(
        meeting=meeting,
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=datetime.date(2099, 1, 1),
    )
    data = {
        "title": action.title,
        "priority": action.priority,
        "responsible_body": police_unit.pk,
        "assignee": police_liaison.pk,
        "marked_restricted": "",
    }
    assert ReassignForm({**data, "due_date": "2099-01-01"}, instance=action).is_valid()
    far = ReassignForm({**data, "due_date": "2098-06-01"}, instance=action)
    assert not far.is_valid()
    assert far.errors.as_data()["due_date"][0].code == "far_ahead"
