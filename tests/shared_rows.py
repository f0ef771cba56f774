"""Rows built once for a whole test module, while every test still starts from exactly those rows.

Some worlds cost far more to build than the tests that read them: published minutes render PDFs,
the access matrix needs two forums full of people and objects for each of its ~550 cases, and the
demo data is a whole seeded site. Such a module builds its world once:

    @pytest.fixture(scope="module")
    def built(module_rows):
        with module_rows.building():
            return make_world()

    @pytest.fixture
    def world(built, module_rows, db, request):
        return module_rows.for_test(built, request)

(`db` in the signature: pytest-django creates the test database only for the tests that name it.)

`module_rows` (tests/conftest.py) opens a transaction that stays open until the module's last
test: each test runs in pytest-django's usual transaction, here a savepoint inside the module's
one, so whatever a test changes is rolled back before the next test starts, and after the last
test the module's transaction is rolled back too. `committed_module_rows` instead commits the
world as it is built (for code that must see real commits, such as tasks queued with
`transaction.on_commit`) and empties the database after the module's last test, as a
`transactional_db` test does.

`for_test` gives each test its own deep copy of the Python objects as built, and points
MEDIA_ROOT at the module's files. Only for tests that use `db`: a `transactional_db` or
`live_server` test would commit or flush under the module's rows. Every test of the module that
uses the database sees the rows, whether it asks for the world or not: a test that needs an empty
database belongs in another module (as tests/forums/test_seed_demo_runs.py), and a test may not
create the world's rows again (the same unique slugs): it takes the forum and people from the world
(tests/portal/world_people.py). Run with `--dist loadfile`, so a module's world is built once.
"""

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import connections
from django.db import transaction
from django.test import override_settings
from django.utils import translation

# What every test runs with (tests/conftest.py), and so every world built for a module.
TEST_SETTINGS = {
    # Password hashing is the slowest part of creating personas; tests need no strength.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # The open-data API's throttle would stop tests that walk every endpoint; it has its own test.
    "API_THROTTLE_RATE": None,
    # The citizens' form: a proof of work solved in a blink (tests solve it in Python, or in Chromium).
    "PROOF_OF_WORK_MAX_NUMBER": 1000,
}


class ModuleRows:
    """The rows of one module and the folder of the files they point to."""

    def __init__(self, django_db_blocker, media_root: Path):
        self.django_db_blocker = django_db_blocker
        self.media_root = media_root

    @contextmanager
    def building(self) -> Iterator[None]:
        """Database access, and the settings each test gets, while rows are built.

        What the rows queued for after a commit (`transaction.on_commit`) that was not run while
        building is dropped afterwards: a test starts with no callback pending, as it would in a
        transaction of its own (code such as forum_site.lib.public_cache looks at that list).
        """
        with (
            self.django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=self.media_root, LANGUAGE_CODE="en", **TEST_SETTINGS),
            translation.override("en"),
        ):
            pending = {connection.alias: len(connection.run_on_commit) for connection in connections.all()}
            yield
            for connection in connections.all():
                del connection.run_on_commit[pending.get(connection.alias, 0) :]

    def for_test(self, built, request):
        """A copy of the built objects for one test, which may change them freely."""
        shared_by_commit = {"transactional_db", "live_server"} & set(request.fixturenames)
        assert not shared_by_commit, f"{request.node.nodeid} would commit under the module's rows"
        request.getfixturevalue("settings").MEDIA_ROOT = self.media_root
        return copy.deepcopy(built)


def _assert_test_databases() -> None:
    """Never the developer's own database: pytest-django sets up the test one only for tests naming `db`."""
    for connection in connections.all():
        assert connection.settings_dict["NAME"] == connection.creation._get_test_db_name(), (
            "No test database: the fixture that returns the module's rows must take `db`"
        )


@contextmanager
def module_transaction(django_db_blocker, media_root: Path) -> Iterator[ModuleRows]:
    """Rows built in a transaction that is rolled back after the module's last test."""
    _assert_test_databases()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield ModuleRows(django_db_blocker, media_root)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextmanager
def committed_module_rows(django_db_blocker, media_root: Path) -> Iterator[ModuleRows]:
    """Rows committed as they are built, flushed after the module's last test."""
    _assert_test_databases()
    try:
        yield ModuleRows(django_db_blocker, media_root)
    finally:
        with django_db_blocker.unblock():
            for alias in connections:
                # As TransactionTestCase leaves the database: empty, with content types and the site.
                call_command("flush", verbosity=0, interactive=False, database=alias)
