"""The public list of minutes shows twenty a page.

Apart from test_portal_views.py, whose world (built once for that whole module) adds minutes of its own.
"""

from django.urls import reverse

from forums.minutes import rendering
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish


def test_list_paginates_by_twenty(
    client, forum, secretary, chair, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(rendering, "render_minutes_pdf_bytes", lambda context, body: b"%PDF-1.4 test")
    for n in range(21):
        meeting = past_meeting(forum, days_ago=30 + n)
        publish(
            approved_minutes(meeting, secretary=secretary, chair=chair),
            by=secretary,
            capture=django_capture_on_commit_callbacks,
        )

    first = client.get(reverse("portal:minutes_list")).content.decode()
    second = client.get(reverse("portal:minutes_list"), {"page": 2}).content.decode()

    assert first.count('class="minutes-row"') == 20
    assert second.count('class="minutes-row"') == 1
    assert 'rel="next"' in first
