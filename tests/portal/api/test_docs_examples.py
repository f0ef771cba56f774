"""The curl examples of docs/api.md run against the API on a small world and answer what they promise."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from actions.models import Action
from forums.models import Concern
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish

DOCS = Path(__file__).resolve().parents[3] / "docs" / "api.md"
CURL = re.compile(r'^curl -s "\$API(?P<path>/[^"]+)"', re.MULTILINE)
SHELL_DATE = "$(date -u -d yesterday +%FT%TZ)"


def examples() -> list[str]:
    return [match["path"] for match in CURL.finditer(DOCS.read_text())]


@pytest.fixture
def prizren_world(other_forum, secretary, chair, forum, django_capture_on_commit_callbacks):
    """A bullying concern raised in Prizren in 2025 with a public action, and minutes published today."""
    bullying = factories.ConcernCategoryFactory(slug="school-bullying", name_sq="Bullizmi në shkolla")
    meeting = past_meeting(other_forum, days_ago=40)
    concern = factories.ConcernFactory(meeting=meeting, category=bullying, summary="Bullizëm te shkolla")
    Concern.objects.filter(pk=concern.pk).update(
        created_at=datetime.datetime(2025, 5, 6, 10, tzinfo=datetime.UTC)
    )
    action = factories.ActionFactory(
        meeting=meeting,
        concern=concern,
        title="Patrullë te shkolla",
        status=Action.DONE,
        completed_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    factories.ActionUpdateFactory(action=action, note="Patrulla filloi", is_public=True)
    factories.MeetingFactory(forum=other_forum, number=80)
    published = past_meeting(forum, days_ago=2)
    publish(
        approved_minutes(published, secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    return concern, published


def run(client, path: str):
    yesterday = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    url = urlsplit("/api/v1" + path.replace(SHELL_DATE, yesterday))
    response = client.get(url.path, dict(part.split("=", 1) for part in url.query.split("&") if part))
    assert response.status_code == 200, (path, response.content)
    return response.json()


def test_the_docs_give_the_examples_monitors_ask_for():
    paths = examples()

    assert any(path.startswith("/concerns/?municipality=prizren&category=school-bullying") for path in paths)
    assert any(path.startswith("/minutes/?published_since=") for path in paths)
    assert any(path.startswith("/statistics/") for path in paths)
    assert any(path.startswith("/tombstones/") for path in paths)


def test_every_curl_example_of_the_docs_answers(client, prizren_world):
    for path in examples():
        run(client, path)


def test_the_bullying_example_finds_the_concern_and_what_was_done(client, prizren_world):
    concern, _published = prizren_world
    [path] = [p for p in examples() if p.startswith("/concerns/")]

    [found] = run(client, path)["results"]

    assert found["id"] == str(concern.public_id)
    assert [(a["title"], [u["note"] for u in a["updates"]]) for a in found["actions"]] == [
        ("Patrullë te shkolla", ["Patrulla filloi"])
    ]


def test_the_minutes_example_finds_the_minutes_published_since_yesterday(client, prizren_world):
    _concern, published = prizren_world
    [path] = [p for p in examples() if p.startswith("/minutes/")]

    assert [m["meeting"] for m in run(client, path)["results"]] == [published.pk]


def test_the_on_time_example_gives_a_share_per_municipality(client, prizren_world):
    [path] = [p for p in examples() if p.startswith("/statistics/?lang")]

    rows = {row["municipality"]["slug"]: row for row in run(client, path)["by_municipality"]}

    assert rows["prizren"]["actions_done_by_due_date"]["share_on_time"] == 1.0
