"""The trust survey and e-mail alerts in a real browser.

A citizen answers the survey on a 360 px phone and is turned away politely the second time; the
accountability page hides a municipality-quarter of 9 answers and shows one of 10; someone follows a
forum by e-mail, confirms from the link in the outbox, is told when minutes are published and leaves
in one click; an address nobody confirmed is told nothing. Celery is eager (no broker): alerts are
sent when the change commits. Screenshots go to test-artifacts/screenshots/<test>/.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.models import SurveyResponse
from portal.models import Subscription
from tests import factories
from tests.browser.helpers import assert_accessible
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import wait_for_proof_of_work
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting

PHONE_360 = {"width": 360, "height": 740}


@pytest.fixture
def other_person(browser, browser_context_args):
    """Another person's phone: a browser context of its own (its own cookies)."""
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE_360})
    yield context.new_page()
    context.close()


@pytest.fixture
def published(forum, secretary, chair):
    """A public meeting whose minutes were just published: its survey is open."""
    from forums.minutes import services as minutes_services

    meeting = past_meeting(forum, days_ago=12, location="Salla e Kuvendit")
    minutes_services.publish_minutes(
        minutes=approved_minutes(meeting, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
    )
    return meeting


def answer(page, *, agree: int = SurveyResponse.AGREE) -> None:
    """Choose the same answer for every statement, as a thumb would: by tapping the labels."""
    for name in SurveyResponse.statement_fields():
        page.locator(f"label[for=id_{name}_{_position(agree)}]").click()


def _position(value: int) -> int:
    return [code for code, _label in SurveyResponse.SCALE_CHOICES].index(value)


def test_a_citizen_answers_on_a_phone_and_a_second_answer_from_the_same_browser_is_refused_politely(
    page,
    other_person,
    live_server,
    snap,
    published,  # noqa: F811
):
    url = f"{live_server.url}{reverse('portal:feedback', args=[published.pk])}"
    page.set_viewport_size(PHONE_360)
    page.goto(url)
    # The same browser opened the form in a second tab before answering in the first.
    second_tab = page.context.new_page()
    second_tab.set_viewport_size(PHONE_360)
    second_tab.goto(url)
    snap("the form on a phone")
    assert_fits_width(page)
    assert_accessible(page)

    answer(page)
    page.check("input[name=attended][value=yes]")
    page.fill("textarea[name=comment]", "Më shumë ndriçim te shkolla")
    wait_for_proof_of_work(page)
    with page.expect_navigation():
        page.locator("form.survey-form button[type=submit]").click()

    assert page.locator("h2", has_text="Thank you").is_visible()
    snap("thanked")
    assert_fits_width(page)
    response = SurveyResponse.objects.get(meeting=published)
    assert (response.good_job, response.attended, response.comment) == (
        4,
        True,
        "Më shumë ndriçim te shkolla",
    )

    answer(second_tab, agree=SurveyResponse.STRONGLY_DISAGREE)
    wait_for_proof_of_work(second_tab)
    with second_tab.expect_navigation():
        second_tab.locator("form.survey-form button[type=submit]").click()
    assert second_tab.locator("h2", has_text="You have already answered").is_visible()
    assert not second_tab.locator("form.survey-form").count()
    snap("second answer refused", on=second_tab)
    assert_fits_width(second_tab)
    assert SurveyResponse.objects.filter(meeting=published).count() == 1

    # Another person (another browser) may still answer.
    other = other_person
    other.goto(url)
    answer(other, agree=SurveyResponse.DONT_KNOW)
    wait_for_proof_of_work(other)
    with other.expect_navigation():
        other.locator("form.survey-form button[type=submit]").click()
    assert other.locator("h2", has_text="Thank you").is_visible()
    assert SurveyResponse.objects.filter(meeting=published).count() == 2


def test_a_municipality_quarter_of_nine_answers_is_suppressed_and_one_of_ten_is_shown(
    page, live_server, snap, forum, other_forum
):
    nine = past_meeting(forum, days_ago=0)
    ten = past_meeting(other_forum, days_ago=0)
    for _n in range(settings.SURVEY_MIN_ANSWERS - 1):
        factories.SurveyResponseFactory(meeting=nine)
    for _n in range(settings.SURVEY_MIN_ANSWERS):
        factories.SurveyResponseFactory(meeting=ten)

    page.goto(f"{live_server.url}{reverse('portal:accountability')}#trust-heading")
    section = page.locator("section[aria-labelledby=trust-heading]")
    snap("nine hidden, ten shown")
    hidden = section.locator("h3", has_text=forum.municipality.name).locator(
        "xpath=following-sibling::div[1]"
    )
    shown = section.locator("h3", has_text=other_forum.municipality.name).locator(
        "xpath=following-sibling::div[1]"
    )

    assert "fewer than 10 answers" in hidden.inner_text()
    assert "100%" not in hidden.inner_text()
    assert "100% n = 10" in shown.inner_text().replace("\xa0", " ")
    # The chart draws the shown municipality's point for this quarter and none for the hidden one.
    assert section.locator("svg circle").count() == 1
    assert forum.municipality.name not in section.locator("svg circle title").text_content()
    assert_accessible(page)


def _link(message, path_name: str) -> str:
    """A link of an e-mail, moved from SITE_URL onto the live test server."""
    found = re.search(rf"{re.escape(settings.SITE_URL)}((?:/[\w-]+)?/{path_name}/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_someone_follows_a_forum_confirms_from_the_outbox_is_told_of_minutes_and_leaves_in_one_click(
    page, live_server, snap, forum, secretary, chair, mailoutbox
):
    page.set_viewport_size(PHONE_360)
    page.goto(f"{live_server.url}{reverse('portal:subscribe')}?forum={forum.slug}")
    page.fill("input[name=email]", "qytetari@example.org")
    page.select_option("select[name=language]", "en")
    wait_for_proof_of_work(page)
    snap("subscribe")
    assert_fits_width(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("h2", has_text="Check your inbox").is_visible()

    confirmation = mailoutbox[-1]
    assert confirmation.to == ["qytetari@example.org"]
    page.goto(live_server.url + _link(confirmation, "subscribe/confirm"))
    snap("confirm")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert forum.name in page.locator("main").inner_text()
    assert Subscription.objects.get(email="qytetari@example.org").is_confirmed

    meeting = past_meeting(forum, days_ago=5)
    from forums.minutes import services as minutes_services

    minutes_services.publish_minutes(
        minutes=approved_minutes(meeting, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
    )
    alert = mailoutbox[-1]
    assert alert.to == ["qytetari@example.org"]
    assert f"minutes of meeting {meeting.number}" in alert.subject
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = _link(alert, "unsubscribe")
    assert alert.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{unsubscribe}>"

    page.goto(live_server.url + unsubscribe)
    snap("leave")
    assert_fits_width(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "your address has been erased" in page.locator("main").inner_text()
    assert not Subscription.objects.filter(email="qytetari@example.org").exists()


def test_a_mail_programs_one_click_post_unsubscribes_without_a_page(live_server, playwright, forum):
    subscription = Subscription.objects.create(
        email="klikim@example.org", forum=forum, language="sq", confirmed_at=timezone.now()
    )
    request = playwright.request.new_context()
    response = request.post(
        f"{live_server.url}{reverse('portal:unsubscribe', args=[subscription.token])}",
        form={"List-Unsubscribe": "One-Click"},
    )
    request.dispose()

    assert response.status == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_no_alert_goes_to_an_address_nobody_confirmed(page, live_server, forum, secretary, mailoutbox):
    page.goto(f"{live_server.url}{reverse('portal:subscribe')}?forum={forum.slug}")
    page.fill("input[name=email]", "i-pakonfirmuar@example.org")
    wait_for_proof_of_work(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    Subscription.objects.create(
        email="konfirmuar@example.org", forum=forum, language="sq", confirmed_at=timezone.now()
    )
    mailoutbox.clear()

    services.schedule_meeting(
        forum=forum, by=secretary, starts_at=timezone.now() + datetime.timedelta(days=20), location="Salla"
    )

    assert [message.to for message in mailoutbox] == [["konfirmuar@example.org"]]
    assert mail.outbox[0].subject.startswith(forum.name)
