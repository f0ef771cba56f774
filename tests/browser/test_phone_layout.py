"""At 360 px, tables of records are cards: nothing scrolls sideways and no word is broken mid-word.

Seen on the demo: the minutes' concern table broke "Katego/ria" and "Narkotik/ët", and "My actions"
needed sideways scrolling with its status column cut off. Each page here is checked at 360 px (and at
320 px, the narrowest phone the site supports) for elements sticking out or scrolling sideways and
for words split across lines; pages in Albanian, whose words are long.
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from forums.minutes import services as minutes_services
from forums.models import Meeting
from tests import factories
from tests.browser.helpers import PHONE
from tests.browser.helpers import PHONE_360
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import login
from tests.browser.helpers import overflowing_elements
from tests.browser.helpers import words_broken_mid_word
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting

CATEGORIES = [
    ("narcotics", "Narkotikët", "Narcotics"),
    ("youth", "Delikuenca e të miturve dhe të rinjtë", "Youth delinquency and minors"),
    ("property-crime", "Krimet ndaj pronës", "Property crime"),
]


@pytest.fixture
def world(forum, secretary, chair, police_liaison, municipal_officer, police_unit, directorate):
    """Published minutes with public concerns in long-named categories; many actions in every status."""
    categories = [
        factories.ConcernCategoryFactory(slug=slug, name_sq=name_sq, name_en=name_en)
        for slug, name_sq, name_en in CATEGORIES
    ]
    published = past_meeting(forum, days_ago=40, location="Salla e Kuvendit Komunal")
    published.members_present.set(forum.memberships.all())
    concerns = [
        factories.ConcernFactory(
            meeting=published,
            category=category,
            summary="Shitje e narkotikëve pranë shkollës së mesme gjatë pushimeve",
            neighbourhood="Lagjja e Muhaxherëve",
        )
        for category in categories
    ]
    today = timezone.localdate()
    for n in range(8):
        factories.ActionFactory(
            meeting=published,
            concern=concerns[n % 3],
            title=f"Patrullime të përbashkëta në oborrin e shkollës {n}",
            responsible_body=police_unit,
            assignee=police_liaison,
            status=[Action.OPEN, Action.IN_PROGRESS, Action.DONE, Action.CANCELLED][n % 4],
            due_date=today + datetime.timedelta(days=n * 3 - 6),
        )
    lights = factories.ActionFactory(
        meeting=published,
        concern=concerns[2],
        title="Ndriçimi i rrugës pranë shkollës",
        responsible_body=directorate,
        assignee=municipal_officer,
        due_date=today + datetime.timedelta(days=3),
    )
    action_services.post_update(
        action=lights,
        by=municipal_officer,
        note="Llambat e reja u porositën nga drejtoria.",
        new_status=Action.IN_PROGRESS,
        is_public=True,
    )
    minutes_services.publish_minutes(
        minutes=approved_minutes(published, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
    )
    # Enough answers to the trust survey for its tables to show on /accountability/.
    factories.SurveyResponseFactory.create_batch(settings.SURVEY_MIN_ANSWERS, meeting=published)
    later = past_meeting(forum, days_ago=5, location="Salla e Kuvendit Komunal")
    return {"published": published, "later": later, "concern": concerns[0], "forum": forum}


def problems_at_phone_widths(page, url: str) -> list[str]:
    """What sticks out, scrolls sideways or breaks mid-word on the page at 360 and 320 px."""
    found = []
    for viewport in (PHONE_360, PHONE):
        page.set_viewport_size(viewport)
        response = page.goto(url)
        if response.status != 200:
            found.append(f"{url}: HTTP {response.status}")
            continue
        assert_fits_width(page)
        found += [f"{url} at {viewport['width']} px: {problem}" for problem in overflowing_elements(page)]
        found += [f"{url} at {viewport['width']} px: “{word}” broken" for word in words_broken_mid_word(page)]
    return found


def test_public_pages_fit_a_phone_without_breaking_words(page, live_server, world):
    base = f"{live_server.url}/sq"
    meeting = world["published"]
    problems = []
    for path in ["/", "/meetings/", "/minutes/", f"/minutes/{meeting.pk}/", "/accountability/"]:
        problems += problems_at_phone_widths(page, f"{base}{path}")
    # The trust survey's tables were there to check: they stack a row per card too.
    assert page.locator("section[aria-labelledby=trust-heading] table").count() >= 2
    assert problems == [], "\n".join(problems)


def test_the_minutes_concern_table_is_a_card_per_concern_with_labelled_cells(page, live_server, snap, world):
    page.set_viewport_size(PHONE_360)
    page.goto(f"{live_server.url}/sq/minutes/{world['published'].pk}/")
    snap("minutes-at-360")
    first_row = page.locator(".minutes-concerns tbody tr").first
    cells = first_row.locator("td")
    # Cells stack: each is as wide as the card.
    row_width = first_row.bounding_box()["width"]
    assert all(cells.nth(i).bounding_box()["width"] >= row_width - 30 for i in range(cells.count()))
    assert cells.first.get_attribute("data-label") == "Kategoria"
    assert "Narkotikët" in cells.first.inner_text()


def test_staff_pages_fit_a_phone_without_breaking_words(page, live_server, world, secretary):
    base = f"{live_server.url}/sq"
    login(page, live_server.url, secretary)
    meeting, later, concern, forum = world["published"], world["later"], world["concern"], world["forum"]
    problems = []
    for path in [
        "/staff/",
        "/staff/actions/mine/",
        "/staff/actions/mine/?status=any",
        f"/staff/meetings/{meeting.pk}/",
        f"/staff/meetings/{later.pk}/",
        f"/staff/concerns/{concern.pk}/",
        f"/staff/forums/{forum.slug}/",
        f"/staff/minutes/{meeting.pk}/",
    ]:
        problems += problems_at_phone_widths(page, f"{base}{path}")
    assert problems == [], "\n".join(problems)


def test_my_actions_shows_every_column_on_a_phone_without_sideways_scrolling(
    page, live_server, snap, world, police_liaison
):
    login(page, live_server.url, police_liaison)
    page.set_viewport_size(PHONE_360)
    page.goto(f"{live_server.url}/sq/staff/actions/mine/?status=any")
    snap("my-actions-at-360")
    region = page.locator(".table-scroll").first
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    status = page.locator("table.my-actions tbody tr").first.locator("td[data-label] .badge").first
    box = status.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert problems_at_phone_widths(page, f"{live_server.url}/sq/staff/actions/mine/?status=any") == []


def test_the_police_liaison_and_the_chair_see_their_pages_whole_on_a_phone(
    page, live_server, world, police_liaison, chair
):
    problems = []
    for person in (police_liaison, chair):
        page.context.clear_cookies()
        login(page, live_server.url, person)
        problems += problems_at_phone_widths(page, f"{live_server.url}/sq/staff/")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("status", [Meeting.PLANNED])
def test_a_meeting_still_planned_asks_on_a_phone_too(page, live_server, world, secretary, status):
    meeting = past_meeting(world["forum"], days_ago=1, status=status)
    login(page, live_server.url, secretary)
    assert problems_at_phone_widths(page, f"{live_server.url}/sq/staff/meetings/{meeting.pk}/") == []
