"""Forums, municipalities, responsible bodies and categories are named in the reader's language."""

import datetime

import pytest
from django.contrib import admin
from django.core import mail
from django.utils import timezone
from django.utils import translation

from actions import notifications
from actions.models import ResponsibleBody
from forums.models import Forum
from forums.models import Membership
from forums.models import Municipality
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish


@pytest.fixture
def named(forum, police_unit, restricted_category):
    """The home forum, its municipality and police unit, named in Albanian, Serbian and Turkish."""
    municipality = forum.municipality
    municipality.name_tr = "Priştine"
    municipality.languages = "sq,sr-latn,tr"
    municipality.save()
    forum.name_sq = "Këshilli Komunal për Siguri në Bashkësi"
    forum.name_sr = "Opštinski savet za bezbednost zajednice"
    forum.name_tr = "Belediye Toplum Güvenliği Konseyi"
    forum.save()
    police_unit.name_sr = "Policijska stanica Centar"
    police_unit.name_tr = "Merkez Polis Karakolu"
    police_unit.save()
    restricted_category.name_tr = "Aile içi şiddet"
    restricted_category.save()
    return forum


@pytest.mark.parametrize(
    ("language", "forum_name", "municipality_name", "body"),
    [
        ("sq", "Këshilli Komunal për Siguri në Bashkësi", "Prishtinë", "Stacioni Policor Qendra"),
        ("sr-latn", "Opštinski savet za bezbednost zajednice", "Priština", "Policijska stanica Centar"),
        ("sr", "Општински савет за безбедност заједнице", "Приштина", "Полицијска станица Центар"),
        ("tr", "Belediye Toplum Güvenliği Konseyi", "Priştine", "Merkez Polis Karakolu"),
        ("en", "Këshilli Komunal për Siguri në Bashkësi", "Prishtinë", "Stacioni Policor Qendra"),
    ],
)
def test_each_named_thing_answers_its_name_in_the_active_language(
    named, police_unit, language, forum_name, municipality_name, body
):
    with translation.override(language):
        assert named.name == str(named) == forum_name
        assert named.municipality.name == municipality_name
        assert ResponsibleBody.objects.get(pk=police_unit.pk).name == body


def test_a_name_missing_in_a_language_falls_back_to_albanian_never_transliterated(forum):
    with translation.override("sr"):
        assert forum.name == "KKSB Prishtinë"
    with translation.override("tr"):
        assert forum.name == "KKSB Prishtinë"


def test_public_pages_name_the_forum_in_turkish_and_cyrillic(client, named):
    factories.MeetingFactory(forum=named, number=7, starts_at=timezone.now() + datetime.timedelta(days=3))

    turkish = client.get("/tr/meetings/").content.decode()
    cyrillic = client.get("/sr/meetings/").content.decode()

    assert "Belediye Toplum Güvenliği Konseyi" in turkish
    assert "Këshilli Komunal" not in turkish
    assert "Општински савет за безбедност заједнице" in cyrillic


def test_the_calendar_names_the_forum_in_the_readers_language(client, named):
    factories.MeetingFactory(forum=named, number=7, starts_at=timezone.now() + datetime.timedelta(days=3))

    body = client.get("/tr/meetings/calendar.ics").content.decode()

    assert "Belediye Toplum Güvenliği Konseyi" in body.replace("\r\n ", "")


@pytest.fixture
def published(named, secretary, chair, police_unit, restricted_category, django_capture_on_commit_callbacks):
    meeting = past_meeting(named)
    factories.ActionFactory(meeting=meeting, title="Patrullim", responsible_body=police_unit)
    factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility="restricted")
    # Decisions written by hand: pre-filled ones are the secretary's text, in the secretary's language.
    minutes = approved_minutes(
        meeting, secretary=secretary, chair=chair, narrative="U diskutua.", decisions="Vendim."
    )
    return publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)


def test_the_turkish_minutes_name_forum_municipality_body_and_category_in_turkish(published):
    html = published.versions.get(language="tr").html

    for name in ("Belediye Toplum Güvenliği Konseyi", "Priştine", "Merkez Polis Karakolu", "Aile içi şiddet"):
        assert name in html
    assert "Këshilli Komunal" not in html
    assert "Stacioni Policor" not in html
    serbian = published.versions.get(language="sr-latn").html
    assert "Opštinski savet za bezbednost zajednice" in serbian
    assert "Policijska stanica Centar" in serbian


def test_the_feed_names_the_forum_in_the_readers_language(client, published):
    body = client.get("/tr/feeds/minutes/").content.decode()

    assert "Belediye Toplum Güvenliği Konseyi" in body
    assert "Priştine" in body


def test_the_api_names_forum_municipality_and_body_in_the_asked_language(client, published):
    forums = client.get("/api/v1/forums/", {"lang": "tr"}).json()["results"]
    municipalities = client.get("/api/v1/municipalities/", {"lang": "sr"}).json()["results"]

    assert forums[0]["name"] == "Belediye Toplum Güvenliği Konseyi"
    assert forums[0]["jurisdiction"]["name"] == "Priştine"
    assert municipalities[0]["name"] == "Приштина"
    assert municipalities[0]["name_tr"] == "Priştine"


def test_an_assignment_email_names_forum_and_body_in_the_recipients_language(
    named, police_unit, police_liaison
):
    Membership.objects.filter(user=police_liaison).update(language="tr")
    meeting = factories.MeetingFactory(forum=named, number=3)
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)

    notifications.notify_assignment(action)

    assert "Merkez Polis Karakolu" in mail.outbox[0].body
    assert "Stacioni Policor" not in mail.outbox[0].body


def test_a_restricted_assignment_email_names_the_forum_in_the_recipients_language(
    named, police_unit, police_liaison, restricted_category
):
    Membership.objects.filter(user=police_liaison).update(language="sr")
    meeting = factories.MeetingFactory(forum=named, number=3)
    concern = factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility="restricted")
    action = factories.ActionFactory(
        meeting=meeting, concern=concern, responsible_body=police_unit, assignee=police_liaison
    )

    notifications.notify_assignment(action)

    assert "Општински савет за безбедност заједнице" in mail.outbox[0].subject


def test_the_admin_forms_ask_for_every_name(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for model in (Forum, ResponsibleBody, Municipality):
        form = admin.site._registry[model].get_form(request)()
        assert {"name_sq", "name_sr", "name_tr"} <= set(form.fields), model
