"""Helpers for the staff view tests."""

import pytest

from tests import factories


@pytest.fixture
def agenda(meeting):
    """Three agenda items in order A, B, C."""
    return [
        factories.AgendaItemFactory(meeting=meeting, position=position, title=title)
        for position, title in enumerate(["A", "B", "C"])
    ]


@pytest.fixture
def restricted_concern(meeting, restricted_category):
    return factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        summary="Case reported at the school gate",
        details="Mother and two children, address known to police",
        visibility="restricted",
    )


@pytest.fixture
def public_concern(meeting, category):
    return factories.ConcernFactory(meeting=meeting, category=category, summary="Cars speed near the school")


@pytest.fixture
def english(settings):
    """Pages in English, so tests can read our messages before the Albanian catalogue translates them."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def debug(settings):
    """DEBUG on: the demo data command refuses to run without it."""
    settings.DEBUG = True
