"""Text typed by staff is shown as text: on staff pages, on the public minutes page and in the PDF.

Each hostile string goes into every free-text field that reaches a page; the raw markup must
never appear in the HTML (only its escaped form), and the PDF must show the literal characters.
"""

import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from forums import services
from forums.models import Concern
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "</style><style>body{display:none}</style>",
    '"><svg onload=alert(3)>',
    "{{ 7*7 }}{% debug %}",
    '<a href="javascript:alert(4)">click</a>',
    "<iframe src=//example.org></iframe>",
    '<img src="file:///etc/passwd">',
]


def squeeze(text: str) -> str:
    """Text without whitespace, so line wrapping in the PDF does not matter."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(params=HOSTILE, ids=range(len(HOSTILE)))
def hostile(request):
    return request.param


@pytest.fixture
def recorded(forum, secretary, chair, category, restricted_category, hostile):
    """A held meeting where every free-text field holds the hostile string."""
    meeting = past_meeting(forum)
    item = services.add_agenda_item(meeting=meeting, by=secretary, title=hostile, discussion=hostile)
    public = services.log_concern(
        meeting=meeting,
        by=secretary,
        category=category,
        summary=hostile,
        neighbourhood=hostile[:120],
        agenda_item=item,
    )
    # Not the very text of the minutes: minutes holding a restricted record's text cannot go further.
    restricted = services.log_concern(
        meeting=meeting,
        by=secretary,
        category=restricted_category,
        summary=f"Restricted: {hostile}",
        details=f"Details: {hostile}",
    )
    minutes = approved_minutes(
        meeting, secretary=secretary, chair=chair, narrative=hostile, decisions=hostile
    )
    return meeting, public, restricted, minutes


def assert_escaped(html: str, hostile: str) -> None:
    if "<" in hostile or '"' in hostile:
        assert hostile not in html
    assert escape(hostile) in html


@pytest.mark.parametrize(
    "page",
    ["forums:meeting_detail", "minutes:detail", "concern:public", "concern:restricted", "concern:edit"],
)
def test_staff_pages_show_hostile_text_escaped(client, recorded, secretary, hostile, page):
    meeting, public, restricted, _minutes = recorded
    urls = {
        "forums:meeting_detail": reverse("forums:meeting_detail", args=[meeting.pk]),
        "minutes:detail": reverse("minutes:detail", args=[meeting.pk]),
        "concern:public": public.get_absolute_url(),
        "concern:restricted": restricted.get_absolute_url(),
        "concern:edit": reverse("forums:concern_edit", args=[restricted.pk]),
    }
    client.force_login(secretary)

    response = client.get(urls[page])

    assert response.status_code == 200
    assert_escaped(response.content.decode(), hostile)


def test_published_minutes_show_hostile_text_escaped_to_citizens_and_literally_in_the_pdf(
    client, recorded, secretary, hostile, django_capture_on_commit_callbacks
):
    meeting, _public, _restricted, minutes = recorded
    publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    page = client.get(reverse("portal:minutes_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert_escaped(page.content.decode(), hostile)

    document = client.get(reverse("portal:minutes_pdf", args=[meeting.pk]))
    text = squeeze("".join(page.extract_text() for page in PdfReader(io.BytesIO(document.getvalue())).pages))
    # Agenda title, discussion, public summary, narrative and decisions: the characters, as typed.
    assert text.count(squeeze(hostile)) >= 5


def test_hostile_text_typed_into_the_concern_form_is_stored_as_typed(
    client, meeting, secretary, category, hostile
):
    client.force_login(secretary)

    response = client.post(
        reverse("forums:concern_create", args=[meeting.pk]),
        {"category": category.pk, "summary": hostile, "source": "citizen", "visibility": "public"},
    )

    assert response.status_code == 302
    assert Concern.objects.get(meeting=meeting).summary == hostile


HUGE_ID = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/minutes/{HUGE_ID}/",
        f"/minutes/{HUGE_ID}.pdf",
        f"/minutes/{HUGE_ID}/v1.pdf",
        f"/en/minutes/{HUGE_ID}/",
    ],
)
def test_ids_beyond_the_database_range_in_public_urls_are_404_not_500(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/staff/meetings/{HUGE_ID}/",
        f"/staff/concerns/{HUGE_ID}/",
        f"/staff/actions/{HUGE_ID}/",
        f"/staff/minutes/{HUGE_ID}/",
        f"/staff/meetings/{HUGE_ID}/agenda/{HUGE_ID}/edit/",
        f"/staff/minutes/1/v{HUGE_ID}-sq.pdf",
    ],
)
def test_ids_beyond_the_database_range_in_staff_urls_are_404_not_500(client, secretary, path):
    client.force_login(secretary)
    assert client.get(path).status_code == 404
