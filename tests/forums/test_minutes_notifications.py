"""The chair is e-mailed when minutes are submitted: after commit, in their language, no record text."""

import logging

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from kombu.exceptions import OperationalError

from forums.minutes import services as minutes_services
from forums.minutes.tasks import notify_minutes_submitted
from forums.models import Minutes
from tests import factories
from tests.minutes_support import past_meeting
from tests.minutes_support import submitted_minutes

pytestmark = pytest.mark.usefixtures("english")

NARRATIVE = "U diskutua ndriçimi në rrugën e shkollës."


@pytest.fixture
def held(forum, secretary, chair, restricted_category):
    meeting = past_meeting(forum)
    meeting.members_present.set(forum.memberships.all())
    factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        visibility="restricted",
        summary="Rast i ndjeshëm në familje",
        details="Adresa e njohur",
    )
    return meeting


def test_submitting_minutes_emails_the_chair_once_the_submission_commits(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        submitted_minutes(held, secretary=secretary, narrative=NARRATIVE)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert [message.to for message in mail.outbox] == [[chair.email]]
    message = mail.outbox[0]
    # The chair chose no language: the e-mail speaks the municipality's first one (Albanian here).
    with translation.override(held.forum.municipality.language_codes[0]):
        subject = gettext("Minutes to approve: %(forum)s, meeting %(number)s")
    assert message.subject == subject % {"forum": held.forum.name, "number": held.number}
    assert f"/staff/minutes/{held.pk}/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_the_chairs_email_carries_no_text_of_the_minutes_or_of_a_restricted_concern(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_minutes(held, secretary=secretary, narrative=NARRATIVE)

    message = mail.outbox[0]
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert "ndriçimi" not in text
        assert "Rast i ndjeshëm" not in text
        assert "Adresa" not in text


def test_the_chair_reads_it_in_the_language_of_their_membership(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    chair.memberships.update(language="sr-latn")
    with django_capture_on_commit_callbacks(execute=True):
        submitted_minutes(held, secretary=secretary, narrative=NARRATIVE)

    message = mail.outbox[0]
    assert f"/sr-latn/staff/minutes/{held.pk}/" in message.body
    assert '<html lang="sr-latn">' in message.alternatives[0][0]


def test_nobody_else_is_emailed_and_a_former_chair_is_not(
    held, secretary, chair, police_liaison, django_capture_on_commit_callbacks
):
    chair.memberships.update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        submitted_minutes(held, secretary=secretary, narrative=NARRATIVE)
    assert mail.outbox == []


def test_minutes_returned_before_the_task_runs_send_nothing(held, secretary, chair):
    minutes = submitted_minutes(held, secretary=secretary, narrative=NARRATIVE)
    minutes_services.return_minutes(minutes=minutes, by=chair, comment="Shto pjesëmarrjen.")
    mail.outbox.clear()

    assert notify_minutes_submitted(minutes.pk) == 0
    assert mail.outbox == []


def test_the_submission_stands_when_the_broker_is_down(
    held, secretary, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis://secret-host:6379.")

    monkeypatch.setattr(notify_minutes_submitted, "apply_async", refuse)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        minutes = submitted_minutes(held, secretary=secretary, narrative=NARRATIVE)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.SUBMITTED
    assert "the chair was not e-mailed" in caplog.text
    assert "secret-host" not in caplog.text
