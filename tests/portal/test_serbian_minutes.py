"""A reader who chose Serbian in Cyrillic script reads Serbian minutes in Cyrillic, page and PDF."""

import io

import pytest
from pypdf import PdfReader

from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def publish_in(forum, secretary, chair, django_capture_on_commit_callbacks):
    def publish_with(languages: str):
        forum.municipality.languages = languages
        forum.municipality.save()
        meeting = past_meeting(forum)
        minutes = approved_minutes(meeting, secretary=secretary, chair=chair, narrative="U diskutua.")
        return publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    return publish_with


def test_a_municipality_publishing_in_serbian_latin_publishes_in_cyrillic_too(publish_in):
    minutes = publish_in("sq,sr-latn")

    assert sorted(minutes.versions.values_list("language", flat=True)) == ["sq", "sr", "sr-latn"]


def test_the_cyrillic_page_shows_the_serbian_minutes_in_cyrillic(client, publish_in):
    minutes = publish_in("sq,sr-latn")

    page = client.get(f"/sr/minutes/{minutes.meeting_id}/").content.decode()

    assert '<div class="minutes-text" lang="sr">' in page
    assert "Приштина" in page  # the municipality's Serbian name, transliterated
    assert "Takimi" not in page and "Pjesëmarrja" not in page


def test_the_cyrillic_pdf_is_the_serbian_one_in_cyrillic_not_the_albanian(client, publish_in):
    minutes = publish_in("sq,sr-latn")

    cyrillic = body(client.get(f"/sr/minutes/{minutes.meeting_id}.pdf"))
    albanian = body(client.get(f"/minutes/{minutes.meeting_id}.pdf?lang=sq"))

    assert cyrillic != albanian
    with minutes.versions.get(language="sr").pdf.open("rb") as handle:
        assert cyrillic == handle.read()
    assert "Приштина" in pdf_text(cyrillic)


def test_a_municipality_listing_cyrillic_gets_a_cyrillic_pdf(client, publish_in):
    minutes = publish_in("sq,sr")

    assert sorted(minutes.versions.values_list("language", flat=True)) == ["sq", "sr"]
    assert "Приштина" in pdf_text(body(client.get(f"/sr/minutes/{minutes.meeting_id}.pdf")))


def test_minutes_published_before_cyrillic_versions_show_the_latin_serbian_to_cyrillic_readers(
    client, publish_in
):
    minutes = publish_in("sq,sr-latn")
    minutes.versions.filter(language="sr").delete()

    page = client.get(f"/sr/minutes/{minutes.meeting_id}/").content.decode()
    pdf = body(client.get(f"/sr/minutes/{minutes.meeting_id}.pdf"))

    assert '<div class="minutes-text" lang="sr-latn">' in page
    with minutes.versions.get(language="sr-latn").pdf.open("rb") as handle:
        assert pdf == handle.read()
