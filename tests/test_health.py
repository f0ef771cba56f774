"""/healthz without any service: the embedded set-up (no broker) is healthy when the database answers."""

from unittest import mock

from django.db.utils import OperationalError


def test_healthz_reports_database_ok_and_broker_unconfigured(client, db, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "unconfigured", "workers": "unconfigured"}


def test_healthz_is_not_cached_and_takes_no_language_prefix(client, db, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="sr")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(client, db, settings):
    settings.CELERY_BROKER_URL = ""

    with mock.patch("forum_site.health.connection.cursor", side_effect=OperationalError("boom at db-host")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert "db-host" not in response.content.decode()


def test_healthz_answers_503_when_a_configured_broker_is_unreachable(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://:secret-password@127.0.0.1:9/0"

    with mock.patch("forum_site.health.celery_app.connection_for_write") as connection_for_write:
        connection_for_write.return_value.__enter__.return_value.ensure_connection.side_effect = OSError(
            "refused redis://:secret-password@127.0.0.1:9/0"
        )
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error", "workers": 0}
    assert "secret-password" not in response.content.decode()


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
