"""The open-data API shows what the public pages show, nothing more, in JSON; and clients can sync it."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from actions.models import Action
from forums import services
from forums import visibility
from forums.models import Concern
from forums.models import Meeting
from portal.models import Tombstone
from tests import factories
from tests.portal.world_people import *  # noqa: F403 (fixtures: the world's forum and people)


def results(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(items, key="id"):
    return {item[key] for item in items}


# --- What is shown, and what never is ---------------------------------------------------------------


def test_closed_meetings_and_inactive_forums_are_absent_from_every_list(client, world):
    inactive = factories.ForumFactory(municipality=world.meeting.forum.municipality, active=False)
    hidden = factories.MeetingFactory(forum=inactive, number=1)

    meetings = ids(results(client, "/api/v1/meetings/", page_size=100))
    forums = ids(results(client, "/api/v1/forums/"))
    minutes = ids(results(client, "/api/v1/minutes/"), "meeting")

    assert world.meeting.pk in meetings and world.upcoming.pk in meetings and world.cancelled.pk in meetings
    assert {world.closed_meeting.pk, world.upcoming_closed.pk, hidden.pk} & meetings == set()
    assert inactive.pk not in forums
    assert minutes == {world.meeting.pk}  # not the closed meeting's, not the draft
    assert client.get(f"/api/v1/meetings/{world.closed_meeting.pk}/").status_code == 404
    assert client.get(f"/api/v1/minutes/{world.closed_meeting.pk}/").status_code == 404
    assert client.get(f"/api/v1/minutes/{world.draft_meeting.pk}/").status_code == 404
    assert client.get(f"/api/v1/forums/{inactive.pk}/").status_code == 404


def test_restricted_concerns_are_never_records_only_counts_as_the_minutes_show_them(client, world):
    restricted = Concern.objects.get(meeting=world.meeting, visibility=Concern.RESTRICTED)

    concerns = results(client, "/api/v1/concerns/")
    meeting = client.get(f"/api/v1/meetings/{world.meeting.pk}/").json()

    assert [concern["summary"] for concern in concerns] == ["Mungon vendkalimi"]
    assert client.get(f"/api/v1/concerns/{restricted.public_id}/").status_code == 404
    [count] = meeting["restricted"]["concerns_by_category"]
    assert count["category"]["slug"] == "domestic-violence"
    assert count["count"] == {"count": None, "fewer_than": 3, "text": "fewer than 3"}


def test_restricted_counts_of_a_meeting_wait_for_its_published_minutes(client, world):
    factories.ConcernFactory(meeting=world.draft_meeting, visibility=Concern.RESTRICTED)

    meeting = client.get(f"/api/v1/meetings/{world.draft_meeting.pk}/").json()

    assert meeting["restricted"] is None
    assert meeting["links"]["minutes"] is None and meeting["documents"] == []


def test_restricted_actions_and_internal_updates_are_absent_and_counted(client, world, police_unit):
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    sensitive = factories.ResponsibleBodyFactory(
        municipality=police_unit.municipality, handles_sensitive_cases=True
    )
    shown = factories.ActionFactory(meeting=world.meeting, concern=concern, title="Vendkalim i ri")
    factories.ActionUpdateFactory(action=shown, note="Shënim i brendshëm", is_public=False)
    factories.ActionUpdateFactory(action=shown, note="Punimet filluan", is_public=True)
    factories.ActionFactory(meeting=world.meeting, concern=concern, title="Hetim", responsible_body=sensitive)
    factories.ActionFactory(meeting=world.meeting, title="Vendim i fshehtë", marked_restricted=True)

    actions = results(client, "/api/v1/actions/")
    [listed] = results(client, "/api/v1/concerns/")
    meeting = client.get(f"/api/v1/meetings/{world.meeting.pk}/").json()

    assert [action["title"] for action in actions] == ["Vendkalim i ri"]
    assert [update["note"] for update in actions[0]["updates"]] == ["Punimet filluan"]
    assert [action["title"] for action in listed["actions"]] == ["Vendkalim i ri"]
    assert meeting["restricted"]["actions"]["text"] == "fewer than 3"


def test_a_withdrawn_version_shows_as_the_page_shows_it_withdrawn_dated_without_its_file(client, world):
    withdrawn_at = timezone.now()
    world.minutes.versions.update(withdrawn_at=withdrawn_at)

    minutes = client.get(f"/api/v1/minutes/{world.meeting.pk}/").json()
    meeting = client.get(f"/api/v1/meetings/{world.meeting.pk}/").json()

    assert minutes["current_version"] is None
    assert minutes["versions"], "the version keeps its place"
    for version in minutes["versions"]:
        assert version["withdrawn"] is True and version["withdrawn_at"] is not None
        assert version["pdf_url"] is None and version["sha256"] is None
    assert meeting["documents"] == []


def test_a_published_version_links_its_pdf_with_its_hash(client, world):
    version = world.minutes.versions.first()

    minutes = client.get(f"/api/v1/minutes/{world.meeting.pk}/").json()

    [listed] = [v for v in minutes["versions"] if v["language"] == version.language]
    assert listed["sha256"] == version.sha256
    assert client.get(listed["pdf_url"]).status_code == 200


def test_no_response_names_a_person_or_their_account(client, world, secretary, chair, police_liaison):
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    action = factories.ActionFactory(meeting=world.meeting, concern=concern, assignee=police_liaison)
    factories.ActionUpdateFactory(action=action, author=police_liaison, is_public=True)
    people = [secretary, chair, police_liaison]
    for number, person in enumerate(people):
        person.first_name, person.last_name = f"Emri{number}zq", f"Mbiemri{number}zq"
        person.save()

    for url in ["/api/v1/meetings/", "/api/v1/minutes/", "/api/v1/concerns/", "/api/v1/actions/"]:
        body = client.get(url).content.decode()
        for person in people:
            for text in (person.email, person.first_name, person.last_name):
                assert text not in body, (url, text)
        for key in ('"assignee"', '"author"', '"created_by"', '"approved_by"', '"published_by"', '"details"'):
            assert key not in body, (url, key)


def test_names_come_in_the_readers_language_by_parameter_or_header(client, world):
    municipality = world.meeting.forum.municipality

    by_parameter = client.get(f"/api/v1/municipalities/{municipality.pk}/", {"lang": "sr"}).json()
    by_header = client.get(f"/api/v1/municipalities/{municipality.pk}/", HTTP_ACCEPT_LANGUAGE="sr-latn")
    default = client.get(f"/api/v1/municipalities/{municipality.pk}/").json()

    assert by_parameter["name"] == "Приштина"
    assert by_header.json()["name"] == "Priština" and by_header["Content-Language"] == "sr-latn"
    assert default["name"] == "Prishtinë"
    assert client.get("/api/v1/meetings/", {"lang": "xx"}).status_code == 400


# --- Sync: updated_since, tombstones, cursors ----------------------------------------------------------


def test_restricting_a_concern_leaves_a_tombstone_and_making_it_public_again_removes_it(
    client, world, secretary, django_capture_on_commit_callbacks
):
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        visibility.change_visibility(concern=concern, visibility=Concern.RESTRICTED, by=secretary)
    tombstones = results(client, "/api/v1/tombstones/", updated_since=before.isoformat())

    assert {(t["type"], t["id"]) for t in tombstones} == {("concern", str(concern.public_id))}
    assert results(client, "/api/v1/concerns/") == []

    again = timezone.now()
    visibility.change_visibility(concern=concern, visibility=Concern.PUBLIC, by=secretary)

    assert results(client, "/api/v1/tombstones/") == []
    assert ids(results(client, "/api/v1/concerns/", updated_since=again.isoformat())) == {
        str(concern.public_id)
    }


def test_closing_a_meeting_tombstones_it_with_its_minutes_concerns_and_actions(client, world, secretary):
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    action = factories.ActionFactory(meeting=world.meeting, concern=concern)

    services.update_meeting(meeting=world.meeting, by=secretary, is_public=False)

    found = {(t["type"], t["id"]) for t in results(client, "/api/v1/tombstones/")}
    assert found == {
        ("meeting", str(world.meeting.pk)),
        ("minutes", str(world.meeting.pk)),
        ("concern", str(concern.public_id)),
        ("action", str(action.public_id)),
    }


def test_no_tombstone_tells_of_a_record_that_was_never_public(world, secretary, restricted_category):
    concern = services.log_concern(
        meeting=world.meeting, by=secretary, category=restricted_category, summary="Rast"
    )
    services.update_concern(concern=concern, by=secretary, summary="Rast i ndryshuar")
    services.update_meeting(meeting=world.closed_meeting, by=secretary, location="Diku tjetër")

    assert not Tombstone.objects.exists()


def test_an_action_given_to_a_sensitive_body_leaves_a_tombstone(client, world, police_unit):
    action = factories.ActionFactory(meeting=world.meeting, responsible_body=police_unit)

    police_unit.handles_sensitive_cases = True
    police_unit.save()

    assert [(t["type"], t["id"]) for t in results(client, "/api/v1/tombstones/")] == [
        ("action", str(action.public_id))
    ]


def test_updated_since_finds_records_changed_by_a_partial_save_or_a_new_public_update(
    client, world, category
):
    since = timezone.now()
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    other = factories.ConcernFactory(meeting=world.meeting, category=category)
    action = factories.ActionFactory(meeting=world.meeting, concern=other)
    Concern.objects.filter(pk__in=[other.pk]).update(updated_at=since - datetime.timedelta(days=1))
    Action.objects.filter(pk=action.pk).update(updated_at=since - datetime.timedelta(days=1))

    concern.status = Concern.IN_PROGRESS
    concern.save(update_fields=["status"])
    factories.ActionUpdateFactory(action=action, is_public=True, created_at=timezone.now())

    changed = ids(results(client, "/api/v1/concerns/", updated_since=since.isoformat()))
    changed_actions = ids(results(client, "/api/v1/actions/", updated_since=since.isoformat()))

    assert changed == {str(concern.public_id), str(other.public_id)}  # other: its action has news
    assert changed_actions == {str(action.public_id)}


def test_cursor_pages_neither_repeat_nor_skip_a_record_when_one_is_added_meanwhile(client, world, category):
    for _n in range(4):
        factories.ConcernFactory(meeting=world.meeting, category=category)

    first = client.get("/api/v1/concerns/", {"page_size": 2}).json()
    factories.ConcernFactory(meeting=world.meeting, category=category, summary="E shtuar")
    seen = [item["id"] for item in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]

    assert len(seen) == len(set(seen)) == 6


# --- HTTP: licence, ETag, CORS, throttling, read-only ---------------------------------------------------


def test_every_response_names_the_data_licence(client, world, settings):
    settings.API_LICENCE_URL = "https://example.org/licence"

    for url in [
        "/api/v1/",
        "/api/v1/concerns/",
        f"/api/v1/meetings/{world.meeting.pk}/",
        "/api/v1/statistics/",
    ]:
        response = client.get(url)
        assert response["Link"] == '<https://example.org/licence>; rel="license"', url
    assert client.get("/api/v1/").json()["licence"] == "https://example.org/licence"
    assert client.get("/api/v1/meetings/").json()["licence"] == "https://example.org/licence"


def test_a_client_holding_the_current_version_gets_304(client, world):
    first = client.get("/api/v1/meetings/")

    again = client.get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=first["ETag"])
    factories.MeetingFactory(forum=world.meeting.forum, number=77)
    changed = client.get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304 and again["Link"]
    assert changed.status_code == 200
    assert "no-cache" in first["Cache-Control"]


def test_any_site_may_read_the_api_but_nothing_else_of_the_site(client, world):
    api = client.get("/api/v1/meetings/", HTTP_ORIGIN="https://monitor.example.org")
    page = client.get("/meetings/", HTTP_ORIGIN="https://monitor.example.org")
    preflight = client.options(
        "/api/v1/meetings/", HTTP_ORIGIN="https://x.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert api["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in page
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written(client, world, method):
    response = getattr(client, method)("/api/v1/concerns/", {}, content_type="application/json")

    assert response.status_code == 405


def test_anonymous_clients_are_throttled_at_the_configured_rate(client, world, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    cache.clear()

    statuses = [client.get("/api/v1/forums/").status_code for _n in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_docs_page_lists_every_operation_its_filters_and_fields_with_nothing_from_elsewhere(
    client, world
):
    body = client.get("/api/v1/docs/").content.decode()
    paths = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]

    for path in paths:
        assert f"<code>{path}</code>" in body
    assert "<code>updated_since</code>" in body and "<code>start_date</code>" in body
    assert "<script" not in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_the_schema_is_served_as_json_and_yaml(client, world):
    as_json = client.get("/api/v1/schema/", {"format": "json"})
    as_yaml = client.get("/api/v1/schema/", {"format": "yaml"})

    assert as_json.json()["openapi"].startswith("3.")
    assert "/api/v1/concerns/" in as_json.json()["paths"]
    assert as_yaml.content.decode().startswith("openapi: 3.")


def test_a_moment_with_an_impossible_offset_or_year_answers_400_not_a_server_error(client, db):
    for moment in ("8044-11-19T11:19:03+19:36", "2025-01-01T00:00:00+15:00", "0001-01-01T00:00:00Z"):
        response = client.get("/api/v1/meetings/", {"updated_since": moment})
        assert response.status_code == 400, moment


def test_a_name_no_slug_can_hold_answers_400_not_a_server_error(client, db):
    # PostgreSQL refuses a NUL byte even in a comparison: found by schemathesis in CI.
    for name in ("W\x00d", "prizren;--", "ë"):
        response = client.get("/api/v1/statistics/", {"municipality": name, "category": name})
        assert response.status_code == 400, name
        assert client.get("/api/v1/concerns/", {"municipality": name}).status_code in (200, 400), name


# --- The agenda and the meeting's own page ---------------------------------------------------------


def test_a_meeting_links_its_page_and_its_calendar_event(client, world):
    meeting = client.get(f"/api/v1/meetings/{world.upcoming.pk}/").json()

    assert meeting["links"]["page"] == f"http://testserver/meetings/{world.upcoming.pk}/"
    assert meeting["links"]["event"] == f"http://testserver/meetings/{world.upcoming.pk}.ics"
    assert client.get(meeting["links"]["page"]).status_code == 200
    assert client.get(meeting["links"]["event"]).status_code == 200


def test_the_agenda_joins_the_meeting_only_once_published(client, world, secretary):
    factories.AgendaItemFactory(meeting=world.upcoming, title="Street lighting", discussion="Not public")
    factories.AgendaItemFactory(meeting=world.upcoming, title="School crossing")
    url = f"/api/v1/meetings/{world.upcoming.pk}/"
    before = client.get(url).json()

    services.publish_agenda(meeting=world.upcoming, by=secretary)
    after = client.get(url).json()
    listed = {m["id"]: m for m in results(client, "/api/v1/meetings/", page_size=100)}[world.upcoming.pk]

    assert (before["agenda"], before["agenda_published_at"]) == ([], None)
    assert after["agenda"] == [
        {"order": 1, "description": "Street lighting"},
        {"order": 2, "description": "School crossing"},
    ]
    assert after["agenda_published_at"] is not None
    assert after["updated_at"] > before["updated_at"]
    assert listed["agenda"] == after["agenda"]
    assert "Not public" not in str(after)


def test_an_agenda_holding_a_restricted_records_words_leaves_the_api(client, world, secretary, category):
    copied = factories.ConcernFactory(
        meeting=world.upcoming, category=category, summary="Fights at bar Kalaja"
    )
    factories.AgendaItemFactory(meeting=world.upcoming, title="Fights at bar Kalaja")
    services.publish_agenda(meeting=world.upcoming, by=secretary)
    url = f"/api/v1/meetings/{world.upcoming.pk}/"
    published = client.get(url).json()

    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)
    withheld = client.get(url).json()

    assert withheld["agenda"] == [] and withheld["agenda_published_at"] is None
    assert "Kalaja" not in str(withheld)
    assert withheld["updated_at"] > published["updated_at"]


def test_the_location_carries_the_address_in_each_language_the_forum_wrote(client, world):
    Meeting.objects.filter(pk=world.upcoming.pk).update(
        address="Rruga e Dëshmorëve 1", location_sr="Omladinski centar", address_sr="Ulica Mučenika 1"
    )

    meeting = client.get(f"/api/v1/meetings/{world.upcoming.pk}/").json()

    assert meeting["location"] == {
        "name": "Qendra Rinore",
        "name_sr": "Omladinski centar",
        "name_tr": "",
        "address": "Rruga e Dëshmorëve 1",
        "address_sr": "Ulica Mučenika 1",
        "address_tr": "",
    }


def test_the_root_names_each_resource_as_its_address_does(client, world):
    resources = client.get("/api/v1/").json()["resources"]

    assert {name: url.split("/api/v1/")[1] for name, url in resources.items()} == {
        "municipalities": "municipalities/",
        "forums": "forums/",
        "meetings": "meetings/",
        "minutes": "minutes/",
        "concerns": "concerns/",
        "actions": "actions/",
        "tombstones": "tombstones/",
        "statistics": "statistics/",
    }
