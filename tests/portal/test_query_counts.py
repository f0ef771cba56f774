"""Public pages run a bounded number of queries whatever the number of minutes, meetings and versions."""

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse

from forums import services
from forums.minutes import rendering
from forums.minutes import services as minutes_services
from tests import factories
from tests.minutes_support import approved_minutes, past_meeting, publish


@pytest.fixture
def grow(forum, secretary, chair, category, police_unit, django_capture_on_commit_callbacks, monkeypatch):
    """Add `n` meetings with published minutes (two versions each, two languages)."""
    monkeypatch.setattr(rendering, "render_minutes_pdf_bytes", lambda context, body: b"%PDF-1.4 fake")

    def add(n: int):
        for _index in range(n):
            meeting = past_meeting(forum)
            factories.ConcernFactory(meeting=meeting, category=category)
            factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
            minutes = publish(
                approved_minutes(meeting, secretary=secretary, chair=chair),
                by=secretary,
                capture=django_capture_on_commit_callbacks,
            )
            minutes_services.reopen_for_correction(minutes=minutes, by=secretary)
            minutes_services.submit_minutes(minutes=minutes, by=secretary)
            minutes_services.approve_minutes(minutes=minutes, by=chair)
            publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)
            coming = factories.MeetingFactory(forum=forum, number=meeting.number + 1000)
            factories.AgendaItemFactory(meeting=coming, title="Street lighting near the school")
            services.publish_agenda(meeting=coming, by=secretary)
        return meeting

    return add


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
}
MAX_QUERIES = 8


@pytest.mark.parametrize("page", PAGES)
def test_public_page_queries_do_not_grow_with_rows(client, grow, page, django_assert_max_num_queries):
    counts = []
    for size in (2, 12):
        meeting = grow(size)
        Site.objects.clear_cache()  # the feed and calendar read the site once, then cache it
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            assert client.get(PAGES[page](meeting)).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]
