"""`seed_demo` run on an empty database: DEBUG only, the printed password and TOTP secret, published PDFs."""

import base64
import re
from pathlib import Path

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import Municipality
from tests import factories
from tests.seed_support import PASSWORD
from tests.seed_support import SECRETARY
from tests.seed_support import seed

ROOT = Path(__file__).resolve().parents[2]


def test_it_prints_the_login_address_of_the_site_url(db, debug, settings):
    settings.SITE_URL = "http://192.0.2.7:8080"

    output = seed("--password", PASSWORD)

    assert "Log in at http://192.0.2.7:8080/accounts/login/ as" in output
    assert "127.0.0.1:8000" not in output


def test_it_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not Municipality.objects.exists()


def test_it_prints_a_generated_password_that_logs_in_by_email(db, debug, client):
    output = seed()

    password = re.search(r"Password of the new demo accounts: (\S+)", output).group(1)
    response = client.post("/accounts/login/", {"login": SECRETARY, "password": password})
    assert response.status_code == 302


def test_recent_minutes_are_published_through_the_pdf_task_and_the_latest_awaits_the_chair(
    db, debug, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed("--password", PASSWORD)
    for forum in Forum.objects.all():
        held = list(forum.meetings.filter(status=Meeting.HELD).order_by("-starts_at")[:2])
        latest, previous = held
        assert latest.minutes.status == Minutes.SUBMITTED
        assert previous.minutes.status == Minutes.PUBLISHED
        languages = set(forum.municipality.document_languages)
        versions = list(previous.minutes.versions.all())
        assert {v.language for v in versions} == languages
        assert all(v.number == 1 and v.pdf.read(5) == b"%PDF-" for v in versions)
        # The place was written in each language before the minutes were rendered.
        serbian = next(v for v in versions if v.language == "sr-latn")
        assert previous.location_sr and previous.location_sr in serbian.text


def test_published_minutes_state_the_dates_their_page_shows(db, debug, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed("--password", PASSWORD)

    versions = MinutesVersion.objects.select_related("minutes")
    assert versions.exists()
    for version in versions:
        published = timezone.localtime(version.published_at).strftime("%d.%m.%Y")
        approved = timezone.localtime(version.minutes.approved_at).strftime("%d.%m.%Y")
        assert published in version.text, version
        assert approved in version.text, version


def test_demo_staff_log_in_with_the_totp_secret_the_command_prints(db, debug, client):
    output = seed("--password", PASSWORD)
    secret = re.search(r"TOTP secret (\S+)", output).group(1)

    response = client.post("/accounts/login/", {"login": SECRETARY, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": factories.totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_a_given_totp_secret_is_used_and_kept_on_later_runs(db, debug):
    seed("--password", PASSWORD, "--totp-secret", factories.TEST_TOTP_SECRET)
    secretary = get_user_model().objects.get(email=SECRETARY)
    assert is_mfa_enabled(secretary, ["totp"])
    plain_member = Membership.objects.filter(role=Membership.MEMBER).select_related("user").first().user
    assert not is_mfa_enabled(plain_member, ["totp"])

    output = seed()
    assert "keep the TOTP secret" in output


def test_an_80_bit_totp_secret_is_refused_as_authenticator_libraries_refuse_it(db, debug):
    with pytest.raises(CommandError, match="at least 160"):
        seed("--password", PASSWORD, "--totp-secret", "JBSWY3DPEHPK3PXP")
    with pytest.raises(CommandError, match="base32"):
        seed("--password", PASSWORD, "--totp-secret", "not base32 at all 0189!")
    assert not Municipality.objects.exists()


def test_the_demo_secret_of_the_makefile_and_readme_holds_160_bits():
    makefile = (ROOT / "Makefile").read_text()
    secret = re.search(r"^DEMO_TOTP_SECRET \?= (\S+)$", makefile, re.MULTILINE).group(1)

    assert len(base64.b32decode(secret)) * 8 >= 160
    readme = (ROOT / "README.md").read_text()
    assert f"oathtool --totp -b {secret}" in readme
    assert set(re.findall(r"oathtool --totp -b (\S+)", readme)) == {secret}
