"""The published PDF: its content, its fonts (text extracted equals the input) and its safety."""

import hashlib
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from forums.minutes.pdf import ForbiddenResource
from forums.minutes.pdf import StaticOnlyFetcher
from forums.minutes.pdf import html_to_pdf
from forums.models import Concern
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish

ALBANIAN = "Çështja e ndriçimit në lagjen Bërnicë: çdo ëndërr"
SERBIAN_LATIN = "Čačak, Ćuprija, Đakovica, Šabac, Žabljak — čćđšž ČĆĐŠŽ"
CYRILLIC = "Ђаковица, Шабац, Жабљак, Чачак, Ћуприја — љњџ"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdftotext(data: bytes) -> str:
    done = subprocess.run(  # noqa: S603 -- fixed command, our own PDF on stdin
        [shutil.which("pdftotext"), "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


@pytest.fixture
def published(
    forum, secretary, chair, category, restricted_category, police_unit, django_capture_on_commit_callbacks
):
    forum.municipality.languages = "sq,sr-latn,sr"
    forum.municipality.save()
    meeting = past_meeting(forum, location="Shtëpia e Kulturës")
    meeting.members_present.set([chair.memberships.get(), secretary.memberships.get()])
    meeting.citizens_women, meeting.citizens_men, meeting.citizens_youth = 7, 5, 4
    meeting.save()
    factories.AgendaItemFactory(meeting=meeting, title="Ndriçimi publik", discussion="Diskutim për rrugët.")
    factories.ConcernFactory(meeting=meeting, category=category, summary="Kalimi i këmbësorëve mungon")
    for _n in range(3):
        factories.ConcernFactory(
            meeting=meeting, category=restricted_category, visibility=Concern.RESTRICTED, details="sekret"
        )
    factories.ActionFactory(meeting=meeting, title="Vendosja e semaforit", responsible_body=police_unit)
    earlier = past_meeting(forum, days_ago=40)
    factories.ActionFactory(meeting=earlier, title="Patrullim pranë shkollës", responsible_body=police_unit)
    minutes = approved_minutes(
        meeting,
        secretary=secretary,
        chair=chair,
        narrative=f"{ALBANIAN}\n{SERBIAN_LATIN}\n{CYRILLIC}",
        decisions="Vendim i parë",
    )
    return publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)


def _pdf(minutes, language: str) -> bytes:
    with minutes.versions.get(language=language).pdf.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("language", ["sq", "sr-latn", "sr"])
def test_text_extracted_from_the_pdf_equals_the_input_in_every_script(published, language):
    data = _pdf(published, language)

    for line in (ALBANIAN, SERBIAN_LATIN, CYRILLIC):
        assert line in pdf_text(data)
        assert line in pdftotext(data)


def test_pdf_holds_meeting_attendance_concerns_actions_and_page_numbers(published):
    text = pdftotext(_pdf(published, "sq"))

    for expected in (
        "Prishtinë",
        "KKSB Prishtinë",
        "Shtëpia e Kulturës",
        "Ndriçimi publik",
        "Diskutim për rrugët.",
        "Kalimi i këmbësorëve mungon",
        "Vendim i parë",
        "Vendosja e semaforit",
        "Patrullim pranë shkollës",
        "Stacioni Policor Qendra",
    ):
        assert expected in text
    pages = re.search(r"\b1 ?/ ?(\d+)\b", text)
    assert pages and re.search(rf"\b{pages[1]} ?/ ?{pages[1]}\b", text)
    assert "sekret" not in text


def test_restricted_concerns_are_counted_per_category_in_the_version(published):
    html = published.versions.get(language="sr-latn").html

    assert "3 problema u kategoriji Nasilje u porodici (ograničena)" in html
    assert "sekret" not in html
    albanian = published.versions.get(language="sq").html
    assert "3 shqetësime në kategorinë Dhuna në familje (të kufizuara)" in albanian


def test_cyrillic_version_shows_names_in_cyrillic(published):
    assert "Приштина" in pdftotext(_pdf(published, "sr"))


@pytest.mark.parametrize("language", ["sq", "sr"])
def test_the_pdf_is_tagged_pdf_a_2a_in_the_language_of_its_version(published, language):
    version = published.versions.get(language=language)
    data = _pdf(published, language)
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    metadata = root["/Metadata"].get_object().get_data().decode()
    info = subprocess.run(  # noqa: S603 -- fixed command, our own PDF on stdin
        [shutil.which("pdfinfo"), "-"], input=data, capture_output=True, check=True
    ).stdout.decode()

    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == language
    assert 'pdfaid:part="2"' in metadata
    assert 'pdfaid:conformance="A"' in metadata
    assert "/OutputIntents" in root
    # The hash the page shows is still that of the very file served.
    assert version.sha256 == hashlib.sha256(data).hexdigest()


def test_the_fetcher_refuses_anything_but_static_files(tmp_path):
    fetcher = StaticOnlyFetcher()
    outside = tmp_path / "secret.txt"
    outside.write_text("x")

    with pytest.raises(ForbiddenResource):
        fetcher.fetch("https://example.org/font.woff")
    with pytest.raises(ForbiddenResource):
        fetcher.fetch(outside.as_uri())
    with pytest.raises(ForbiddenResource):
        fetcher.fetch("file:///etc/passwd")


def test_the_fetcher_serves_our_static_files(settings):
    css = settings.STATICFILES_DIRS[0] / "css" / "site.css"

    assert StaticOnlyFetcher().fetch(css.as_uri()).status == 200


def test_an_external_image_is_not_fetched_and_rendering_still_works():
    data = html_to_pdf('<p>Teksti</p><img src="https://example.org/x.png"><img src="file:///etc/passwd">')

    assert "Teksti" in pdf_text(data)
