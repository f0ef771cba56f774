"""Browser journeys: Playwright for Python on the system Chromium against pytest-django's live_server.

Every test in this folder gets the `browser` marker (run by `make test-full`, left out of `make test`).
Fixture `snap("step")` saves a screenshot to test-artifacts/screenshots/<test>/<nn>-<step>.png (CI keeps
the folder when a run fails); the axe-core, width and login helpers are in tests/browser/helpers.py.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark everything in this folder `browser` before `-m` selects, so `make test` leaves it out."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright_loop():
    """Playwright's sync API keeps an event loop in this thread; our ORM calls here are still safe.

    Set for browser tests only (not at import): it would leak into `manage.py check --deploy` elsewhere.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The Debian Chromium; `playwright install` is never run (no downloads in CI)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Injecting axe-core must work even once the site sends a Content-Security-Policy.
    return {**browser_context_args, "bypass_csp": True, "locale": "sq-AL"}


@pytest.fixture
def open_page(browser, browser_context_args):
    """Another person's browser: its own context (cookies), same launch and context settings."""
    contexts = []

    def open_(viewport=DESKTOP):
        context = browser.new_context(**{**browser_context_args, "viewport": viewport})
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "page"


@pytest.fixture
def snap(page, request) -> Callable[[str], Path]:
    """Save a full-page screenshot of the current step; numbered so the folder reads as the journey.

    `snap("step", on=other_page)` photographs another tab (another person's browser in a journey).
    """
    folder = SCREENSHOTS / safe_name(request.node.name)
    counter = iter(range(1, 1000))

    def take(step: str, on=None) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{next(counter):02d}-{safe_name(step)}.png"
        (on or page).screenshot(path=str(path), full_page=True)
        return path

    return take
