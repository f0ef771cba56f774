"""Publishing while the broker is unreachable: nothing is lost, and the rendering is queued again later."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from forums.minutes import services as minutes_services
from forums.minutes.tasks import render_minutes_pdf
from forums.minutes.tasks import requeue_stalled_renders
from forums.models import Minutes
from forums.models import MinutesVersion
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting


@pytest.fixture
def held(forum):
    return past_meeting(forum)


@pytest.fixture
def broker_down(monkeypatch):
    """Sending fails as kombu does when Redis refuses the connection."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis://secret-host:6379. Connection refused.")

    monkeypatch.setattr(render_minutes_pdf, "apply_async", refuse)


def log_in_recently_reauthenticated(client, user) -> None:
    """Publishing is a sensitive step: give the password again, as the re-authentication page asks."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    assert response.status_code == 302


def age_history(minutes: Minutes, *, minutes_ago: int) -> None:
    """Pretend the minutes were queued that long ago."""
    minutes.history.update(history_date=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def test_publishing_while_the_broker_is_down_keeps_the_minutes_approved_and_queued(
    held, secretary, chair, broker_down, django_capture_on_commit_callbacks, caplog
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    with (
        caplog.at_level(logging.WARNING, logger="forums.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert minutes_services.publish_minutes(minutes=minutes, by=secretary) == 1

    minutes.refresh_from_db()
    assert (minutes.status, minutes.render_state) == (Minutes.APPROVED, Minutes.RENDER_QUEUED)
    assert not MinutesVersion.objects.exists()
    assert caplog.messages == [f"Broker unreachable: rendering of minutes {minutes.pk} stays queued"]
    assert "secret-host" not in caplog.text


def test_the_publish_button_succeeds_and_the_page_says_queued_when_the_broker_is_down(
    client, held, secretary, chair, broker_down, django_capture_on_commit_callbacks
):
    approved_minutes(held, secretary=secretary, chair=chair)
    log_in_recently_reauthenticated(client, secretary)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("minutes:transition", args=[held.pk, "publish"]))

    assert response.status_code == 302
    page = client.get(reverse("minutes:detail", args=[held.pk])).content.decode()
    assert "the PDF will be rendered when the background worker is reachable" in page
    assert "Nothing published yet." in page


def test_requeue_renders_minutes_left_queued_for_longer_than_the_threshold(
    held, secretary, chair, broker_down, django_capture_on_commit_callbacks, monkeypatch, settings
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)
    age_history(minutes, minutes_ago=settings.MINUTES_RENDER_REQUEUE_AFTER_SECONDS // 60 + 1)
    monkeypatch.undo()  # the broker is back (eager here)

    assert requeue_stalled_renders.delay().get() == 1

    minutes.refresh_from_db()
    assert (minutes.status, minutes.render_state) == (Minutes.PUBLISHED, Minutes.RENDER_IDLE)
    # Albanian, and Serbian in Latin and in Cyrillic script.
    assert sorted(minutes.versions.values_list("number", flat=True)) == [1, 1, 1]
    assert set(minutes.versions.values_list("published_by", flat=True)) == {secretary.pk}


def test_requeue_leaves_recently_queued_minutes_to_the_task_already_sent(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)
    with django_capture_on_commit_callbacks(execute=False):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)

    assert requeue_stalled_renders.delay().get() == 0

    minutes.refresh_from_db()
    assert minutes.render_state == Minutes.RENDER_QUEUED


def test_requeue_ignores_failed_and_idle_minutes(held, forum, secretary, chair):
    failed = approved_minutes(held, secretary=secretary, chair=chair)
    Minutes.objects.filter(pk=failed.pk).update(render_state=Minutes.RENDER_FAILED)
    idle = approved_minutes(past_meeting(forum, days_ago=20), secretary=secretary, chair=chair)
    for minutes in (failed, idle):
        age_history(minutes, minutes_ago=60)

    assert requeue_stalled_renders.delay(older_than_seconds=0).get() == 0
    assert not MinutesVersion.objects.exists()


def test_requeue_while_the_broker_is_still_down_sends_nothing_and_raises_nothing(
    held, secretary, chair, broker_down, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)

    assert requeue_stalled_renders.delay(older_than_seconds=0).get() == 0

    minutes.refresh_from_db()
    assert minutes.render_state == Minutes.RENDER_QUEUED


def test_requeue_runs_every_few_minutes_from_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stalled-minutes-renders"]

    assert entry["task"] == "forums.minutes.tasks.requeue_stalled_renders"
    assert entry["schedule"].remaining_estimate(timezone.now()) <= datetime.timedelta(minutes=5)
