"""The forums and people of the portal's published world (tests/portal/conftest.py), as fixtures.

The world is built once per module, so a module using it imports these: its tests' `forum`,
`secretary`, … are then the world's own, and what a test adds sits beside the world's rows.
"""

import pytest


@pytest.fixture
def municipality(world):
    return world.municipality


@pytest.fixture
def forum(world):
    return world.forum


@pytest.fixture
def other_forum(world):
    return world.other_forum


@pytest.fixture
def secretary(world):
    return world.secretary


@pytest.fixture
def chair(world):
    return world.chair


@pytest.fixture
def category(world):
    return world.category


@pytest.fixture
def restricted_category(world):
    return world.restricted_category


@pytest.fixture
def police_unit(world):
    return world.police_unit


__all__ = [
    "category",
    "chair",
    "forum",
    "municipality",
    "other_forum",
    "police_unit",
    "restricted_category",
    "secretary",
]
