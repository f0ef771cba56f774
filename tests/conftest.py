"""Personas and a small world: two municipalities, each with a forum and its people.

`forum` is the home forum; `other_forum` belongs to another municipality and its
secretary is the `outsider`.
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import translation

from forums.models import Membership
from forums.permissions import RESTRICTED_VIEWER_ROLES
from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing is the slowest part of creating personas; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login rate limits live in the cache: each test starts with none.
    cache.clear()
    # The open-data API's throttle would stop tests that walk every endpoint; it has its own test.
    settings.API_THROTTLE_RATE = None
    # The citizens' form: a proof of work solved in a blink (tests solve it in Python, or in Chromium).
    settings.PROOF_OF_WORK_MAX_NUMBER = 1000


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
    return factories.MunicipalityFactory(name_sq="Prishtinë", name_sr="Priština", slug="prishtine")


@pytest.fixture
def forum(municipality):
    return factories.ForumFactory(municipality=municipality, name="KKSB Prishtinë", slug="kksb-prishtine")


@pytest.fixture
def other_forum(db):
    other = factories.MunicipalityFactory(name_sq="Prizren", name_sr="Prizren", slug="prizren")
    return factories.ForumFactory(municipality=other, name="KKSB Prizren", slug="kksb-prizren")


def _member(forum, role, institution, username):
    user = factories.UserFactory(username=username)
    factories.MembershipFactory(user=user, forum=forum, role=role, institution=institution)
    if role in RESTRICTED_VIEWER_ROLES:
        factories.enrol_totp(user)
    return user


@pytest.fixture
def secretary(forum):
    return _member(forum, Membership.SECRETARY, Membership.MUNICIPALITY, "secretary")


@pytest.fixture
def chair(forum):
    return _member(forum, Membership.CHAIR, Membership.MUNICIPALITY, "chair")


@pytest.fixture
def police_liaison(forum):
    return _member(forum, Membership.POLICE_LIAISON, Membership.POLICE, "police")


@pytest.fixture
def municipal_officer(forum):
    return _member(forum, Membership.MUNICIPAL_OFFICER, Membership.MUNICIPALITY, "officer")


@pytest.fixture
def member(forum):
    return _member(forum, Membership.MEMBER, Membership.CIVIL_SOCIETY, "member")


@pytest.fixture
def outsider(other_forum):
    """The secretary of another municipality's forum."""
    return _member(other_forum, Membership.SECRETARY, Membership.MUNICIPALITY, "outsider")


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
def meeting(forum):
    return factories.MeetingFactory(forum=forum, number=1)


@pytest.fixture
def police_unit(municipality):
    return factories.ResponsibleBodyFactory(
        municipality=municipality, name_sq="Stacioni Policor Qendra", kind="police"
    )


@pytest.fixture
def directorate(municipality):
    return factories.ResponsibleBodyFactory(
        municipality=municipality, name_sq="Drejtoria e Arsimit", kind="municipal"
    )


@pytest.fixture
def restricted_category(db):
    return factories.ConcernCategoryFactory(
        slug="domestic-violence",
        name_sq="Dhuna në familje",
        name_sr="Nasilje u porodici",
        name_en="Domestic violence",
        restricted_by_default=True,
    )


@pytest.fixture
def category(db):
    return factories.ConcernCategoryFactory()
