"""Long text is never cut: every staff form says its limits, counts live, and refuses what is too long.

A browser cuts a paste at an input's `maxlength` without a word, mid-word, and the cut text is saved;
so no staff form writes that attribute. The limit is in the help text and `data-max-length` (for the
live count in static/js/staff.js), and the form refuses longer text with a message, keeping it.
"""

import re

import pytest
from django.urls import reverse

from actions.forms import ActionForm
from actions.forms import ReassignForm
from forums.forms import AgendaItemForm
from forums.forms import AgendaReorderForm
from forums.forms import ConcernCloseForm
from forums.forms import ConcernEditForm
from forums.forms import ConcernForm
from forums.forms import MeetingEditForm
from forums.forms import MeetingForm
from forums.forms import ProposePublicForm
from forums.minutes.forms import ReturnMinutesForm
from forums.models import Concern
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

FORMS = {
    "meeting": lambda w: MeetingForm(forum=w.meeting.forum),
    "meeting edit": lambda w: MeetingEditForm(instance=w.meeting, forum=w.meeting.forum),
    "agenda item": lambda w: AgendaItemForm(),
    "agenda order": lambda w: AgendaReorderForm(meeting=w.meeting),
    "concern": lambda w: ConcernForm(meeting=w.meeting),
    "concern edit": lambda w: ConcernEditForm(meeting=w.meeting, instance=w.concern),
    "closing": lambda w: ConcernCloseForm(instance=w.concern),
    "proposal": lambda w: ProposePublicForm(),
    "action": lambda w: ActionForm(meeting=w.meeting, user=w.secretary),
    "action edit": lambda w: ReassignForm(instance=w.action),
    "return minutes": lambda w: ReturnMinutesForm(),
}


@pytest.fixture
def world(meeting, public_concern, secretary, police_unit):
    class World:
        pass

    world = World()
    world.meeting, world.concern, world.secretary = meeting, public_concern, secretary
    world.action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    return world


def limited_fields(form):
    return [bound for bound in form.visible_fields() if getattr(bound.field, "max_length", None)]


@pytest.mark.parametrize("name", FORMS)
def test_no_staff_form_lets_the_browser_cut_text_and_each_states_its_limit(world, name):
    form = FORMS[name](world)
    fields = limited_fields(form)
    assert fields, f"{name} has no field with a limit: take it off the list"
    for bound in fields:
        html = str(bound)
        limit = bound.field.max_length
        assert "maxlength" not in html, f"{name}.{bound.name}: {html}"
        assert f'data-max-length="{limit}"' in html
        assert f"Up to {limit} characters." in str(bound.help_text)
        # Screen readers hear the limit with the field: its help text is what the field points to.
        assert f'aria-describedby="{bound.auto_id}_helptext"' in html


def test_the_help_text_keeps_what_the_form_says_and_adds_the_limit(world):
    summary = ConcernForm(meeting=world.meeting)["summary"]
    assert str(summary.help_text) == (
        "Shown to citizens when the concern is public. No names of private persons. Up to 300 characters."
    )


def test_the_live_count_texts_come_translated_with_the_field(world):
    html = str(ConcernForm(meeting=world.meeting)["summary"])
    assert 'data-count-text="{count} of {limit} characters"' in html
    assert 'data-over-text="{count} of {limit} characters: {over} too many"' in html


@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("forums:concern_create", args=[w.meeting.pk]),
        lambda w: reverse("forums:meeting_detail", args=[w.meeting.pk]),
        lambda w: reverse("forums:agenda_item_add", args=[w.meeting.pk]),
        lambda w: reverse("actions:action_create", args=[w.meeting.pk]),
        lambda w: reverse("actions:action_reassign", args=[w.action.pk]),
        lambda w: reverse("forums:meeting_create", args=[w.meeting.forum.slug]),
        lambda w: reverse("forums:concern_detail", args=[w.concern.pk]),
    ],
    ids=["concern", "meeting page", "agenda item", "action", "action edit", "meeting", "concern page"],
)
def test_no_staff_page_writes_maxlength(client, world, page):
    client.force_login(world.secretary)
    content = client.get(page(world)).content.decode()
    assert "data-max-length" in content
    assert not re.search(r"\smaxlength=", content)


def test_staff_pages_load_the_script_that_counts(client, world):
    client.force_login(world.secretary)
    content = client.get(reverse("forums:concern_create", args=[world.meeting.pk])).content.decode()
    assert "js/staff.js" in content


def test_a_pasted_10000_characters_summary_is_refused_and_kept_not_cut(client, world, category):
    pasted = ("Banorët e lagjes raportojnë shpejtësi të lartë " * 250)[:10_000]
    client.force_login(world.secretary)
    response = client.post(
        reverse("forums:concern_create", args=[world.meeting.pk]),
        {"category": category.pk, "summary": pasted, "source": "citizen"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == [
        "Ensure this value has at most 300 characters (it has 10000)."
    ]
    assert pasted.strip() in response.content.decode()
    assert Concern.objects.filter(summary__startswith="Banorët").count() == 0
