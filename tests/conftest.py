"""Personas and a small world: two municipalities, each with a forum and its people.

`forum` is the home forum; `other_forum` belongs to another municipality and its
secretary is the `outsider`.
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import translation

from tests import builders
from tests import factories
from tests import shared_rows


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Each test (and so each xdist worker) writes its files in a folder of its own.
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, value in shared_rows.TEST_SETTINGS.items():
        setattr(settings, name, value)
    # Login rate limits live in the cache: each test starts with none.
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read our English source strings; tests/test_i18n.py checks the Albanian default.

    Requests leave their language active in the test thread, so each test starts afresh.
    """
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def municipality(db):
    return builders.municipality()


@pytest.fixture
def forum(municipality):
    return builders.forum(municipality)


@pytest.fixture
def other_forum(db):
    return builders.other_forum()


def _home_persona(name: str):
    """The fixture `name`: that persona of the home forum (tests/builders.py PERSONAS)."""

    @pytest.fixture(name=name)
    def persona(forum):
        """A person of the home forum in this role; roles that read restricted text have TOTP."""
        return builders.persona(name, forum)

    return persona


secretary = _home_persona("secretary")
chair = _home_persona("chair")
police_liaison = _home_persona("police_liaison")
municipal_officer = _home_persona("municipal_officer")
member = _home_persona("member")


@pytest.fixture
def outsider(other_forum):
    """The secretary of another municipality's forum."""
    return builders.persona("outsider", other_forum)


@pytest.fixture
def personas(secretary, chair, police_liaison, municipal_officer, member, outsider):
    return SimpleNamespace(
        secretary=secretary,
        chair=chair,
        police_liaison=police_liaison,
        municipal_officer=municipal_officer,
        member=member,
        outsider=outsider,
    )


@pytest.fixture
def admin_user(db):
    """The site's administrator (pytest-django's own has no two-factor login, which the admin requires)."""
    return builders.administrator()


@pytest.fixture
def meeting(forum):
    return factories.MeetingFactory(forum=forum, number=1)


@pytest.fixture
def police_unit(municipality):
    return builders.police_unit(municipality)


@pytest.fixture
def directorate(municipality):
    return builders.directorate(municipality)


@pytest.fixture
def restricted_category(db):
    return builders.restricted_category()


@pytest.fixture
def category(db):
    return builders.category()


@pytest.fixture(scope="module")
def module_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """A transaction open for the whole module, for rows built once: see tests/shared_rows.py."""
    media_root = tmp_path_factory.mktemp("module-media")
    with shared_rows.module_transaction(django_db_blocker, media_root) as rows:
        yield rows


@pytest.fixture(scope="module")
def committed_module_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """Rows committed once for the whole module, flushed after it: see tests/shared_rows.py."""
    media_root = tmp_path_factory.mktemp("module-media")
    with shared_rows.committed_module_rows(django_db_blocker, media_root) as rows:
        yield rows
