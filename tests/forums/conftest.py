"""Helpers for the staff view tests."""

import pytest

from forums import visibility
from forums.models import Concern
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
def sensitive(meeting, restricted_category):
    """A restricted concern on a general topic: a candidate for the two-person rule."""
    return factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        summary="Awareness evening on violence at home",
        details="Raised after the case in the north quarter",
        neighbourhood="Lagjja Dardania",
        visibility=Concern.RESTRICTED,
    )


@pytest.fixture
def proposal(sensitive, secretary):
    """The secretary's proposal to make `sensitive` public, waiting for the chair."""
    return visibility.propose_public(
        concern=sensitive, by=secretary, reason="General awareness topic, no case"
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
