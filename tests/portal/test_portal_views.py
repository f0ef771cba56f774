"""Public pages: what citizens see, what they never see, and how downloads behave."""

import hashlib
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from forums.minutes import services as minutes_services
from tests.minutes_support import publish
from tests.portal.world_people import *  # noqa: F403 (fixtures: the world's forum and people)

ATOM = "{http://www.w3.org/2005/Atom}"


def test_home_shows_upcoming_public_meetings_latest_minutes_and_counts(client, world):
    body = client.get("/").content.decode()

    assert "Qendra Rinore" in body
    assert reverse("portal:minutes_detail", args=[world.meeting.pk]) in body
    assert reverse("portal:minutes_detail", args=[world.closed_meeting.pk]) not in body
    assert body.count("<h1") == 1
    assert 'class="skip-link"' in body


def test_meetings_page_lists_public_meetings_only(client, world):
    body = client.get(reverse("portal:meeting_list")).content.decode()

    assert "Qendra Rinore" in body
    assert f"meeting {world.upcoming_closed.number}" not in body
    assert reverse("portal:minutes_detail", args=[world.meeting.pk]) in body


def test_minutes_page_shows_current_version_and_every_pdf_with_hash(client, world):
    response = client.get(reverse("portal:minutes_detail", args=[world.meeting.pk]))

    body = response.content.decode()
    assert "Ndriçimi i rrugës Agim Ramadani" in body
    for version in world.minutes.versions.all():
        assert version.sha256 in body
    assert "Current version: 1" in body
    assert body.count("<h1") == 1


def test_minutes_page_shows_the_readers_language_snapshot(client, world):
    body = client.get("/sr-latn" + reverse("portal:minutes_detail", args=[world.meeting.pk])).content.decode()

    assert 'lang="sr-latn"' in body


@pytest.mark.parametrize("which", ["closed_meeting", "draft_meeting", "upcoming", "other_meeting"])
def test_unpublished_and_closed_minutes_are_404(client, world, which):
    meeting = getattr(world, which)

    assert client.get(reverse("portal:minutes_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("portal:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("portal:minutes_version_pdf", args=[meeting.pk, 1])).status_code == 404


def test_minutes_of_an_inactive_forum_disappear(client, world, forum):
    forum.active = False
    forum.save()

    assert client.get(reverse("portal:minutes_detail", args=[world.meeting.pk])).status_code == 404


def test_pdf_download_has_type_readable_name_and_etag(client, world):
    response = client.get(reverse("portal:minutes_pdf", args=[world.meeting.pk]))

    content = b"".join(response.streaming_content)
    version = world.minutes.versions.get(language="sq")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="minutes-kksb-prishtine-1-v1-sq.pdf"'
    assert response["ETag"] == f'"{version.sha256}"'
    assert hashlib.sha256(content).hexdigest() == version.sha256


def test_lang_parameter_picks_the_language_version(client, world):
    response = client.get(reverse("portal:minutes_version_pdf", args=[world.meeting.pk, 1]) + "?lang=sr-latn")

    assert response["ETag"] == f'"{world.minutes.versions.get(language="sr-latn").sha256}"'
    assert "v1-sr-latn.pdf" in response["Content-Disposition"]


def test_matching_etag_answers_not_modified(client, world):
    url = reverse("portal:minutes_version_pdf", args=[world.meeting.pk, 1])
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_after_correction_latest_pdf_is_v2_and_v1_stays_downloadable(
    client, world, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = world.minutes
    minutes_services.reopen_for_correction(minutes=minutes, by=secretary)
    # While the correction is in the works, version 1 stays public.
    assert client.get(reverse("portal:minutes_detail", args=[world.meeting.pk])).status_code == 200
    minutes_services.edit_minutes(
        minutes=minutes, by=secretary, narrative="Teksti i korrigjuar", decisions=""
    )
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    minutes_services.approve_minutes(minutes=minutes, by=chair)
    publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    latest = client.get(reverse("portal:minutes_pdf", args=[world.meeting.pk]))
    first = client.get(reverse("portal:minutes_version_pdf", args=[world.meeting.pk, 1]))
    page = client.get(reverse("portal:minutes_detail", args=[world.meeting.pk])).content.decode()

    assert "v2-sq.pdf" in latest["Content-Disposition"]
    assert first.status_code == 200
    assert "v1-sq.pdf" in first["Content-Disposition"]
    assert "Current version: 2" in page
    assert "Teksti i korrigjuar" in page
    assert "(replaced)" in page
    assert client.get(reverse("portal:minutes_version_pdf", args=[world.meeting.pk, 3])).status_code == 404


def test_calendar_is_valid_icalendar_with_public_meetings_only(client, world):
    response = client.get(reverse("portal:meetings_ics"))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert f"meeting-{world.upcoming.pk}@127.0.0.1" in events
    assert f"meeting-{world.upcoming_closed.pk}@127.0.0.1" not in events
    assert f"meeting-{world.closed_meeting.pk}@127.0.0.1" not in events
    assert str(events[f"meeting-{world.cancelled.pk}@127.0.0.1"]["status"]) == "CANCELLED"
    upcoming = events[f"meeting-{world.upcoming.pk}@127.0.0.1"]
    assert upcoming.decoded("dtstart").utcoffset().total_seconds() == 0
    assert str(upcoming["location"]) == "Qendra Rinore"
    assert "dtstamp" in upcoming
    assert calendar["version"] == "2.0"
    assert b"\r\n" in response.content


def test_feed_is_atom_with_published_public_minutes_only(client, world):
    response = client.get(reverse("portal:minutes_feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 -- our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert [link.split("/", 3)[3] for link in links] == [
        reverse("portal:minutes_detail", args=[world.meeting.pk])[1:]
    ]


def test_filters_by_municipality_forum_kind_dates_category_and_text(
    client, world, forum, other_forum, category
):
    url = reverse("portal:minutes_list")
    detail = reverse("portal:minutes_detail", args=[world.meeting.pk])
    day = timezone.localdate(world.meeting.starts_at)

    def found(params) -> bool:
        return detail in client.get(url, params).content.decode()

    assert found({})
    assert found({"municipality": forum.municipality.pk})
    assert not found({"municipality": other_forum.municipality.pk})
    assert found({"forum": forum.pk})
    assert found({"kind": "mcsc"}) and not found({"kind": "lpsc"})
    assert found({"date_from": day.isoformat(), "date_to": day.isoformat()})
    assert not found({"date_from": (day.replace(year=day.year + 1)).isoformat()})
    assert found({"category": category.pk})
    assert found({"q": "Agim Ramadani"})
    assert not found({"q": "nuk ekziston askund"})


def test_text_search_looks_at_the_words_not_the_markup(client, world):
    url = reverse("portal:minutes_list")
    detail = reverse("portal:minutes_detail", args=[world.meeting.pk])
    version = world.meeting.minutes.versions.first()
    assert "<table" in version.html or "class=" in version.html

    assert detail not in client.get(url, {"q": "class="}).content.decode()
    assert detail in client.get(url, {"q": "Agim Ramadani"}).content.decode()


def test_filter_form_has_labels_and_date_inputs_and_bad_dates_do_not_crash(client, world):
    response = client.get(reverse("portal:minutes_list"), {"date_from": "not-a-date", "category": "abc"})

    body = response.content.decode()
    assert response.status_code == 200
    for name in ("q", "municipality", "forum", "kind", "date_from", "date_to", "category"):
        assert f'for="id_{name}"' in body
    assert 'type="date"' in body


def test_a_malformed_date_filter_is_not_echoed_into_the_date_input(client, db):
    page = client.get("/minutes/", {"date_from": "not-a-date"}).content.decode()

    # A date input holds a date or nothing (HTML); the error says what was wrong.
    assert 'value="not-a-date"' not in page
    assert 'aria-invalid="true"' in page
