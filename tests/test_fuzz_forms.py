"""Random, huge, mistyped and unknown-id input to every staff form never gives a 500.

Hypothesis posts dictionaries built from each form's real field names (plus stray ones) with
values that are text, numbers, huge strings, odd dates, unknown or foreign ids, or several
values for one field. Whatever comes back — a form with errors, a redirect, 400, 403 or 404 —
it must not be a server error. The public filter pages get the same treatment as GET params.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from actions.forms import ActionForm
from actions.forms import ActionUpdateForm
from actions.forms import ReassignForm
from forums.forms import AgendaItemForm
from forums.forms import AgendaReorderForm
from forums.forms import AttendanceForm
from forums.forms import ConcernEditForm
from forums.forms import ConcernForm
from forums.forms import MeetingEditForm
from forums.forms import MeetingForm
from forums.minutes.forms import MinutesForm
from forums.minutes.forms import ReturnMinutesForm
from forums.minutes.services import start_minutes
from portal.filters import MinutesFilter
from tests import factories
from tests.session_support import fresh_login

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ODD_VALUES = [
    "",
    "0",
    "-1",
    "9" * 25,
    "1e309",
    "nan",
    "NaN",
    "true",
    "None",
    "null",
    "[]",
    "{}",
    "2026-13-45",
    "2026-02-30T25:61",
    "0000-00-00",
    "9999-12-31 23:59",
    "../../etc/passwd",
    "\x00",
    "1,2,3",
    "1, 1, 1",
    "up",
    "down",
    "sideways",
    "' OR 1=1 --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ ع",
]


def scalar():
    return st.one_of(
        st.text(max_size=60),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(ODD_VALUES),
        st.integers(min_value=1_000, max_value=120_000).map(lambda n: "x" * n),
    )


def post_data(field_names):
    names = st.sampled_from([*field_names, "direction", "order", "csrfmiddlewaretoken", "pk", "id"])
    return st.dictionaries(names, st.one_of(scalar(), st.lists(scalar(), max_size=4)), max_size=10)


@pytest.fixture
def world(forum, other_forum, secretary, chair, police_unit, category, restricted_category):
    meeting = factories.MeetingFactory(forum=forum, number=1)
    foreign = factories.MeetingFactory(forum=other_forum, number=1)
    item = factories.AgendaItemFactory(meeting=meeting)
    concern = factories.ConcernFactory(meeting=meeting, category=category)
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    # Ids of another forum: a form must refuse them as choices, not fail on them.
    factories.AgendaItemFactory(meeting=foreign)
    factories.ConcernFactory(meeting=foreign, category=category)
    start_minutes(meeting=meeting, by=secretary)
    return {"meeting": meeting, "item": item, "concern": concern, "action": action, "forum": forum}


ENDPOINTS = {
    "meeting_create": (lambda w: reverse("forums:meeting_create", args=[w["forum"].slug]), MeetingForm),
    "meeting_edit": (lambda w: reverse("forums:meeting_edit", args=[w["meeting"].pk]), MeetingEditForm),
    "attendance": (lambda w: reverse("forums:meeting_attendance", args=[w["meeting"].pk]), AttendanceForm),
    "agenda_add": (lambda w: reverse("forums:agenda_item_add", args=[w["meeting"].pk]), AgendaItemForm),
    "agenda_edit": (
        lambda w: reverse("forums:agenda_item_edit", args=[w["meeting"].pk, w["item"].pk]),
        AgendaItemForm,
    ),
    "agenda_move": (
        lambda w: reverse("forums:agenda_item_move", args=[w["meeting"].pk, w["item"].pk]),
        AgendaItemForm,
    ),
    "agenda_reorder": (lambda w: reverse("forums:agenda_reorder", args=[w["meeting"].pk]), AgendaReorderForm),
    "concern_create": (lambda w: reverse("forums:concern_create", args=[w["meeting"].pk]), ConcernForm),
    "concern_edit": (lambda w: reverse("forums:concern_edit", args=[w["concern"].pk]), ConcernEditForm),
    "minutes_edit": (
        lambda w: reverse("minutes:transition", args=[w["meeting"].pk, "edit"]),
        MinutesForm,
    ),
    "minutes_return": (
        lambda w: reverse("minutes:transition", args=[w["meeting"].pk, "return"]),
        ReturnMinutesForm,
    ),
    "action_create": (lambda w: reverse("actions:action_create", args=[w["meeting"].pk]), ActionForm),
    "action_update": (lambda w: reverse("actions:action_update", args=[w["action"].pk]), ActionUpdateForm),
    "action_reassign": (lambda w: reverse("actions:action_reassign", args=[w["action"].pk]), ReassignForm),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_random_posts_to_staff_forms_never_give_a_server_error(world, secretary, endpoint):
    url_for, form_class = ENDPOINTS[endpoint]
    url = url_for(world)
    client = Client(raise_request_exception=False)
    fresh_login(client, secretary)

    @FUZZ
    @given(data=post_data(list(form_class.base_fields)))
    def check(data):
        response = client.post(url, data)
        assert response.status_code < 500, (endpoint, data)

    check()


@pytest.mark.parametrize("path", ["/minutes/", "/meetings/", "/en/minutes/"])
def test_random_filters_on_public_lists_never_give_a_server_error(db, path):
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(params=post_data([*MinutesFilter.base_filters, "page"]))
    def check(params):
        response = client.get(path, params)
        assert response.status_code < 500, (path, params)

    check()
