"""The issue's journey in a real browser: from scheduling a meeting to a citizen reading what was done.

Four people, each in their own browser context: the secretary (two-factor login) records the meeting
and its minutes, the chair approves, the secretary publishes, a citizen on a 320 px phone finds the
minutes through the filters and downloads the PDF, the police liaison posts a public update that the
citizen then reads on /accountability/. Celery is eager here (no broker), so publishing renders the
PDF in the request. Every step leaves a screenshot in test-artifacts/screenshots/<test>/.
"""

import datetime

from django.utils import timezone

from actions.models import Action
from actions.models import ActionUpdate
from forums.models import Concern
from forums.models import Meeting
from forums.models import Minutes
from tests.browser.helpers import DESKTOP
from tests.browser.helpers import PHONE
from tests.browser.helpers import assert_accessible
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import assign_action_in_place
from tests.browser.helpers import login
from tests.browser.helpers import reauthenticate_if_asked
from tests.browser.helpers import save_in_place

PUBLIC_SUMMARY = "Makinat ecin shpejt pranë shkollës"
RESTRICTED_SUMMARY = "Rast dhune në familje i raportuar"
ACTION_TITLE = "Kontrolle shpejtësie çdo mëngjes"
UPDATE_NOTE = "Radari u vendos para shkollës; shpejtësia mesatare ra në 28 km/h."


def submit(page, form_selector: str, user=None) -> None:
    """Press the form's submit button and wait for the page that answers.

    When a sensitive step asks for the password again (allauth's re-authentication), give it: allauth
    then replays the POST. Should it not, the step is pressed again from the page it started on.
    """
    form = page.locator(form_selector).first
    action = form.get_attribute("action") or ""
    origin = page.url
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    if (
        user is not None
        and reauthenticate_if_asked(page, user)
        and action
        and page.url.split("?")[0].endswith(action)
    ):
        page.goto(origin)
        with page.expect_navigation():
            page.locator(form_selector).first.locator("button[type=submit]").first.click()


def minutes_transition(page, meeting: Meeting, transition: str, user) -> None:
    """Press a button of the minutes workflow on the staff minutes page."""
    submit(page, f"form[action='/staff/minutes/{meeting.pk}/{transition}/']", user)


def test_a_meeting_goes_from_schedule_to_published_minutes_and_public_accountability(
    page,
    open_page,
    live_server,
    snap,
    forum,
    secretary,
    chair,
    police_liaison,
    member,
    police_unit,
    category,
    restricted_category,
):
    base = live_server.url

    # The secretary signs in with password and authenticator code.
    page.set_viewport_size(DESKTOP)
    login(page, base, secretary)
    assert page.url == f"{base}/staff/"
    snap("secretary-dashboard")

    # Schedules the meeting (held this morning; recorded afterwards).
    page.goto(f"{base}/staff/forums/{forum.slug}/meetings/new/")
    starts = timezone.localtime() - datetime.timedelta(hours=3)
    page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=location]", "Salla e Kuvendit Komunal")
    page.check("input[name=is_public]")
    assert_accessible(page)
    snap("schedule-meeting")
    submit(page, "main form[method=post]", secretary)
    meeting = Meeting.objects.get(forum=forum)
    meeting_url = f"{base}/staff/meetings/{meeting.pk}/"
    assert page.url.startswith(meeting_url)

    # Its start time has passed: the page asks whether it was held, and one click says so.
    save_in_place(page, f"form[action='/staff/meetings/{meeting.pk}/outcome/']")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.HELD

    # Builds the agenda.
    agenda_form = f"form[action='/staff/meetings/{meeting.pk}/agenda/new/']"
    for title in ["Hapja", "Siguria pranë shkollave", "Të ndryshme"]:
        page.fill(f"{agenda_form} [name=title]", title)
        save_in_place(page, agenda_form)
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Hapja",
        "Siguria pranë shkollave",
        "Të ndryshme",
    ]
    snap("agenda")

    # Records attendance: every member present, and the citizens who came.
    page.goto(f"{meeting_url}attendance/")
    for box in page.locator("input[name=members_present]").all():
        box.check()
    page.fill("input[name=citizens_women]", "6")
    page.fill("input[name=citizens_men]", "8")
    page.fill("input[name=citizens_youth]", "3")
    assert_accessible(page)
    snap("attendance")
    submit(page, "main form[method=post]", secretary)
    meeting.refresh_from_db()
    assert meeting.members_present.count() == forum.memberships.count()

    # Logs a public and a restricted concern.
    concern_form = f"form[action='/staff/meetings/{meeting.pk}/concerns/new/']"
    schools = meeting.agenda_items.get(title="Siguria pranë shkollave")
    page.select_option(f"{concern_form} [name=category]", str(category.pk))
    page.fill(f"{concern_form} [name=summary]", PUBLIC_SUMMARY)
    # The concern form's agenda list caught up with the agenda in place.
    page.wait_for_selector(f"{concern_form} option[value='{schools.pk}']", state="attached")
    page.select_option(f"{concern_form} [name=agenda_item]", str(schools.pk))
    page.select_option(f"{concern_form} [name=source]", "citizen")
    save_in_place(page, concern_form)
    page.select_option(f"{concern_form} [name=category]", str(restricted_category.pk))
    page.fill(f"{concern_form} [name=summary]", RESTRICTED_SUMMARY)
    page.select_option(f"{concern_form} [name=source]", "police")
    save_in_place(page, concern_form)
    traffic = Concern.objects.get(summary=PUBLIC_SUMMARY)
    assert Concern.objects.get(summary=RESTRICTED_SUMMARY).is_restricted

    # Assigns an action on the public concern to the police liaison.
    action_form = f"form[action='/staff/actions/new/meeting/{meeting.pk}/']"
    # The action form's list of concerns caught up with the last one logged in place.
    last = Concern.objects.get(summary=RESTRICTED_SUMMARY)
    page.wait_for_selector(f"{action_form} option[value='{last.pk}']", state="attached")
    assign_action_in_place(
        page,
        meeting,
        title=ACTION_TITLE,
        concern=traffic,
        body=police_unit,
        assignee=police_liaison,
        due_in_days=21,
    )
    action = Action.objects.get(title=ACTION_TITLE)
    assert page.locator(f"a[href='{action.get_absolute_url()}']").count()
    assert_accessible(page)
    snap("meeting-recorded")

    # Drafts the minutes from what was recorded and sends them to the chair.
    page.goto(f"{base}/staff/minutes/{meeting.pk}/")
    submit(page, f"form[action='/staff/minutes/{meeting.pk}/start/']", secretary)
    narrative = page.locator("textarea[name=narrative]")
    narrative.fill(narrative.input_value() + "\n\nForumi vendosi kontrolle të shpejtësisë pranë shkollës.")
    assert_accessible(page)
    snap("minutes-draft")
    minutes_transition(page, meeting, "edit", secretary)
    minutes_transition(page, meeting, "submit", secretary)
    assert Minutes.objects.get(meeting=meeting).status == Minutes.SUBMITTED
    snap("minutes-submitted")

    # The chair, in their own browser, approves.
    chair_page = open_page()
    login(chair_page, base, chair)
    chair_page.goto(f"{base}/staff/minutes/{meeting.pk}/")
    assert_accessible(chair_page)
    snap("chair-reviews", on=chair_page)
    minutes_transition(chair_page, meeting, "approve", chair)
    assert Minutes.objects.get(meeting=meeting).status == Minutes.APPROVED
    snap("chair-approved", on=chair_page)

    # The secretary publishes: the PDF of each language is rendered and listed.
    page.goto(f"{base}/staff/minutes/{meeting.pk}/")
    minutes_transition(page, meeting, "publish", secretary)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.PUBLISHED
    page.goto(f"{base}/staff/minutes/{meeting.pk}/")
    assert page.locator(f"a[href='/staff/minutes/{meeting.pk}/v1-sq.pdf']").count() == 1
    assert_accessible(page)
    snap("minutes-published")

    # A citizen on a phone finds them with the filters and downloads the PDF.
    citizen = open_page(PHONE)
    citizen.goto(f"{base}/minutes/")
    citizen.select_option("select[name=municipality]", str(forum.municipality.pk))
    citizen.select_option("select[name=category]", str(category.pk))
    snap("citizen-filters", on=citizen)
    with citizen.expect_navigation():
        citizen.locator("form[role=search] button[type=submit]").click()
    assert f"municipality={forum.municipality.pk}" in citizen.url
    assert_fits_width(citizen)
    assert_accessible(citizen)
    snap("citizen-results", on=citizen)
    with citizen.expect_navigation():
        citizen.locator(f"main a[href='/minutes/{meeting.pk}/']").first.click()
    assert PUBLIC_SUMMARY in citizen.content()
    assert RESTRICTED_SUMMARY not in citizen.content()
    assert_fits_width(citizen)
    assert_accessible(citizen)
    snap("citizen-minutes", on=citizen)
    pdf_link = citizen.locator("a[type='application/pdf'][hreflang=sq]").first
    # Chromium shows the PDF inline (or saves it, depending on its settings): check what the link gives.
    with citizen.expect_response(lambda response: ".pdf" in response.url) as answer:
        pdf_link.click()
    pdf = answer.value
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert f'filename="minutes-{forum.slug}-{meeting.number}-v1-sq.pdf"' in pdf.headers["content-disposition"]
    # The viewer replaces the body Playwright sees; the download is the same URL fetched as a file.
    assert citizen.context.request.get(pdf.url).body().startswith(b"%PDF-")

    # The police liaison posts a public update on the action.
    police = open_page(PHONE)
    login(police, base, police_liaison)
    police.goto(f"{base}{action.get_absolute_url()}")
    update_form = f"form[action='/staff/actions/{action.pk}/update/']"
    police.fill(f"{update_form} [name=note]", UPDATE_NOTE)
    police.select_option(f"{update_form} [name=new_status]", Action.IN_PROGRESS)
    police.check(f"{update_form} [name=is_public]")
    assert_fits_width(police)
    assert_accessible(police)
    snap("police-update", on=police)
    submit(police, update_form, police_liaison)
    assert ActionUpdate.objects.get(action=action).is_public
    snap("police-posted", on=police)

    # The citizen reads it on the accountability page, which links back to the minutes.
    answer = citizen.goto(f"{base}/accountability/")
    assert answer.ok, answer.status
    assert UPDATE_NOTE in citizen.content(), answer.headers
    assert RESTRICTED_SUMMARY not in citizen.content()
    assert citizen.locator(f"a[href='/minutes/{meeting.pk}/']").count()
    assert_fits_width(citizen)
    assert_accessible(citizen)
    snap("citizen-accountability", on=citizen)
