"""Public pages run a bounded number of queries whatever the number of minutes, meetings and versions.

Publishing two versions of fourteen minutes costs far more than fetching a page, so the rows are
built once for the module (tests/shared_rows.py) and every page is fetched with 2 meetings, then
again after 12 more; each page's test reads what its two fetches got.
"""

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.minutes import rendering
from tests import builders
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.minutes_support import publish_correction

PAGES = {
    "home": lambda meeting: reverse("portal:home"),
    "minutes list": lambda meeting: reverse("portal:minutes_list"),
    "filtered list": lambda meeting: reverse("portal:minutes_list") + "?q=a&kind=mcsc&category=1",
    "minutes page": lambda meeting: reverse("portal:minutes_detail", args=[meeting.pk]),
    "feed": lambda meeting: reverse("portal:minutes_feed"),
    "meetings": lambda meeting: reverse("portal:meeting_list"),
    "calendar": lambda meeting: reverse("portal:meetings_ics"),
    "meeting page": lambda meeting: reverse("portal:meeting_detail", args=[meeting.pk]),
    "help": lambda meeting: reverse("portal:help"),
    "text search": lambda meeting: reverse("portal:minutes_list") + "?q=prishtine",
    "version pdf": lambda meeting: reverse("portal:minutes_version_pdf", args=[meeting.pk, 1]),
    "accountability": lambda meeting: reverse("portal:accountability"),
    "accountability csv": lambda meeting: reverse("portal:accountability_csv"),
}
# Issue 14: every page at most ten queries, whatever the number of records.
MAX_QUERIES = 10


def add_meetings(n: int, forum, *, secretary, chair, category, police_unit):
    """`n` meetings with published minutes (two versions each, two languages); returns the last."""
    for _index in range(n):
        meeting = past_meeting(forum)
        concern = factories.ConcernFactory(
            meeting=meeting,
            category=category,
            status="closed",
            closing_reason="resolved",
            closed_at=meeting.starts_at,
        )
        action = factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=police_unit)
        factories.ActionUpdateFactory(action=action, note="Në proces", is_public=True)
        minutes = publish(
            approved_minutes(meeting, secretary=secretary, chair=chair),
            by=secretary,
            capture=TestCase.captureOnCommitCallbacks,
        )
        publish_correction(
            minutes, secretary=secretary, chair=chair, capture=TestCase.captureOnCommitCallbacks
        )
        coming = factories.MeetingFactory(forum=forum, number=meeting.number + 1000)
        factories.AgendaItemFactory(meeting=coming, title="Street lighting near the school")
        services.publish_agenda(meeting=coming, by=secretary)
    return meeting


@pytest.fixture(scope="module")
def fetched(module_rows) -> dict[str, list[tuple[int, list[str]]]]:
    """Each page's status and queries with 2 meetings, then with 14."""
    client = Client()
    fetches = {page: [] for page in PAGES}
    with module_rows.building(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "render_minutes_pdf_bytes", lambda context, body: b"%PDF-1.4 fake")
        forum = builders.forum(builders.municipality())
        people = {
            "secretary": builders.persona("secretary", forum),
            "chair": builders.persona("chair", forum),
            "category": builders.category(),
            "police_unit": builders.police_unit(forum.municipality),
        }
        for size in (2, 12):
            meeting = add_meetings(size, forum, **people)
            for page, url in PAGES.items():
                Site.objects.clear_cache()  # the feed and calendar read the site once, then cache it
                cache.clear()  # a first hit: the page is rendered, not served from the public page cache
                with CaptureQueriesContext(connection) as captured:
                    status = client.get(url(meeting)).status_code
                fetches[page].append((status, [query["sql"] for query in captured.captured_queries]))
    return fetches


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_public_page_queries_do_not_grow_with_rows(fetched, page):
    (few_status, few), (many_status, many) = fetched[page]

    assert few_status == many_status == 200
    for queries in (few, many):
        assert len(queries) <= MAX_QUERIES, "\n\n".join(queries)
    assert len(few) == len(many), "\n\n".join(many)
