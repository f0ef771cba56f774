"""The site has an icon: pages name it, and /favicon.ico (asked for by browsers anyway) exists."""

import re

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_every_page_names_an_icon_that_exists(client, db):
    page = client.get("/").content.decode()

    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert link and link.group(1) == static("img/favicon.svg")
    assert finders.find("img/favicon.svg")


def test_favicon_ico_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
