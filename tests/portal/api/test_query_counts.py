"""Every API list runs the same number of queries for a page of 5 records as for a page of 40."""

import pytest
from django.test import TestCase

from actions.models import Action
from forums.minutes import rendering
from forums.models import Concern
from tests import builders
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish


@pytest.fixture(scope="module")
def built_many(module_rows) -> None:
    """40 meetings with published minutes, each with public and restricted concerns and actions.

    Built once for the module (tests/shared_rows.py): the tests only read them.
    """
    with module_rows.building(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "render_minutes_pdf_bytes", lambda context, body: b"%PDF-1.4 fake")
        forum = builders.forum(builders.municipality())
        _many(
            forum,
            secretary=builders.persona("secretary", forum),
            chair=builders.persona("chair", forum),
            category=builders.category(),
            restricted_category=builders.restricted_category(),
            police_unit=builders.police_unit(forum.municipality),
        )


@pytest.fixture
def many(built_many, module_rows, db, request) -> None:
    module_rows.for_test(built_many, request)


def _many(forum, *, secretary, chair, category, restricted_category, police_unit) -> None:
    for _n in range(40):
        meeting = past_meeting(forum)
        concern = factories.ConcernFactory(meeting=meeting, category=category)
        factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility=Concern.RESTRICTED)
        action = factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=police_unit)
        factories.ActionUpdateFactory(action=action, is_public=True)
        factories.ActionFactory(
            meeting=meeting, responsible_body=police_unit, marked_restricted=True, status=Action.DONE
        )
        # A published agenda (read through the privacy gate) on every meeting.
        factories.AgendaItemFactory(meeting=meeting, title="Street lighting near the school")
        publish(
            approved_minutes(meeting, secretary=secretary, chair=chair),
            by=secretary,
            capture=TestCase.captureOnCommitCallbacks,
        )
        meeting.agenda_published_at = meeting.starts_at
        meeting.save(update_fields=["agenda_published_at"])
        factories.MunicipalityFactory()
        factories.ForumFactory(municipality=forum.municipality)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/municipalities/",
        "/api/v1/forums/",
        "/api/v1/meetings/",
        "/api/v1/minutes/",
        "/api/v1/concerns/",
        "/api/v1/actions/",
    ],
)
def test_a_page_costs_the_same_queries_whatever_its_size(client, many, url, django_assert_max_num_queries):
    counts = []
    for size in (5, 40):
        with django_assert_max_num_queries(8) as captured:
            response = client.get(url, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_statistics_cost_a_fixed_number_of_queries(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/statistics/").status_code == 200
