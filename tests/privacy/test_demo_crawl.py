"""The demo holds a case of each privacy rule at work; a crawl meets each and finds no restricted text.

The public crawl follows every link from the home page (pages, filters, minutes, every PDF version,
feeds, calendar, the CSV) as an anonymous reader. Staff cases are opened as the people who meet them.
"""

import re
from collections import deque
from io import StringIO
from urllib.parse import urljoin
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from actions.models import Action
from actions.models import ActionUpdate
from forum_site.demo.privacy_cases import UNLINKED_ACTION
from forums import privacy
from forums.models import Concern
from forums.models import MinutesVersion
from forums.models import SurveyResponse
from forums.models import VisibilityProposal
from tests.privacy.support import readable_text
from tests.session_support import fresh_login

PRIVATE = ("/staff/", "/accounts/", "/admin/", "/i18n/", "/static/")
CRAWL_LIMIT = 600


@pytest.fixture(scope="module")
def built_demo(committed_module_rows) -> None:
    """The demo as `make run` seeds it: commits happen, so the PDF tasks run as they would.

    Seeded once for the module (tests/shared_rows.py); each test's own changes are rolled back.
    """
    with committed_module_rows.building(), override_settings(DEBUG=True):
        call_command(
            "seed_demo", "--password", "demo-forums-2026", "--published-minutes", "2", stdout=StringIO()
        )


@pytest.fixture
def demo(built_demo, committed_module_rows, db, request, settings) -> None:
    settings.DEBUG = True
    committed_module_rows.for_test(built_demo, request)


def restricted_texts() -> set[str]:
    """Texts only restricted records hold (the demo reuses phrases, so public copies are left out)."""
    restricted = set()
    for concern in Concern.objects.filter(visibility=Concern.RESTRICTED):
        restricted |= {concern.summary, concern.details}
    for action in Action.objects.filter(privacy.restricted_action_q()):
        restricted |= {action.title, action.description}
    restricted |= set(ActionUpdate.objects.filter(~privacy.public_update_q()).values_list("note", flat=True))
    public = set(Concern.objects.filter(visibility=Concern.PUBLIC).values_list("summary", flat=True))
    public |= {
        text for a in Action.objects.filter(privacy.public_action_q()) for text in (a.title, a.description)
    }
    public |= set(ActionUpdate.objects.filter(privacy.public_update_q()).values_list("note", flat=True))
    # Citizens' survey comments are never public as written (privacy rule 9).
    restricted |= set(SurveyResponse.objects.exclude(comment="").values_list("comment", flat=True))
    return {text for text in restricted - public if len(text) >= privacy.MIN_MATCHED_LENGTH}


def home_pages() -> list[str]:
    homes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            homes.append(reverse("portal:home"))
    return homes


def withdrawn_minutes_pages() -> list[str]:
    """Minutes with a withdrawn version: while every version is withdrawn no list links to them, but
    a bookmark or a printed link still does."""
    meeting_ids = MinutesVersion.objects.filter(
        withdrawn_at__isnull=False, minutes__meeting__is_public=True
    ).values_list("minutes__meeting_id", flat=True)
    return [reverse("portal:minutes_detail", args=[pk]) for pk in sorted(set(meeting_ids))]


def crawl(client, extra: list[str]) -> dict[str, str]:
    """Every public URL reachable from the home page in every language (and from `extra`), with its text."""
    seen, pages, queue = set(), {}, deque([*home_pages(), *extra])
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 410), (url, response.status_code)
        text = readable_text(response)
        pages[url] = text
        if response.get("Content-Type", "").startswith("text/html"):
            for href in re.findall(r'href="([^"#]+)', text):
                link = urljoin(url, href.replace("&amp;", "&"))
                parts = urlsplit(link)
                # tel: and mailto: links (the help page) and other sites are not this site's pages.
                if parts.scheme not in ("", "http", "https") or parts.netloc or link.startswith(PRIVATE):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def test_the_public_crawl_meets_a_withdrawn_version_and_no_restricted_text(client, demo):
    withdrawn = withdrawn_minutes_pages()
    pages = crawl(client, withdrawn)

    assert len(pages) > 100
    assert any(url.endswith(".pdf") or ".pdf?" in url for url in pages)
    assert withdrawn
    for url in withdrawn:
        assert "to protect a person's privacy" in pages[url]
    secrets = restricted_texts()
    assert secrets
    for url, text in pages.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} on {url}"


def test_staff_meet_a_waiting_and_a_confirmed_proposal_sensitive_actions_and_a_followed_escalation(
    client, demo
):
    waiting = VisibilityProposal.objects.get(status=VisibilityProposal.PENDING)
    confirmed = VisibilityProposal.objects.get(status=VisibilityProposal.CONFIRMED)
    forum = waiting.concern.meeting.forum
    fresh_login(client, forum.memberships.get(role="chair").user)
    assert (
        reverse("forums:proposal_detail", args=[waiting.pk])
        in client.get(reverse("forums:dashboard")).content.decode()
    )
    fresh_login(client, forum.memberships.get(role="secretary").user)
    assert confirmed.concern.visibility == Concern.PUBLIC
    assert confirmed.reason in client.get(confirmed.concern.get_absolute_url()).content.decode()

    unlinked = Action.objects.get(title=UNLINKED_ACTION)
    fresh_login(client, unlinked.assignee)
    assert unlinked.is_restricted and unlinked.concern is None
    assert UNLINKED_ACTION in client.get(unlinked.get_absolute_url()).content.decode()
    internal = ActionUpdate.objects.filter(is_public=False).filter(
        Q(action__concern__visibility=Concern.RESTRICTED)
        | Q(action__responsible_body__handles_sensitive_cases=True)
    )
    assert internal.exists()

    originals = Concern.objects.filter(escalated_to__isnull=False, visibility=Concern.RESTRICTED)
    assert originals.filter(category__restricted_by_default=False).exists()
    assert all(original.escalated_to.visibility == Concern.RESTRICTED for original in originals)
