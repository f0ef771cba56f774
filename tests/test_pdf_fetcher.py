"""The PDF renderer reads our own static files and nothing else: no local path, no network."""

import io
import socket
import urllib.request

import pytest
from PIL import Image
from pypdf import PdfReader

from forums.minutes import pdf


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def folders(settings, tmp_path):
    """A static folder with a logo, and a secret image right beside it, outside."""
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "logo.png").write_bytes(png_bytes())
    (tmp_path / "secret.png").write_bytes(png_bytes())
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = None
    return tmp_path


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test instead of reaching out."""

    def refuse(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def images_in(html_body: str) -> int:
    document = pdf.html_to_pdf(f"<!doctype html><html><body><p>x</p>{html_body}</body></html>")
    return sum(len(page.images) for page in PdfReader(io.BytesIO(document)).pages)


def test_a_real_static_file_is_read(folders, no_network):
    assert images_in('<img src="img/logo.png">') == 1


@pytest.mark.parametrize(
    "source",
    [
        "file:///etc/passwd",
        "/etc/hostname",
        "../secret.png",
        "img/../../secret.png",
        "%2e%2e/secret.png",
        "http://example.org/x.png",
        "https://127.0.0.1/x.png",
        "//example.org/x.png",
        "ftp://example.org/x.png",
    ],
)
def test_images_outside_the_static_folder_are_not_read(folders, no_network, source):
    assert images_in(f'<img src="{source}">') == 0


def test_an_absolute_path_to_the_secret_is_not_read(folders, no_network):
    assert images_in(f'<img src="{(folders / "secret.png").as_uri()}">') == 0


def test_a_stylesheet_of_the_project_outside_static_is_not_read(folders, no_network, settings):
    settings_py = settings.BASE_DIR / "forum_site" / "settings.py"
    with pytest.raises(pdf.ForbiddenResource):
        pdf.StaticOnlyFetcher().fetch(settings_py.as_uri())
    # In a document the refused stylesheet is skipped and the PDF still renders.
    assert images_in('<link rel="stylesheet" href="../../forum_site/settings.py">') == 0


def test_a_symlink_inside_static_that_points_outside_is_not_followed(folders, no_network):
    (folders / "static" / "img" / "link.png").symlink_to(folders / "secret.png")

    with pytest.raises(pdf.ForbiddenResource):
        pdf.StaticOnlyFetcher().fetch((folders / "static" / "img" / "link.png").as_uri())
    assert images_in('<img src="img/link.png">') == 0


@pytest.mark.parametrize(
    "url", ["http://example.org/x.png", "data:image/png;base64,AAAA", "file:///etc/passwd"]
)
def test_the_fetcher_refuses_before_reading_anything(folders, no_network, url):
    with pytest.raises(pdf.ForbiddenResource):
        pdf.StaticOnlyFetcher().fetch(url)
