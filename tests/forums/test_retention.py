import datetime

import pytest
from django.utils import timezone

from forums import retention
from forums import services
from forums.errors import ForumError
from forums.models import Concern
from forums.models import ConcernRedaction
from forums.models import RestrictedAccess
from forums.tasks import erase_expired_restricted_details
from tests import factories

NOW = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def restricted(meeting, restricted_category, secretary):
    concern = services.log_concern(
        meeting=meeting,
        by=secretary,
        category=restricted_category,
        summary="Rast dhune",
        details="SECRET-DETAILS",
        neighbourhood="SECRET-PLACE",
    )
    services.update_concern(concern=concern, by=secretary, details="SECRET-DETAILS-2")
    return concern


def history_text(concern):
    return " ".join(f"{h.details} {h.neighbourhood}" for h in concern.history.all())


def test_viewing_restricted_details_is_recorded_without_content(
    restricted, police_liaison, meeting, category
):
    retention.record_restricted_view(concern=restricted, by=police_liaison)
    public = factories.ConcernFactory(meeting=meeting, category=category)
    retention.record_restricted_view(concern=public, by=police_liaison)

    [access] = RestrictedAccess.objects.all()
    assert (access.concern, access.user) == (restricted, police_liaison)


def test_an_admin_redacts_details_and_the_history_no_longer_holds_them(restricted, admin_user):
    retention.redact_concern(concern=restricted, by=admin_user, reason="request of the person concerned")

    restricted.refresh_from_db()
    assert (restricted.details, restricted.neighbourhood) == ("", "")
    assert "SECRET" not in history_text(restricted)
    latest = restricted.history.latest()
    assert latest.history_user == admin_user
    assert "redacted" in latest.history_change_reason


def test_a_redaction_can_be_undone_within_the_undo_period(restricted, admin_user):
    retention.redact_concern(concern=restricted, by=admin_user, reason="x")
    retention.undo_redaction(concern=restricted, by=admin_user)

    restricted.refresh_from_db()
    assert restricted.details == "SECRET-DETAILS-2"
    assert not ConcernRedaction.objects.exists()


def test_after_the_undo_period_the_original_is_gone(restricted, admin_user, settings):
    settings.REDACTION_UNDO_DAYS = 30
    retention.redact_concern(concern=restricted, by=admin_user, reason="x")

    retention.erase_expired_details(now=timezone.now() + datetime.timedelta(days=31))

    assert not ConcernRedaction.objects.exists()
    with pytest.raises(ForumError, match="The original details are no longer"):
        retention.undo_redaction(concern=restricted, by=admin_user)


def test_only_administrators_redact(restricted, secretary):
    with pytest.raises(ForumError, match="Only an administrator can redact restricted"):
        retention.redact_concern(concern=restricted, by=secretary, reason="x")


def test_details_are_erased_24_months_after_closing_keeping_category_dates_and_status(
    restricted, secretary, settings, meeting, restricted_category
):
    settings.RESTRICTED_DETAILS_RETENTION_MONTHS = 24
    services.close_concern(concern=restricted, by=secretary, reason=Concern.RESOLVED)
    Concern.objects.filter(pk=restricted.pk).update(closed_at=NOW - datetime.timedelta(days=30 * 24 + 1))
    recent = factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        details="RECENT",
        status=Concern.CLOSED,
        closed_at=NOW - datetime.timedelta(days=30),
    )

    assert retention.erase_expired_details(now=NOW) == 1

    restricted.refresh_from_db()
    recent.refresh_from_db()
    assert restricted.details == "" and restricted.details_erased_at == NOW
    assert "SECRET" not in history_text(restricted)
    assert (restricted.category, restricted.status, restricted.closing_reason) == (
        restricted_category,
        Concern.CLOSED,
        Concern.RESOLVED,
    )
    assert recent.details == "RECENT"
    assert retention.erase_expired_details(now=NOW) == 0


def test_open_concerns_keep_their_details_however_old(restricted):
    Concern.objects.filter(pk=restricted.pk).update(created_at=NOW - datetime.timedelta(days=3000))
    assert retention.erase_expired_details(now=NOW) == 0


def test_the_periodic_task_erases(restricted, secretary, settings):
    services.close_concern(concern=restricted, by=secretary, reason=Concern.RESOLVED)
    Concern.objects.filter(pk=restricted.pk).update(closed_at=timezone.now() - datetime.timedelta(days=800))
    assert erase_expired_restricted_details.delay().get() == 1


def test_opening_a_restricted_concern_page_is_recorded(client, police_liaison, restricted, category, meeting):
    public = factories.ConcernFactory(meeting=meeting, category=category)
    client.force_login(police_liaison)

    assert client.get(f"/staff/concerns/{restricted.pk}/").status_code == 200
    assert client.get(f"/staff/concerns/{public.pk}/").status_code == 200

    assert list(RestrictedAccess.objects.values_list("concern", "user")) == [
        (restricted.pk, police_liaison.pk)
    ]
