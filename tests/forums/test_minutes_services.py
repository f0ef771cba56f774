"""The minutes workflow: each transition allowed and refused, versions, rendering failures."""

import pytest
from django.utils import timezone

from forums.errors import ForumError
from forums.minutes import rendering
from forums.minutes import services as minutes_services
from forums.minutes.tasks import render_minutes_pdf
from forums.models import Concern
from forums.models import Membership
from forums.models import Minutes
from forums.models import MinutesVersion
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.minutes_support import publish_correction


@pytest.fixture
def held(forum, secretary, chair, category, police_unit):
    meeting = past_meeting(forum)
    meeting.members_present.set(forum.memberships.all())
    factories.AgendaItemFactory(
        meeting=meeting, title="Siguria në shkolla", discussion="U diskutua patrullimi."
    )
    factories.ConcernFactory(meeting=meeting, category=category, summary="Drita të prishura në rrugë")
    factories.ActionFactory(meeting=meeting, title="Riparimi i ndriçimit", responsible_body=police_unit)
    return meeting


def test_start_prefills_narrative_and_decisions_from_what_was_recorded(held, secretary):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)

    assert held.location in minutes.narrative
    assert "Riparimi i ndriçimit" in minutes.decisions
    assert minutes.status == Minutes.DRAFT


def test_start_is_refused_to_the_chair_and_to_outsiders(held, chair, outsider):
    for user in (chair, outsider):
        with pytest.raises(ForumError, match="secretary"):
            minutes_services.start_minutes(meeting=held, by=user)


def test_prefill_leaves_out_actions_answering_restricted_concerns(held, restricted_category, police_unit):
    secret = factories.ConcernFactory(
        meeting=held, category=restricted_category, visibility=Concern.RESTRICTED, summary="x"
    )
    factories.ActionFactory(
        meeting=held, concern=secret, title="Vizitë te familja Z", responsible_body=police_unit
    )

    assert "familja Z" not in minutes_services.draft_minutes_for(held)["decisions"]


def test_secretary_edits_a_draft_and_history_records_who(held, secretary):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)

    minutes_services.edit_minutes(minutes=minutes, by=secretary, narrative="Teksti i ri", decisions="Vendimi")

    minutes.refresh_from_db()
    assert minutes.narrative == "Teksti i ri"
    last = minutes.history.first()
    assert last.history_user == secretary
    assert last.history_change_reason == "edited"


def test_the_chair_cannot_edit_the_text(held, secretary, chair):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)

    with pytest.raises(ForumError, match="secretary"):
        minutes_services.edit_minutes(minutes=minutes, by=chair, narrative="x", decisions="y")


def test_submit_then_approve_records_who_and_when(held, secretary, chair):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    minutes_services.approve_minutes(minutes=minutes, by=chair)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.APPROVED
    assert minutes.submitted_by == secretary
    assert minutes.approved_by == chair
    assert minutes.approved_at is not None


def test_secretary_cannot_approve_their_own_submission(held, secretary):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)

    with pytest.raises(ForumError, match="Only the forum's chair can approve"):
        minutes_services.approve_minutes(minutes=minutes, by=secretary)


def test_a_chair_who_is_also_secretary_may_approve_what_they_submitted(held, secretary):
    factories.MembershipFactory(user=secretary, forum=held.forum, role=Membership.CHAIR)
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)

    assert minutes_services.approve_minutes(minutes=minutes, by=secretary).status == Minutes.APPROVED


def test_a_draft_cannot_be_approved_or_published(held, secretary, chair):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)

    with pytest.raises(ForumError, match="submitted for approval"):
        minutes_services.approve_minutes(minutes=minutes, by=chair)
    with pytest.raises(ForumError, match="approved by the chair"):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)


def test_chair_returns_with_a_comment_and_the_minutes_are_a_draft_again(held, secretary, chair):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)

    with pytest.raises(ForumError) as missing:
        minutes_services.return_minutes(minutes=minutes, by=chair, comment="  ")
    assert missing.value.field == "comment"
    minutes_services.return_minutes(minutes=minutes, by=chair, comment="Shto numrin e të rinjve.")

    minutes.refresh_from_db()
    assert minutes.status == Minutes.DRAFT
    assert minutes.return_comment == "Shto numrin e të rinjve."


def test_submitted_minutes_cannot_be_edited(held, secretary):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)

    with pytest.raises(ForumError, match="Only draft minutes can be edited"):
        minutes_services.edit_minutes(minutes=minutes, by=secretary, narrative="x", decisions="")


def test_publishing_renders_one_version_per_language_with_its_hash(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    assert minutes.status == Minutes.PUBLISHED
    assert minutes.render_state == Minutes.RENDER_IDLE
    versions = list(minutes.versions.order_by("language"))
    assert [(v.number, v.language) for v in versions] == [(1, "sq"), (1, "sr"), (1, "sr-latn")]
    import hashlib

    for version in versions:
        with version.pdf.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == version.sha256
        assert version.published_by == secretary


def test_publish_only_queues_until_commit(held, secretary, chair, django_capture_on_commit_callbacks):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        minutes_services.publish_minutes(minutes=minutes, by=secretary)

    minutes.refresh_from_db()
    assert len(callbacks) == 1
    assert minutes.render_state == Minutes.RENDER_QUEUED
    assert not minutes.versions.exists()
    with pytest.raises(ForumError, match="already being published"):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)


def test_published_minutes_cannot_be_edited_or_published_again(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = publish(
        approved_minutes(held, secretary=secretary, chair=chair),
        by=chair,
        capture=django_capture_on_commit_callbacks,
    )

    with pytest.raises(ForumError, match="Published minutes cannot be edited"):
        minutes_services.edit_minutes(minutes=minutes, by=secretary, narrative="x", decisions="")
    with pytest.raises(ForumError, match="already published"):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)


def test_members_and_outsiders_cannot_publish(held, secretary, chair, member, outsider):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    for user in (member, outsider):
        with pytest.raises(ForumError, match="secretary or chair"):
            minutes_services.publish_minutes(minutes=minutes, by=user)


def test_correction_publishes_version_two_and_keeps_version_one(
    held, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = publish(
        approved_minutes(held, secretary=secretary, chair=chair, narrative="Versioni i parë"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    first = {v.language: v.sha256 for v in minutes.versions.all()}

    publish_correction(
        minutes,
        secretary=secretary,
        chair=chair,
        capture=django_capture_on_commit_callbacks,
        narrative="Versioni i korrigjuar",
    )

    assert set(minutes.versions.values_list("number", flat=True)) == {1, 2}
    assert {v.language: v.sha256 for v in minutes.versions.filter(number=1)} == first
    assert "Versioni i parë" in minutes.versions.get(number=1, language="sq").html
    assert "Versioni i korrigjuar" in minutes.versions.get(number=2, language="sq").html


def test_only_published_minutes_can_be_reopened(held, secretary, chair):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    with pytest.raises(ForumError, match="Only published minutes"):
        minutes_services.reopen_for_correction(minutes=minutes, by=secretary)


def test_running_the_task_twice_makes_one_version(held, secretary, chair, django_capture_on_commit_callbacks):
    minutes = publish(
        approved_minutes(held, secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )

    assert render_minutes_pdf.delay(minutes.pk, 1, secretary.pk).get() is False
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 3


def test_failing_rendering_retries_then_shows_failure_and_publishes_nothing(
    held, secretary, chair, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OSError("pango exploded")

    monkeypatch.setattr(rendering, "render_minutes_pdf_bytes", broken)
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    assert len(calls) == 6  # the first try and five retries
    assert minutes.render_state == Minutes.RENDER_FAILED
    assert minutes.render_error == "OSError"
    assert minutes.status == Minutes.APPROVED
    assert not MinutesVersion.objects.exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.retry_rendering(minutes=minutes, by=secretary)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.PUBLISHED
    assert minutes.versions.filter(number=1).count() == 3


def test_retry_is_refused_when_nothing_failed(held, secretary, chair):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)

    with pytest.raises(ForumError, match="Only a failed publication"):
        minutes_services.retry_rendering(minutes=minutes, by=secretary)


def test_a_cancelled_meeting_has_no_minutes(forum, secretary):
    meeting = past_meeting(forum, status="cancelled")

    with pytest.raises(ForumError, match="cancelled"):
        minutes_services.start_minutes(meeting=meeting, by=secretary)


def test_approval_line_names_the_chair(held, secretary, chair, django_capture_on_commit_callbacks):
    chair.first_name, chair.last_name = "Arbëresha", "Krasniqi"
    chair.save()
    minutes = publish(
        approved_minutes(held, secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )

    html = minutes.versions.get(language="sq").html
    assert "Arbëresha Krasniqi" in html
    assert timezone.localdate().strftime("%d.%m.%Y") in html


def test_task_for_missing_minutes_does_nothing(db):
    assert render_minutes_pdf.delay(999999, 1).get() is False
