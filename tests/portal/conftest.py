"""A published world for the public pages: public, closed and unpublished minutes, upcoming meetings."""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import TestCase
from django.utils import timezone
from django.utils import translation

from forums.minutes import services as minutes_services
from forums.models import Concern
from forums.models import Meeting
from tests import builders
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish


@pytest.fixture(autouse=True)
def _default_language():
    """Requests activate their language in this thread; start every test from Albanian again."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def built_world(module_rows) -> SimpleNamespace:
    """Publishing renders PDFs: the world is built once per module (tests/shared_rows.py)."""
    with module_rows.building():
        municipality = builders.municipality()
        forum = builders.forum(municipality)
        return _published_world(
            SimpleNamespace(
                municipality=municipality,
                forum=forum,
                other_forum=builders.other_forum(),
                secretary=builders.persona("secretary", forum),
                chair=builders.persona("chair", forum),
                category=builders.category(),
                restricted_category=builders.restricted_category(),
                police_unit=builders.police_unit(municipality),
            )
        )


@pytest.fixture
def world(built_world, module_rows, db, request) -> SimpleNamespace:
    """The published world, with the forums and people it was built from.

    A module using it takes those from it too (see world_people.py): its own `forum` would clash.
    """
    return module_rows.for_test(built_world, request)


def _published_world(people: SimpleNamespace) -> SimpleNamespace:
    forum, other_forum, secretary, chair = people.forum, people.other_forum, people.secretary, people.chair
    category, restricted_category = people.category, people.restricted_category
    capture = TestCase.captureOnCommitCallbacks
    published_meeting = past_meeting(forum, days_ago=20, location="Sala e Kuvendit")
    factories.AgendaItemFactory(
        meeting=published_meeting, title="Trafiku para shkollës", discussion="Diskutim i hapur."
    )
    factories.ConcernFactory(meeting=published_meeting, category=category, summary="Mungon vendkalimi")
    factories.ConcernFactory(
        meeting=published_meeting,
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        summary="përmbledhje e fshehtë",
        details="detaje të fshehta",
    )
    minutes = publish(
        approved_minutes(
            published_meeting, secretary=secretary, chair=chair, narrative="Ndriçimi i rrugës Agim Ramadani"
        ),
        by=secretary,
        capture=capture,
    )

    closed_meeting = past_meeting(forum, days_ago=15, is_public=False)
    closed_minutes = publish(
        approved_minutes(closed_meeting, secretary=secretary, chair=chair, narrative="Takim i mbyllur"),
        by=secretary,
        capture=capture,
    )

    draft_meeting = past_meeting(forum, days_ago=5)
    draft = minutes_services.start_minutes(meeting=draft_meeting, by=secretary)

    soon = timezone.now() + datetime.timedelta(days=3)
    upcoming = factories.MeetingFactory(forum=forum, number=50, starts_at=soon, location="Qendra Rinore")
    upcoming_closed = factories.MeetingFactory(forum=forum, number=51, starts_at=soon, is_public=False)
    cancelled = factories.MeetingFactory(
        forum=forum, number=52, starts_at=soon, status=Meeting.CANCELLED, location="Anuluar"
    )
    other_meeting = past_meeting(other_forum, days_ago=30)
    return SimpleNamespace(
        **vars(people),
        minutes=minutes,
        meeting=published_meeting,
        closed_minutes=closed_minutes,
        closed_meeting=closed_meeting,
        draft=draft,
        draft_meeting=draft_meeting,
        upcoming=upcoming,
        upcoming_closed=upcoming_closed,
        cancelled=cancelled,
        other_meeting=other_meeting,
    )
