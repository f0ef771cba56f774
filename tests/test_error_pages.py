import pytest
from django.urls import path

from forum_site import urls as site_urls


def explode(request):
    raise RuntimeError("SECRET-INTERNAL-STATE")


urlpatterns = [path("boom/", explode), *site_urls.urlpatterns]
handler500 = site_urls.handler500
handler404 = site_urls.handler404


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def test_a_server_error_shows_a_reference_and_no_traceback(client, production_errors, caplog):
    client.raise_request_exception = False
    response = client.get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "SECRET-INTERNAL-STATE" not in body and "Traceback" not in body
    reference = response.context["reference"]
    assert reference in body
    assert any(reference in record.getMessage() for record in caplog.records)


def test_not_found_is_a_friendly_page(client, production_errors, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<h1>" in response.content
