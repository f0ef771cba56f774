"""A real prefork worker and beat consume from Redis."""

import os
import signal

from forum_site.celery import app as celery_app
from forum_site.celery import ping
from tests.integration.helpers import wait_for

RECORD_RUN = "tests.integration.record_run"


def test_a_real_worker_answers_a_task_sent_through_redis(celery_worker):
    assert ping.delay().get(timeout=30) == "pong"
    assert "forum_site.ping" in celery_worker.log_text()


def test_the_worker_runs_two_tasks_at_once_in_separate_processes(celery_worker, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = celery_app.send_task(RECORD_RUN, args=[str(tmp_path / "a"), 3])
    second = celery_app.send_task(RECORD_RUN, args=[str(tmp_path / "b"), 3])

    pids = {first.get(timeout=30), second.get(timeout=30)}

    started = [p.stat().st_mtime for p in tmp_path.glob("*/start-*")]
    finished = [p.stat().st_mtime for p in tmp_path.glob("*/done-*")]
    assert max(started) < min(finished), "the second task waited for the first"
    assert pids == set(celery_worker.pool_pids())


def test_a_task_whose_pool_process_is_killed_is_delivered_again_and_completes_once(celery_worker, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    result = celery_app.send_task(RECORD_RUN, args=[str(markers), 60])
    start = wait_for(lambda: list(markers.glob("start-*")), 30, "the task to start")
    busy_pid = int(start[0].name.split("-")[1])
    assert busy_pid in celery_worker.pool_pids()

    os.kill(busy_pid, signal.SIGKILL)

    wait_for(lambda: list(markers.glob("done-*")), 30, "the redelivered task to finish")
    assert result.get(timeout=30) != busy_pid
    assert len(list(markers.glob("start-*"))) == 2
    assert len(list(markers.glob("done-*"))) == 1
    assert celery_worker.is_running()


def test_a_task_whose_whole_worker_is_killed_is_delivered_to_another_worker(start_worker, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    doomed = start_worker(visibility_timeout=3)
    result = celery_app.send_task(RECORD_RUN, args=[str(markers), 60])
    wait_for(lambda: list(markers.glob("start-*")), 30, "the task to start")

    doomed.kill()
    # Redis hands an unacknowledged task out again once its visibility timeout has passed.
    start_worker(visibility_timeout=3)

    wait_for(lambda: list(markers.glob("done-*")), 45, "another worker to finish the task")
    assert result.get(timeout=30)
    assert len(list(markers.glob("start-*"))) == 2
    assert len(list(markers.glob("done-*"))) == 1


def test_beat_sends_scheduled_tasks_that_a_worker_runs(celery_worker, start_beat, tmp_path):
    markers = tmp_path / "beat-markers"
    markers.mkdir()

    start_beat(app="tests.integration.beat_app", TEST_BEAT_MARKER_DIR=str(markers))

    wait_for(lambda: len(list(markers.glob("done-*"))) >= 2, 30, "two scheduled runs")


def test_beat_starts_with_the_sites_own_schedule(start_beat):
    beat = start_beat()

    assert beat.is_running()
