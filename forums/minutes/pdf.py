"""Render HTML to PDF with WeasyPrint, reading nothing but our own static files.

Minutes are rendered in a Celery task (forums.minutes.tasks), never in a request. The fetcher refuses
every URL outside the static folders, so a crafted link in minutes text cannot make the
worker read local files or reach the network.
"""

from pathlib import Path
from urllib.parse import unquote
from urllib.parse import urlparse

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

# Minutes are official records: archives keep them for decades (PDF/A-2), and blind citizens read them
# with screen readers. Level "a" of PDF/A makes WeasyPrint tag the structure (headings, tables, lists)
# and name the document language from <html lang>. WeasyPrint writes one variant per file, so the
# file declares PDF/A-2a, not PDF/UA as well.
PDF_VARIANT = "pdf/a-2a"


class ForbiddenResource(ValueError):
    """A PDF template asked for something outside our static files."""


def static_roots() -> list[Path]:
    roots = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Serve file:// URLs inside the static folders; refuse everything else."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise ForbiddenResource(f"Refused to fetch {parsed.scheme or 'relative'} URL in a PDF")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in static_roots()):
            raise ForbiddenResource("Refused to read a file outside the static folders in a PDF")
        return URLFetcherResponse(url, body=path.read_bytes(), headers={})


def html_to_pdf(html: str) -> bytes:
    """The tagged PDF/A of a complete HTML document; relative URLs resolve inside static/."""
    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
