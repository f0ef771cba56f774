"""/healthz against the real broker and workers: what a load balancer sees."""

import json
from urllib.request import urlopen


def test_healthz_counts_a_running_worker(client, db, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["workers"] >= 1


def test_healthz_reports_no_workers_while_the_broker_is_up(client, db, clean_broker):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "workers": 0}


def test_healthz_answers_503_while_redis_is_down_and_200_once_it_is_back(client, db, redis_service):
    redis_service.stop()

    down = client.get("/healthz")

    assert down.status_code == 503
    assert down.json() == {"database": "ok", "broker": "error", "workers": 0}

    redis_service.start()

    assert client.get("/healthz").status_code == 200


def test_the_first_request_after_a_postgresql_restart_succeeds(start_web, postgres_service):
    url = start_web()
    with urlopen(f"{url}/healthz", timeout=10) as before:  # noqa: S310 (our loopback server)
        assert json.load(before)["database"] == "ok"

    # The gunicorn worker now holds a persistent connection (CONN_MAX_AGE) that the restart cuts.
    postgres_service.restart()

    with urlopen(f"{url}/healthz", timeout=10) as after:  # noqa: S310
        assert after.status == 200
        assert json.load(after)["database"] == "ok"
