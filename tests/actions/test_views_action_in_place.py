"""Assigning and editing an action in place on the meeting page: htmx gets the actions section (200, or
422 with the typed values), a plain post a redirect; and the due date a secretary need not type."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.forms import ActionForm
from actions.models import Action
from forums.models import Meeting
from forums.models import RestrictedAccess
from tests import builders
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HTTP_HX_REQUEST": "true"}


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    return re.search(rf'<[^>]*id="{element_id}"[^>]*>', html).group(0)


@pytest.fixture
def held_meeting(forum):
    return factories.MeetingFactory(
        forum=forum, starts_at=timezone.now() - datetime.timedelta(hours=2), status=Meeting.HELD
    )


def action_data(police_unit, **extra) -> dict:
    due = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "title": "Kontrolle shpejtësie",
        "responsible_body": police_unit.pk,
        "due_date": due.isoformat(),
        "priority": "normal",
        **extra,
    }


def test_htmx_assigning_an_action_answers_the_actions_section_with_a_fresh_form(
    client, secretary, held_meeting, police_unit
):
    client.force_login(secretary)
    url = reverse("actions:action_create", args=[held_meeting.pk])
    response = client.post(url, action_data(police_unit), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="actions"' in html
    assert "Kontrolle shpejtësie" in html and "assigned." in html
    assert 'id="action-title"' in html
    assert Action.objects.filter(meeting=held_meeting).count() == 1


def test_a_plain_post_assigning_an_action_still_redirects(client, secretary, held_meeting, police_unit):
    client.force_login(secretary)
    response = client.post(reverse("actions:action_create", args=[held_meeting.pk]), action_data(police_unit))
    assert response.status_code == 302
    assert response["Location"] == held_meeting.get_absolute_url() + "#actions"


def test_htmx_action_without_a_body_comes_back_422_with_the_title_typed(
    client, secretary, held_meeting, police_unit
):
    client.force_login(secretary)
    url = reverse("actions:action_create", args=[held_meeting.pk])
    response = client.post(url, action_data(police_unit, responsible_body=""), **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html and "Kontrolle shpejtësie" in html
    assert 'aria-invalid="true"' in html
    assert not Action.objects.exists()


def test_htmx_get_answers_the_action_form_alone_with_its_concern_list_logged(
    client, secretary, held_meeting, restricted_category
):
    concern = factories.ConcernFactory(
        meeting=held_meeting, category=restricted_category, summary="Rast i ndjeshëm", visibility="restricted"
    )
    client.force_login(secretary)
    response = client.get(reverse("actions:action_create", args=[held_meeting.pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="action-concern"' in html
    assert 'hx-trigger="concerns-changed from:body"' in html
    # The secretary reads the restricted summary in the list: logged as a view.
    assert RestrictedAccess.objects.filter(concern=concern).exists()


def test_htmx_assigning_keeps_the_permissions_a_member_403_an_outsider_404(
    client, member, outsider, held_meeting, police_unit
):
    url = reverse("actions:action_create", args=[held_meeting.pk])
    client.force_login(member)
    assert client.post(url, action_data(police_unit), **HTMX).status_code == 403
    client.force_login(outsider)
    assert client.post(url, action_data(police_unit), **HTMX).status_code == 404


def test_an_action_is_due_at_the_forums_next_meeting_unless_changed(forum, held_meeting):
    following = factories.MeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=20))
    form = ActionForm(meeting=held_meeting)
    assert form["due_date"].value() == timezone.localtime(following.starts_at).date()


def test_without_a_next_meeting_an_action_is_due_four_weeks_on(held_meeting):
    form = ActionForm(meeting=held_meeting)
    assert form["due_date"].value() == timezone.localdate() + datetime.timedelta(weeks=4)


def test_the_refreshed_concern_list_keeps_the_concern_already_chosen(
    client, secretary, held_meeting, category
):
    chosen = factories.ConcernFactory(meeting=held_meeting, category=category)
    factories.ConcernFactory(meeting=held_meeting, category=category)
    client.force_login(secretary)
    url = reverse("actions:action_create", args=[held_meeting.pk])
    html = client.get(url, {"concern": chosen.pk}, **HTMX).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html


# --- Actions edited in place: the row opened as the edit form-------------------------------------------


@pytest.fixture
def restricted_action(held_meeting, restricted_category, police_unit):
    concern = factories.ConcernFactory(
        meeting=held_meeting, category=restricted_category, summary="Rast i ndjeshëm", visibility="restricted"
    )
    return factories.ActionFactory(
        meeting=held_meeting, concern=concern, title="Takim me familjen", responsible_body=police_unit
    )


def test_the_meeting_page_offers_the_secretary_to_edit_each_action_in_place(
    client, secretary, chair, held_meeting, police_unit
):
    action = factories.ActionFactory(meeting=held_meeting, responsible_body=police_unit)
    edit = reverse("actions:action_reassign", args=[action.pk])
    client.force_login(secretary)
    html = client.get(held_meeting.get_absolute_url()).content.decode()
    assert f'<a href="{edit}" data-hx-get="{edit}" id="action-{action.pk}-edit">' in html
    client.force_login(chair)
    assert edit not in client.get(held_meeting.get_absolute_url()).content.decode()


def test_htmx_editing_an_action_opens_its_row_as_the_form_and_logs_it_as_the_edit_page(
    client, secretary, held_meeting, restricted_action
):
    client.force_login(secretary)
    response = client.get(reverse("actions:action_reassign", args=[restricted_action.pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="actions"' in html
    assert "autofocus" in tag(html, f"action-{restricted_action.pk}-title")
    assert "Takim me familjen" in html
    logged = set(RestrictedAccess.objects.values_list("surface", "action_id", "concern_id"))
    # As the edit page logs it, as the meeting page logs the actions shown, and the form's
    # list of concerns naming the restricted one.
    assert logged == {
        (RestrictedAccess.ACTION_PAGE, restricted_action.pk, None),
        (RestrictedAccess.MEETING_PAGE, restricted_action.pk, None),
        (RestrictedAccess.MEETING_PAGE, None, restricted_action.concern_id),
    }


def test_htmx_saving_an_action_in_place_answers_the_actions_with_its_row_back(
    client, secretary, held_meeting, police_unit
):
    action = factories.ActionFactory(meeting=held_meeting, responsible_body=police_unit, title="Kontrolle")
    later = timezone.localdate() + datetime.timedelta(days=40)
    client.force_login(secretary)
    url = reverse("actions:action_reassign", args=[action.pk])
    response = client.post(url, builders.action_edit_data(action, due_date=later.isoformat()), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="actions"' in html
    assert "Action saved." in html
    assert f'id="action-{action.pk}-due_date"' not in html and f'id="action-{action.pk}-edit"' in html
    action.refresh_from_db()
    assert action.due_date == later


def test_htmx_action_edit_with_an_error_comes_back_422_with_what_was_typed(
    client, secretary, held_meeting, police_unit
):
    action = factories.ActionFactory(meeting=held_meeting, responsible_body=police_unit)
    due = action.due_date
    before_the_meeting = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    client.force_login(secretary)
    url = reverse("actions:action_reassign", args=[action.pk])
    response = client.post(url, builders.action_edit_data(action, due_date=before_the_meeting), **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html
    assert f'value="{before_the_meeting}"' in html and "cannot be before the meeting" in html
    action.refresh_from_db()
    assert action.due_date == due


def test_a_plain_post_of_the_reassign_form_still_redirects_to_the_action(
    client, secretary, held_meeting, police_unit
):
    action = factories.ActionFactory(meeting=held_meeting, responsible_body=police_unit)
    client.force_login(secretary)
    url = reverse("actions:action_reassign", args=[action.pk])
    assert "<html" in client.get(url).content.decode()
    response = client.post(url, builders.action_edit_data(action))
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()


def test_htmx_action_edits_keep_the_permissions_a_chair_403_an_outsider_404(
    client, chair, outsider, held_meeting, police_unit
):
    action = factories.ActionFactory(meeting=held_meeting, responsible_body=police_unit)
    url = reverse("actions:action_reassign", args=[action.pk])
    later = (timezone.localdate() + datetime.timedelta(days=50)).isoformat()
    client.force_login(chair)
    assert client.get(url, **HTMX).status_code == 403
    assert client.post(url, builders.action_edit_data(action, due_date=later), **HTMX).status_code == 403
    client.force_login(outsider)
    assert client.get(url, **HTMX).status_code == 404
    assert client.post(url, builders.action_edit_data(action, due_date=later), **HTMX).status_code == 404
    action.refresh_from_db()
    assert action.due_date != datetime.date.fromisoformat(later)


def test_cancelling_an_action_edit_asks_the_meeting_page_for_the_actions_section(
    client, secretary, held_meeting, restricted_action
):
    client.force_login(secretary)
    response = client.get(held_meeting.get_absolute_url(), HTTP_HX_TARGET="actions", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="actions"' in html and 'id="concerns"' not in html
    assert f'id="action-{restricted_action.pk}-edit"' in html
    # Alone, the section logs the restricted concern its form's list names (the page would log it
    # with the concerns).
    assert RestrictedAccess.objects.filter(
        concern=restricted_action.concern, surface=RestrictedAccess.MEETING_PAGE
    ).exists()


def test_an_action_assigned_in_place_logs_the_restricted_concern_its_fresh_form_names(
    client, secretary, held_meeting, police_unit, restricted_category
):
    concern = factories.ConcernFactory(
        meeting=held_meeting, category=restricted_category, summary="Rast i ndjeshëm", visibility="restricted"
    )
    client.force_login(secretary)
    response = client.post(
        reverse("actions:action_create", args=[held_meeting.pk]), action_data(police_unit), **HTMX
    )
    assert response.status_code == 200 and "Rast i ndjeshëm" in response.content.decode()
    assert RestrictedAccess.objects.filter(concern=concern).count() == 1
