"""In a real browser: each role's dashboard shows its queues and leads to the step that clears them;
long text is counted as it is typed and refused whole, never cut.

Every page is also checked with axe-core and at 360 px (nothing sideways, no word broken).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from forums.models import Concern
from forums.models import Meeting
from forums.models import Minutes
from tests import factories
from tests.browser.helpers import DESKTOP
from tests.browser.helpers import PHONE_360
from tests.browser.helpers import assert_accessible
from tests.browser.helpers import assert_phone_layout
from tests.browser.helpers import login
from tests.minutes_support import past_meeting
from tests.minutes_support import submitted_minutes


@pytest.fixture
def world(forum, secretary, chair, police_liaison, police_unit, category):
    waiting = past_meeting(forum, days_ago=12)
    waiting.members_present.set(forum.memberships.all())
    submitted_minutes(waiting, secretary=secretary, narrative="U diskutua siguria pranë shkollave.")
    still_planned = past_meeting(forum, days_ago=2, status=Meeting.PLANNED)
    today = timezone.localdate()
    overdue = factories.ActionFactory(
        meeting=waiting,
        title="Kontrolle shpejtësie pranë shkollës",
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=today - datetime.timedelta(days=3),
    )
    this_week = factories.ActionFactory(
        meeting=waiting,
        title="Takim me drejtorin e shkollës",
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=today + datetime.timedelta(days=4),
    )
    return {"waiting": waiting, "still_planned": still_planned, "overdue": overdue, "this_week": this_week}


def check_page(page) -> None:
    assert_accessible(page)
    page.set_viewport_size(PHONE_360)
    assert_phone_layout(page)
    page.set_viewport_size(DESKTOP)


def test_the_chair_finds_the_minutes_awaiting_approval_on_the_dashboard_and_approves_them(
    page, live_server, snap, world, chair
):
    login(page, live_server.url, chair)
    queue = page.locator(
        "section", has=page.get_by_role("heading", name="Waiting for you: minutes to approve")
    )
    assert queue.count() == 1
    check_page(page)
    snap("chair-dashboard")

    with page.expect_navigation():
        queue.get_by_role("link").first.click()
    assert page.url.endswith(f"/staff/minutes/{world['waiting'].pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    assert Minutes.objects.get(meeting=world["waiting"]).status == Minutes.APPROVED

    page.goto(f"{live_server.url}/staff/")
    assert page.get_by_role("heading", name="Waiting for you: minutes to approve").count() == 0


def test_the_secretary_marks_a_past_meeting_held_from_the_dashboard_in_one_click(
    page, live_server, snap, world, secretary
):
    login(page, live_server.url, secretary)
    queues = page.locator(
        "section", has=page.get_by_role("heading", name="Waiting for you: meetings and minutes")
    )
    assert "Past meetings still marked planned (1)" in queues.inner_text()
    check_page(page)
    snap("secretary-dashboard")

    with page.expect_navigation():
        queues.locator(f"a[href='/staff/meetings/{world['still_planned'].pk}/']").click()
    assert page.get_by_role("heading", name="Was this meeting held?").count() == 1
    check_page(page)
    snap("meeting-asks")
    # Saved in place: the page says so in its live region, without a page load.
    page.get_by_role("button", name="Mark as held").click()
    expect(page.locator("#meeting-live")).to_contain_text("Record the attendance next")
    world["still_planned"].refresh_from_db()
    assert world["still_planned"].status == Meeting.HELD
    assert page.get_by_role("heading", name="Was this meeting held?").count() == 0


def test_the_police_liaison_sees_what_is_overdue_and_due_this_week(
    page, live_server, snap, world, police_liaison
):
    login(page, live_server.url, police_liaison)
    overdue = page.locator("section", has=page.get_by_role("heading", name="Overdue actions"))
    this_week = page.locator("section", has=page.get_by_role("heading", name="Due in the next 7 days"))
    assert overdue.get_by_role("link", name=world["overdue"].title).count() == 1
    assert this_week.get_by_role("link", name=world["this_week"].title).count() == 1
    assert overdue.get_by_role("link", name=world["this_week"].title).count() == 0
    check_page(page)
    snap("police-dashboard")


def test_a_long_paste_is_counted_and_refused_whole_not_cut(
    page, live_server, snap, world, secretary, category
):
    meeting = world["waiting"]
    pasted = ("Banorët e lagjes raportojnë shpejtësi të lartë pranë shkollës. " * 160)[:10_000]
    login(page, live_server.url, secretary)
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/concerns/new/")
    summary = page.locator("textarea[name=summary], input[name=summary]")
    assert summary.get_attribute("maxlength") is None
    page.select_option("select[name=category]", str(category.pk))
    count = page.locator(f"#{summary.get_attribute('id')}-count")
    summary.fill(" " + "x" * 300 + "  ")  # the server trims the spaces around the text
    assert count.inner_text() == "300 of 300 characters"
    summary.fill(pasted)
    assert count.inner_text() == "10000 of 300 characters: 9700 too many"
    assert "char-count-over" in count.get_attribute("class")
    snap("counted")

    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert "Ensure this value has at most 300 characters (it has 10000)." in page.locator("main").inner_text()
    assert page.locator("input[name=summary]").input_value() == pasted.strip()
    assert not Concern.objects.filter(summary__startswith="Banorët").exists()
    check_page(page)
    snap("refused-and-kept")

    page.locator("input[name=summary]").fill("Shpejtësi e lartë pranë shkollës")
    assert page.locator(f"#{summary.get_attribute('id')}-count").inner_text() == "32 of 300 characters"


def test_the_concern_page_offers_to_close_as_resolved_once_every_action_is_done(
    page, live_server, world, secretary, police_unit, category
):
    concern = factories.ConcernFactory(
        meeting=world["waiting"], category=category, summary="Ndriçimi në rrugë"
    )
    factories.ActionFactory(
        meeting=world["waiting"], concern=concern, responsible_body=police_unit, status=Action.DONE
    )
    login(page, live_server.url, secretary)
    page.goto(f"{live_server.url}{concern.get_absolute_url()}")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Close as resolved").click()
    concern.refresh_from_db()
    assert (concern.status, concern.closing_reason) == (Concern.CLOSED, Concern.RESOLVED)
