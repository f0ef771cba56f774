"""Minutes and reminders through a real broker, worker and beat, and what survives their faults.

The tests use `transactional_db`: the publication is really committed, so its on-commit callback
really sends the task to Redis, and the worker (another process) sees the rows.
"""

import datetime
import os
import signal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Notification
from forums.minutes import services as minutes_services
from forums.minutes.tasks import render_minutes_pdf
from forums.minutes.tasks import requeue_stalled_renders
from forums.models import Minutes
from forums.models import MinutesVersion
from tests import factories
from tests.integration.helpers import wait_for
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting

RENDER_TIMEOUT = 60


@pytest.fixture
def approved(transactional_db, forum, secretary, chair) -> Minutes:
    meeting = past_meeting(forum)
    return approved_minutes(meeting, secretary=secretary, chair=chair, narrative="Patrullat u shtuan.")


# A municipality publishing in Albanian and Serbian (Latin) gets a Cyrillic version too (issue 11).
EVERY_LANGUAGE_ONCE = [(1, "sq"), (1, "sr"), (1, "sr-latn")]


def published_versions(minutes: Minutes) -> list[MinutesVersion]:
    return list(MinutesVersion.objects.filter(minutes=minutes).order_by("language"))


def wait_until_published(minutes: Minutes, timeout: float = RENDER_TIMEOUT) -> Minutes:
    def published():
        minutes.refresh_from_db()
        return minutes.status == Minutes.PUBLISHED

    wait_for(published, timeout, f"minutes {minutes.pk} to be published")
    return minutes


def test_a_real_worker_renders_published_minutes_into_a_pdf_per_language(
    approved, secretary, celery_worker, settings
):
    settings.MEDIA_ROOT = celery_worker.media_root

    assert minutes_services.publish_minutes(minutes=approved, by=secretary) == 1
    wait_until_published(approved)

    versions = published_versions(approved)
    assert [(v.number, v.language) for v in versions] == EVERY_LANGUAGE_ONCE
    for version in versions:
        with version.pdf.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert version.published_by == secretary
    assert approved.render_state == Minutes.RENDER_IDLE
    assert "render_minutes_pdf" in celery_worker.log_text()


def test_beat_sends_due_reminders_and_overdue_notices_that_the_worker_mails_once(
    transactional_db, meeting, police_unit, police_liaison, start_worker, start_beat, tmp_path
):
    today = timezone.localdate()
    due_soon = factories.ActionFactory(
        meeting=meeting,
        responsible_body=police_unit,
        assignee=police_liaison,
        title="Ndriçim te shkolla",
        due_date=today + datetime.timedelta(days=3),
    )
    overdue = factories.ActionFactory(
        meeting=meeting,
        responsible_body=police_unit,
        assignee=police_liaison,
        title="Patrullim natën",
        due_date=today - datetime.timedelta(days=2),
    )
    outbox = tmp_path / "mail"
    outbox.mkdir()
    mail_env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "ACTION_REMINDER_DAYS": "3",
    }
    start_worker(**mail_env)

    beat = start_beat(
        app="tests.integration.beat_fast_app",
        TEST_BEAT_ENTRIES="remind-actions-due-soon,notify-overdue-actions",
        **mail_env,
    )

    def both_sent():
        return Notification.objects.filter(recipient=police_liaison).count() == 2

    wait_for(both_sent, 30, "the reminder and the overdue notice")
    # Beat fires every second: later runs must not send them again.
    wait_for(lambda: beat.log_text().count("actions.tasks.send_due_reminders") >= 3, 30, "more beat runs")
    assert Notification.objects.get(action=due_soon).kind == Notification.DUE_SOON
    assert Notification.objects.get(action=overdue).kind == Notification.OVERDUE
    # The file backend appends each message, headers first, to a file in the folder.
    mailed = "".join(path.read_text() for path in outbox.iterdir())
    recipients = [line for line in mailed.splitlines() if line.startswith("To: ")]
    assert recipients == [f"To: {police_liaison.email}"] * 2


def test_publishing_while_redis_is_down_succeeds_and_the_pdf_follows_once_redis_is_back(
    approved, secretary, client, redis_service, start_worker, settings
):
    client.force_login(secretary)
    # Publishing is a sensitive step: give the password again, as the re-authentication page asks.
    assert (
        client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"}).status_code
        == 302
    )
    redis_service.stop()

    response = client.post(reverse("minutes:transition", args=[approved.meeting.pk, "publish"]))

    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.status, approved.render_state) == (Minutes.APPROVED, Minutes.RENDER_QUEUED)
    page = client.get(reverse("minutes:detail", args=[approved.meeting.pk])).content.decode()
    assert "the PDF will be rendered when the background worker is reachable" in page

    redis_service.start()
    worker = start_worker()
    settings.MEDIA_ROOT = worker.media_root
    # What beat does every few minutes; the threshold is 0 so the test need not wait.
    assert requeue_stalled_renders.delay(older_than_seconds=0).get(timeout=RENDER_TIMEOUT) == 1

    wait_until_published(approved)
    assert [(v.number, v.language) for v in published_versions(approved)] == EVERY_LANGUAGE_ONCE
    assert all(v.published_by == secretary for v in published_versions(approved))


def test_beat_requeues_a_publication_made_while_redis_was_down_and_one_version_results(
    approved, secretary, redis_service, start_worker, start_beat, settings
):
    redis_service.stop()
    minutes_services.publish_minutes(minutes=approved, by=secretary)
    approved.refresh_from_db()
    assert approved.render_state == Minutes.RENDER_QUEUED

    redis_service.start()
    # No threshold: beat re-sends every second while the worker renders, so duplicates meet too.
    fast = {"MINUTES_RENDER_REQUEUE_AFTER_SECONDS": "0"}
    worker = start_worker(**fast)
    settings.MEDIA_ROOT = worker.media_root
    start_beat(
        app="tests.integration.beat_fast_app", TEST_BEAT_ENTRIES="requeue-stalled-minutes-renders", **fast
    )

    wait_until_published(approved)
    wait_for(lambda: worker.log_text().count("requeue_stalled_renders") >= 4, 30, "beat to run on")
    assert [(v.number, v.language) for v in published_versions(approved)] == EVERY_LANGUAGE_ONCE
    assert approved.render_state == Minutes.RENDER_IDLE


def test_a_render_whose_pool_process_is_killed_is_delivered_again_and_makes_one_version(
    approved, secretary, start_worker, tmp_path, settings
):
    markers = tmp_path / "render-markers"
    markers.mkdir()
    worker = start_worker(include=("tests.integration.slow_render",), TEST_SLOW_RENDER_DIR=str(markers))
    settings.MEDIA_ROOT = worker.media_root

    minutes_services.publish_minutes(minutes=approved, by=secretary)
    start = wait_for(lambda: list(markers.glob("start-*")), RENDER_TIMEOUT, "the rendering to start")
    busy_pid = int(start[0].name.split("-")[1])
    assert busy_pid in worker.pool_pids()

    os.kill(busy_pid, signal.SIGKILL)

    wait_until_published(approved)
    assert [(v.number, v.language) for v in published_versions(approved)] == EVERY_LANGUAGE_ONCE
    assert not list(markers.glob(f"done-{busy_pid}-*")), "the killed process finished nonetheless"
    assert worker.is_running()


def test_a_render_whose_whole_worker_is_killed_is_finished_by_another_worker_once(
    approved, secretary, start_worker, tmp_path, settings
):
    markers = tmp_path / "render-markers"
    markers.mkdir()
    slow = {"include": ("tests.integration.slow_render",), "TEST_SLOW_RENDER_DIR": str(markers)}
    doomed = start_worker(visibility_timeout=3, **slow)

    minutes_services.publish_minutes(minutes=approved, by=secretary)
    wait_for(lambda: list(markers.glob("start-*")), RENDER_TIMEOUT, "the rendering to start")
    doomed.kill()
    # Redis hands the unacknowledged task out again once its visibility timeout has passed.
    rescuer = start_worker(visibility_timeout=3, **slow)
    settings.MEDIA_ROOT = rescuer.media_root

    wait_until_published(approved)
    # A late duplicate (the requeue task, or a second redelivery) finds the version and stops.
    assert render_minutes_pdf.delay(approved.pk, 1, secretary.pk).get(timeout=RENDER_TIMEOUT) is False
    assert [(v.number, v.language) for v in published_versions(approved)] == EVERY_LANGUAGE_ONCE
