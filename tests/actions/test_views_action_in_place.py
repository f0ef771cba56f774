"""Assigning an action in place on the meeting page: htmx gets the actions section (200, or 422 with the
typed values), a plain post a redirect; and the due date a secretary need not type."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.forms import ActionForm
from actions.models import Action
from forums.models import Meeting, RestrictedAccess
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HTTP_HX_REQUEST": "true"}


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
