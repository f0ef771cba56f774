"""Every absolute link the site sends out comes from SITE_URL, on a fresh database too.

Django's Sites table is left as migrations make it (`example.com`): nothing may read it.
"""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from actions import notifications
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish

SITE = "https://forums.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings, db):
    settings.SITE_URL = SITE
    # A fresh database: nobody has edited the Sites row.
    assert Site.objects.get_current().domain == "example.com"


@pytest.fixture
def published(forum, secretary, chair, django_capture_on_commit_callbacks):
    minutes = approved_minutes(past_meeting(forum), secretary=secretary, chair=chair, narrative="U diskutua.")
    return publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)


def links_in(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def test_the_feed_links_to_the_site_url(client, published):
    body = client.get("/feeds/minutes/").content.decode()

    assert f'href="{SITE}/minutes/{published.meeting_id}/"' in body
    assert f'href="{SITE}/feeds/minutes/"' in body
    assert "example.com" not in body
    assert "testserver" not in body


def test_the_calendar_names_and_links_meetings_on_the_site_url(client, published):
    body = client.get("/meetings/calendar.ics").content.decode().replace("\r\n ", "")

    assert f"UID:meeting-{published.meeting_id}@forums.example.org" in body
    assert f"URL:{SITE}/meetings/{published.meeting_id}/" in body
    assert "example.com" not in body
    assert "testserver" not in body


def test_an_action_email_links_to_the_site_url(meeting, police_unit, police_liaison):
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)

    notifications.notify_assignment(action)

    assert f"{SITE}/staff/actions/{action.pk}/" in mail.outbox[0].body


def test_a_password_reset_email_names_and_links_the_site_url_not_the_sites_table(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})

    message = mail.outbox[0]
    everything = " ".join([message.subject, message.body, *(body for body, _type in message.alternatives)])

    assert message.subject.startswith("[Community Safety Forums] ")
    assert links_in(message.body)
    assert all(link.startswith(f"{SITE}/accounts/password/reset/key/") for link in links_in(message.body))
    assert "example.com" not in everything
    assert "testserver" not in everything
