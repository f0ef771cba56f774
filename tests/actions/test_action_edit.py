"""Correcting an action's title, description and priority: whoever may reassign it, in the same form, on
its own page or in place on the meeting page; too long a title is refused, never cut."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.forms import ReassignForm
from actions.models import Action
from forums.errors import ForumError
from forums.models import Meeting
from tests import builders
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HTTP_HX_REQUEST": "true"}
TYPO = "Kontrolle shpejtsie"
FIXED = "Kontrolle shpejtësie çdo mëngjes"


@pytest.fixture
def action(forum, police_unit):
    meeting = factories.MeetingFactory(
        forum=forum, starts_at=timezone.now() - datetime.timedelta(hours=2), status=Meeting.HELD
    )
    return factories.ActionFactory(meeting=meeting, responsible_body=police_unit, title=TYPO)


def correct(action, *, by, **text) -> Action:
    """The service as the form calls it: the assignment as it is, the text as given."""
    return services.reassign_action(
        action=action,
        by=by,
        responsible_body=action.responsible_body,
        assignee=action.assignee,
        due_date=action.due_date,
        **text,
    )


# --- The service -------------------------------------------------------------------------------------


def test_the_secretary_corrects_the_title_description_and_priority_and_the_history_names_her(
    action, secretary
):
    correct(action, by=secretary, title=FIXED, description="Te shkolla", priority=Action.URGENT)

    action.refresh_from_db()
    assert (action.title, action.description, action.priority) == (FIXED, "Te shkolla", Action.URGENT)
    latest = action.history.first()
    assert latest.history_user == secretary and latest.title == FIXED
    assert action.history.last().title == TYPO


def test_a_police_liaison_corrects_the_text_of_a_police_action_as_he_reassigns_it(action, police_liaison):
    correct(action, by=police_liaison, title=FIXED)

    action.refresh_from_db()
    assert action.title == FIXED


def test_text_not_given_stays_as_it_was(action, secretary, directorate):
    services.reassign_action(
        action=action, by=secretary, responsible_body=directorate, assignee=None, due_date=action.due_date
    )

    action.refresh_from_db()
    assert (action.title, action.responsible_body) == (TYPO, directorate)


def test_a_title_over_the_limit_is_refused_whole_and_nothing_is_saved(action, secretary):
    with pytest.raises(ForumError, match="The title has 201 characters: the limit is 200.") as error:
        correct(action, by=secretary, title="x" * 201, priority=Action.HIGH)

    assert error.value.field == "title"
    action.refresh_from_db()
    assert (action.title, action.priority) == (TYPO, Action.NORMAL)


def test_an_empty_title_or_an_unknown_priority_is_refused_on_its_field(action, secretary):
    with pytest.raises(ForumError, match="Give the action a title") as error:
        correct(action, by=secretary, title="   ")
    assert error.value.field == "title"
    with pytest.raises(ForumError, match="Unknown priority") as error:
        correct(action, by=secretary, priority="whenever")
    assert error.value.field == "priority"


def test_who_may_not_reassign_an_action_may_not_correct_its_text_either(action, chair, municipal_officer):
    for person in (chair, municipal_officer):
        with pytest.raises(ForumError, match="You cannot reassign this action"):
            correct(action, by=person, title=FIXED)
    action.refresh_from_db()
    assert action.title == TYPO


# --- The form and the pages -------------------------------------------------------------------------


def test_the_edit_form_offers_the_text_fields_of_the_assign_form_with_their_limit_and_no_concern(action):
    form = ReassignForm(instance=action)

    assert list(form.fields)[:2] == ["title", "description"] and "priority" in form.fields
    assert "concern" not in form.fields
    title = str(form["title"])
    assert 'data-max-length="200"' in title and "maxlength" not in title
    assert "Up to 200 characters." in str(form["title"].help_text)


def test_htmx_correcting_the_title_in_place_answers_the_section_with_the_new_title(client, secretary, action):
    client.force_login(secretary)
    url = reverse("actions:action_reassign", args=[action.pk])
    response = client.post(url, builders.action_edit_data(action, title=FIXED, priority=Action.HIGH), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="actions"' in html
    assert FIXED in html and TYPO not in html and "Action saved." in html
    assert f'id="action-{action.pk}-title"' not in html
    action.refresh_from_db()
    assert (action.title, action.priority) == (FIXED, Action.HIGH)


def test_htmx_a_pasted_title_over_the_limit_comes_back_422_with_everything_typed(client, secretary, action):
    pasted = ("Patrullim i përditshëm para shkollës fillore " * 6).strip()
    client.force_login(secretary)
    url = reverse("actions:action_reassign", args=[action.pk])
    response = client.post(
        url, builders.action_edit_data(action, title=pasted, description="Çdo mëngjes"), **HTMX
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html
    assert f'value="{pasted}"' in html and "Çdo mëngjes</textarea>" in html
    assert f"Ensure this value has at most 200 characters (it has {len(pasted)})." in html
    action.refresh_from_db()
    assert (action.title, action.description) == (TYPO, "")


def test_without_javascript_the_edit_page_corrects_the_title_and_goes_back_to_the_action(
    client, police_liaison, action
):
    client.force_login(police_liaison)
    url = reverse("actions:action_reassign", args=[action.pk])
    page = client.get(url).content.decode()
    assert "<h1>Edit action</h1>" in page and 'name="title"' in page

    response = client.post(url, builders.action_edit_data(action, title=FIXED))

    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert action.title == FIXED


def test_a_chair_gets_403_and_an_outsider_404_when_correcting_a_title(client, chair, outsider, action):
    url = reverse("actions:action_reassign", args=[action.pk])
    client.force_login(chair)
    assert client.post(url, builders.action_edit_data(action, title=FIXED), **HTMX).status_code == 403
    client.force_login(outsider)
    assert client.post(url, builders.action_edit_data(action, title=FIXED), **HTMX).status_code == 404
    assert client.post(url, builders.action_edit_data(action, title=FIXED)).status_code == 404
    action.refresh_from_db()
    assert action.title == TYPO
