"""Every page the accessibility tests visit is valid HTML, as the W3C Nu HTML Checker (vnu.jar) says.

The pages are reached exactly as there (same people, same states, forms sent back with errors); the
HTML checked is what the server sent, not the DOM after scripts ran. vnu.jar comes from npm (`npm ci`,
done by .ci/run) and runs on Java (Debian's default-jre-headless). Marked `html_validation`: a group of
its own in `make test-full`.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import test_accessibility as accessibility
from tests.browser.helpers import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The not-found page, public and staff, is checked by the accessibility tests too.
NOT_FOUND = {"anonymous": "/no-such-page/", "secretary": "/staff/meetings/999999/"}

pytestmark = pytest.mark.html_validation

# The same world of meetings, minutes, concerns and actions as the accessibility tests.
world = accessibility.world


def nu_problems(pages: dict[str, str], folder: Path) -> list[str]:
    """Run the Nu HTML Checker once over all pages (id → HTML); one line per error or warning."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail(
            "The Nu HTML Checker needs Java (apt-get install default-jre-headless) and "
            "node_modules/vnu-jar (npm ci; both done by .ci/run).",
            pytrace=False,
        )
    names = {}
    for number, (page_id, html) in enumerate(pages.items()):
        path = folder / f"{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = page_id
    done = subprocess.run(  # noqa: S603 -- fixed command on files we wrote
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *(str(folder / name) for name in names)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    problems = []
    for message in json.loads(done.stdout)["messages"]:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        if "This document appears to be written in" in message["message"]:
            # A guess from the words, not a rule of HTML: these tests read the interface in English,
            # while a forum's records (a draft's narrative, its preview) are in the municipality's
            # language, marked with `lang` where the page knows it.
            continue
        page_id = names.get(Path(urlparse(message.get("url", "")).path).name, message.get("url"))
        problems.append(
            f"{page_id} line {message.get('lastLine')}: {message.get('subType') or message['type']}: "
            f"{message['message']} → {message.get('extract', '').strip()}"
        )
    return problems


@pytest.mark.parametrize("persona", accessibility.PERSONAS)
def test_every_page_is_valid_html_for_the_nu_checker(page, live_server, world, persona, tmp_path):
    documents = []

    def keep_document(response) -> None:
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            documents.append(response)

    page.on("response", keep_document)
    problems: list[str] = []
    pages: dict[str, str] = {}
    for visit in accessibility.reach_pages(page, live_server.url, world, persona, problems):
        pages[visit.id] = documents[-1].text()
    if persona in NOT_FOUND:
        page.goto(f"{live_server.url}{NOT_FOUND[persona]}")
        pages[f"{persona}:404"] = documents[-1].text()

    problems += nu_problems(pages, tmp_path)

    assert pages
    assert not problems, "\n".join(problems)
