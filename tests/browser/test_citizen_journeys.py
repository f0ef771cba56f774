"""The citizens' journeys of issue 12 in a real browser, each person in their own browser context.

A citizen on a 360 px phone raises a concern for a coming meeting and gets a code; the secretary
accepts it onto that meeting's agenda; the meeting is held, an action is assigned and done; the
citizen's /track/<code>/ shows each step; the published minutes say the concern came from a
citizen through the site. Then the same journey with a domestic-violence submission: no word of
it reaches any public page, file, feed, e-mail or default export. Celery is eager here (no
broker): publishing renders the PDF in the request; the citizens' e-mails are sent by calling the
beat task's function. Screenshots: test-artifacts/screenshots/<test>/.
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from actions import services as action_services
from actions.models import Action
from forums import services as forum_services
from forums.models import Concern
from forums.models import Meeting
from forums.models import Submission
from portal import tracking
from tests import factories
from tests.browser.helpers import DESKTOP
from tests.browser.helpers import assert_accessible
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import assign_action_in_place
from tests.browser.helpers import login
from tests.browser.test_journeys import submit
from tests.minutes_support import approved_minutes
from tests.minutes_support import publish

PHONE_360 = {"width": 360, "height": 740}


@pytest.fixture
def coming(forum):
    return factories.MeetingFactory(
        forum=forum,
        number=7,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="Salla e Kuvendit",
    )


def raise_on_phone(citizen, base, forum, coming, category, *, text, neighbourhood, email, snap) -> str:
    """The citizen fills in the form for the coming meeting and keeps the code from the receipt."""
    citizen.goto(f"{base}/raise/{forum.slug}/?meeting={coming.pk}")
    assert citizen.locator(".emergency a[href='tel:192']").count() == 1
    citizen.select_option("select[name=category]", str(category.pk))
    assert citizen.locator("select[name=meeting]").input_value() == str(coming.pk)
    citizen.fill("input[name=neighbourhood]", neighbourhood)
    citizen.fill("textarea[name=text]", text)
    citizen.fill("input[name=email]", email)
    # The proof of work runs in a web worker from our own static files as soon as the page loads.
    citizen.wait_for_selector("altcha-widget .altcha[data-state=verified]")
    assert_fits_width(citizen)
    assert_accessible(citizen)
    snap("citizen-form", on=citizen)
    with citizen.expect_navigation():
        citizen.locator("main form button[type=submit]").click()
    code = citizen.locator(".tracking-code strong").inner_text()
    assert len(code.replace("-", "")) == 16
    assert text not in citizen.content()
    assert citizen.locator(".emergency a[href='tel:192']").count() == 1
    assert_fits_width(citizen)
    assert_accessible(citizen)
    snap("citizen-receipt", on=citizen)
    # A phone that reloads the tab shows the same receipt: nothing is sent again.
    citizen.reload()
    assert citizen.locator(".tracking-code strong").inner_text() == code
    # Back on a shared phone: the form is empty, not filled in again with what was reported.
    citizen.go_back()
    assert citizen.locator("textarea[name=text]").input_value() == ""
    assert citizen.locator("input[name=neighbourhood]").input_value() == ""
    return code


def track_shows(citizen, base, code, *expected, snap=None, step=""):
    citizen.goto(f"{base}/track/{code}/")
    body = citizen.content()
    for text in expected:
        assert text in body, text
    assert_fits_width(citizen)
    if snap:
        snap(step, on=citizen)
    return body


def accept_in_browser(page, base, submission, *, summary) -> Concern:
    """The secretary opens the queue from the dashboard and accepts the submission onto the meeting."""
    page.goto(f"{base}/staff/")
    assert "waiting for an answer" in page.content()
    page.click("a[href='/staff/submissions/']")
    page.click(f"a[href='/staff/submissions/{submission.pk}/']")
    form = "form[action$='/accept/']"
    page.fill(f"{form} [name=summary]", summary)
    assert_accessible(page)
    submit(page, form)
    submission.refresh_from_db()
    assert submission.status == Submission.ACCEPTED
    return submission.concern


def hold_the_meeting(page, base, meeting: Meeting, secretary, police_unit, police_liaison, *, action_title):
    """The meeting takes place: the secretary records it held, assigns an action; the police do it."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    page.goto(f"{base}/staff/meetings/{meeting.pk}/edit/")
    page.select_option("select[name=status]", Meeting.HELD)
    submit(page, "main form[method=post]")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.HELD
    concern = meeting.concerns.get()
    page.goto(f"{base}/staff/meetings/{meeting.pk}/")
    assign_action_in_place(
        page,
        meeting,
        title=action_title,
        concern=concern,
        body=police_unit,
        assignee=police_liaison,
        due_in_days=14,
    )
    action = Action.objects.get(title=action_title)
    action_services.post_update(
        action=action,
        by=police_liaison,
        note="Done",
        new_status=Action.DONE,
        is_public=not action.is_restricted,
    )
    return concern


@pytest.fixture
def journey(page, open_page, live_server, snap, people):
    """The whole journey for a category and the citizen's words; answers what each test's assertions need."""

    def run(category, *, text, summary, action_title, neighbourhood):
        base = live_server.url
        citizen = open_page(PHONE_360)
        code = raise_on_phone(
            citizen,
            base,
            people.forum,
            people.coming,
            category,
            text=text,
            neighbourhood=neighbourhood,
            email="qytetari@example.org",
            snap=snap,
        )
        submission = Submission.objects.get()
        assert submission.display_code == code
        track_shows(citizen, base, code, "Waiting for the forum", snap=snap, step="track-received")

        page.set_viewport_size(DESKTOP)
        login(page, base, people.secretary)
        concern = accept_in_browser(page, base, submission, summary=summary)
        snap("secretary-accepted")
        tracking.notify_citizens()
        track_shows(citizen, base, code, "Accepted by the forum", snap=snap, step="track-accepted")

        hold_the_meeting(
            page,
            base,
            people.coming,
            people.secretary,
            people.police_unit,
            people.police_liaison,
            action_title=action_title,
        )
        tracking.notify_citizens()
        track_shows(
            citizen, base, code, "Discussed at the meeting", "1 of 1 done", snap=snap, step="track-done"
        )

        minutes = publish(
            approved_minutes(
                people.coming, secretary=people.secretary, chair=people.chair, narrative="Takimi u mbajt."
            ),
            by=people.secretary,
            capture=people.capture,
        )
        forum_services.close_concern(concern=concern, by=people.secretary, reason=Concern.RESOLVED)
        tracking.notify_citizens()
        track_body = track_shows(citizen, base, code, "Closed: Resolved", snap=snap, step="track-closed")
        submission.refresh_from_db()
        assert submission.email == ""  # told it is closed: the address is gone
        return SimpleNamespace(
            citizen=citizen, base=base, code=code, minutes=minutes, concern=concern, track=track_body
        )

    return run


@pytest.fixture
def people(forum, secretary, chair, police_liaison, police_unit, coming, django_capture_on_commit_callbacks):
    return SimpleNamespace(
        forum=forum,
        secretary=secretary,
        chair=chair,
        police_liaison=police_liaison,
        police_unit=police_unit,
        coming=coming,
        capture=django_capture_on_commit_callbacks,
    )


def test_a_citizen_raises_a_concern_on_a_phone_and_follows_it_to_the_published_minutes(
    journey, snap, people, category
):
    words = "Makinat kalojnë me shpejtësi të madhe para shkollës fillore çdo mëngjes."
    result = journey(
        category,
        text=words,
        summary="Shpejtësia para shkollës fillore",
        action_title="Kontrolle shpejtësie para shkollës",
        neighbourhood="Ulpiana",
    )
    citizen = result.citizen
    assert "Kontrolle shpejtësie para shkollës" in result.track
    assert words not in result.track

    # The minutes' page says where the concern came from, and the tracking page links to it.
    citizen.goto(f"{result.base}/track/{result.code}/")
    with citizen.expect_navigation():
        citizen.click(f"a[href='/minutes/{people.coming.pk}/']")
    assert "Shpejtësia para shkollës fillore" in citizen.content()
    # The snapshot is in the municipality's first language, Albanian.
    with translation.override("sq"):
        through_the_site = gettext("A citizen, through this website")
    assert citizen.locator("td", has_text=through_the_site).count() == 1
    assert words not in citizen.content()
    assert_fits_width(citizen)
    assert_accessible(citizen)
    snap("citizen-minutes", on=citizen)
    told = [message for message in mail.outbox if message.to == ["qytetari@example.org"]]
    assert len(told) == 3  # accepted, discussed with its action done, closed


MARKERS = {
    "text": "MRKDVTEXT Fqinji e rreh gruan çdo natë",
    "neighbourhood": "MRKDVPLACE",
    "summary": "MRKDVSUMMARY rast i ndjekur nga policia",
    "action": "MRKDVACTION mbrojtje e viktimës",
}


def public_surfaces(request_context, base: str, meeting_id: int, code: str) -> dict[str, str]:
    """What anyone can fetch: pages, files, feeds and the default export, as text."""
    texts = {}
    for path in [
        "/",
        "/meetings/",
        "/meetings/calendar.ics",
        "/minutes/",
        f"/minutes/{meeting_id}/",
        "/accountability/",
        "/accountability/export.csv",
        "/feeds/minutes/",
        f"/track/{code}/",
        "/api/v1/concerns/",
        "/api/v1/actions/",
        "/api/v1/statistics/",
    ]:
        response = request_context.get(base + path)
        assert response.status == 200, path
        texts[path] = response.text()
    pdf = request_context.get(f"{base}/minutes/{meeting_id}.pdf").body()
    texts["pdf"] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return texts


def test_a_domestic_violence_report_never_reaches_a_public_surface_an_email_or_an_export(
    journey, page, people, restricted_category
):
    result = journey(
        restricted_category,
        text=MARKERS["text"],
        summary=MARKERS["summary"],
        action_title=MARKERS["action"],
        neighbourhood=MARKERS["neighbourhood"],
    )
    assert result.concern.is_restricted
    assert restricted_category.name_sq not in result.track  # not even its category on the slip's page

    surfaces = public_surfaces(result.citizen.context.request, result.base, people.coming.pk, result.code)
    # The secretary's default export of their actions leaves restricted text out.
    surfaces["my actions CSV"] = page.context.request.get(
        f"{result.base}/staff/actions/mine/export.csv"
    ).text()
    emails = {
        f"e-mail {n}: {message.subject}": message.subject + message.body + message.alternatives[0][0]
        for n, message in enumerate(mail.outbox)
    }
    assert any(m.to == ["qytetari@example.org"] for m in mail.outbox)
    for where, text in {**surfaces, **emails}.items():
        for marker in MARKERS.values():
            assert marker.split()[0] not in text, f"{marker} reached {where}"
    citizen_mails = [m for m in mail.outbox if m.to == ["qytetari@example.org"]]
    for message in citizen_mails:
        assert restricted_category.name_sq not in message.body + message.subject


def test_the_proof_of_work_runs_under_the_sites_own_content_security_policy(
    browser, browser_context_args, live_server, forum, category
):
    """Other browser tests bypass the CSP to inject axe-core; this one keeps it, as a citizen's browser does."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": False, "viewport": PHONE_360})
    page = context.new_page()
    problems, missing = [], []
    # A CSP refusal (an inline style, a worker from blob:) shows as a console error.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and problems.append(message.text)
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and "favicon" not in response.url and missing.append(response.url)
        ),
    )
    other_hosts = []
    page.on(
        "request", lambda request: request.url.startswith(live_server.url) or other_hosts.append(request.url)
    )
    try:
        page.goto(f"{live_server.url}/raise/")
        page.wait_for_selector("altcha-widget .altcha[data-state=verified]")
        assert page.locator("altcha-widget input[name=altcha]").input_value()
    finally:
        context.close()
    assert problems == []
    assert missing == []
    assert other_hosts == []
