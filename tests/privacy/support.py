"""Read everything the public can read about some minutes, to look for a marker in it."""

import functools
import io

from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from forums.models import Concern
from forums.models import MinutesVersion
from tests import factories


def marked_restricted_concern(meeting, category, markers: dict, **fields) -> Concern:
    """A restricted concern whose summary, details and neighbourhood are the markers a leak check
    looks for in everything the public can read."""
    return factories.ConcernFactory(
        meeting=meeting,
        category=category,
        visibility=Concern.RESTRICTED,
        summary=markers["summary"],
        details=markers["details"],
        neighbourhood=markers["neighbourhood"],
        **fields,
    )


def readable_text(response) -> str:
    """The words of a page, feed, CSV or PDF (PDFs: extracted text plus the raw bytes)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(content) + content.decode("latin-1")
    return content.decode()


@functools.lru_cache(maxsize=64)
def pdf_text(content: bytes) -> str:
    """The text of a PDF's pages, extracted once per distinct file: the same file is fetched under
    every language's URL, and extracting is the slowest part of reading it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def public_urls(meeting_ids, *, search: str) -> list[tuple[str, dict]]:
    """Every public URL that shows minutes: pages, lists, search, every PDF of every version, feeds."""
    urls = [
        (reverse("portal:home"), {}),
        (reverse("portal:minutes_list"), {}),
        (reverse("portal:minutes_list"), {"q": search}),
        (reverse("portal:minutes_feed"), {}),
        (reverse("portal:meetings_ics"), {}),
        (reverse("portal:meeting_list"), {}),
        (reverse("portal:accountability"), {}),
        (reverse("portal:accountability_csv"), {}),
    ]
    languages = [code for code, _name in settings.LANGUAGES]
    for meeting_id in meeting_ids:
        urls.append((reverse("portal:minutes_detail", args=[meeting_id]), {}))
        urls += [(reverse("portal:minutes_pdf", args=[meeting_id]), {"lang": code}) for code in languages]
        numbers = set(
            MinutesVersion.objects.filter(minutes__meeting_id=meeting_id).values_list("number", flat=True)
        )
        urls += [
            (reverse("portal:minutes_version_pdf", args=[meeting_id, number]), {"lang": code})
            for number in numbers
            for code in languages
        ]
    return urls


def public_text(client, meeting_ids, *, search: str) -> str:
    """All that an anonymous reader gets from those URLs, with the search box's echo of `search` removed."""
    client.logout()
    texts = []
    for url, query in public_urls(meeting_ids, search=search):
        response = client.get(url, query)
        assert response.status_code in (200, 404, 410), (url, query, response.status_code)
        texts.append(readable_text(response))
    text = "\n".join(texts)
    return text.replace(f'value="{search}"', "").replace(f"q={search}", "")
