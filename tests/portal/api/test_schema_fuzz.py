"""Schemathesis against the served OpenAPI schema (/api/v1/schema/): every operation, its filters
and their combinations, generated from the schema, on a world with public and restricted records.

Passes when no response is a server error and every response conforms to the schema (status code,
content type, body). Marked `api_fuzz`: `make test-full` runs it as a group of its own (about a
minute); `make test` leaves it out. Run it alone with `.venv/bin/pytest -m api_fuzz`.
"""

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from actions.models import Action
from forums import visibility
from forums.minutes import rendering
from forums.models import Concern
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish

pytestmark = pytest.mark.api_fuzz
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def fuzz_world(
    transactional_db,
    forum,
    other_forum,
    secretary,
    chair,
    category,
    restricted_category,
    police_unit,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """Published minutes (one version withdrawn), public and restricted concerns and actions, a tombstone."""
    monkeypatch.setattr(rendering, "render_minutes_pdf_bytes", lambda context, body: b"%PDF-1.4 fuzz")
    meeting = past_meeting(forum, days_ago=40)
    public = factories.ConcernFactory(meeting=meeting, category=category, status=Concern.CLOSED)
    factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility=Concern.RESTRICTED)
    action = factories.ActionFactory(meeting=meeting, concern=public, status=Action.DONE)
    factories.ActionUpdateFactory(action=action, is_public=True)
    factories.ActionFactory(meeting=meeting, marked_restricted=True)
    withdrawn = factories.ConcernFactory(meeting=meeting, category=category, summary="Do të kufizohet")
    publish(
        approved_minutes(meeting, secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        visibility.change_visibility(concern=withdrawn, visibility=Concern.RESTRICTED, by=secretary)
    factories.MeetingFactory(forum=forum, number=99)
    past_meeting(other_forum, days_ago=3)


def served_schema() -> dict:
    """The schema as /api/v1/schema/ serves it (it needs no database, so it is read at collection)."""
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


schema = schemathesis.openapi.from_dict(served_schema())


@pytest.mark.usefixtures("fuzz_world")
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(case, live_server):
    case.call_and_validate(base_url=live_server.url, checks=CHECKS)
