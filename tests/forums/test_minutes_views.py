"""Staff minutes pages: who sees them, who may act, and what each button does."""

import pytest
from django.urls import reverse

from forums.minutes import services as minutes_services
from forums.models import Minutes
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.session_support import fresh_login


@pytest.fixture
def held(forum, secretary):
    """A meeting held, its attendance recorded: its minutes may go to the chair."""
    meeting = past_meeting(forum)
    meeting.members_present.set(forum.memberships.all())
    return meeting


def detail(meeting):
    return reverse("minutes:detail", args=[meeting.pk])


def act(meeting, transition):
    return reverse("minutes:transition", args=[meeting.pk, transition])


def test_secretary_starts_minutes_from_the_page(client, held, secretary):
    client.force_login(secretary)

    response = client.post(reverse("minutes:start", args=[held.pk]))

    assert response.status_code == 302
    assert Minutes.objects.get(meeting=held).status == Minutes.DRAFT


def test_page_shows_edit_form_and_preview_to_the_secretary(client, held, secretary):
    minutes_services.start_minutes(meeting=held, by=secretary)
    client.force_login(secretary)

    response = client.get(detail(held))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'for="id_narrative"' in body
    assert "Submit for approval" in body
    assert held.location in body
    assert body.count("<h1") == 1


def test_outsider_gets_404_and_member_gets_403_on_actions(client, held, secretary, member, outsider):
    minutes_services.start_minutes(meeting=held, by=secretary)
    client.force_login(outsider)
    assert client.get(detail(held)).status_code == 404
    client.force_login(member)
    assert client.get(detail(held)).status_code == 200
    assert client.post(act(held, "submit")).status_code == 403


def test_anonymous_is_sent_to_login(client, held):
    response = client.get(detail(held))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_secretary_saves_the_text_of_the_minutes(client, held, secretary):
    minutes_services.start_minutes(meeting=held, by=secretary)
    client.force_login(secretary)

    response = client.post(act(held, "edit"), {"narrative": "Teksti im ë", "decisions": "x" * 10})

    assert response.status_code == 302
    assert Minutes.objects.get(meeting=held).narrative == "Teksti im ë"


def test_editing_submitted_minutes_is_refused_with_the_reason(client, held, secretary):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    client.force_login(secretary)

    response = client.post(act(held, "edit"), {"narrative": "Ndryshim", "decisions": ""}, follow=True)

    assert Minutes.objects.get(meeting=held).narrative != "Ndryshim"
    assert "Only draft minutes can be edited" in response.content.decode()


def test_secretary_cannot_approve_through_the_page(client, held, secretary):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    client.force_login(secretary)

    response = client.post(act(held, "approve"), follow=True)

    assert "Only the forum&#x27;s chair can approve" in response.content.decode()
    assert Minutes.objects.get(meeting=held).status == Minutes.SUBMITTED


def test_approving_tells_the_chair_that_citizens_see_nothing_until_someone_publishes(
    client, held, secretary, chair
):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    client.force_login(chair)

    page = client.post(act(held, "approve"), follow=True).content.decode()

    assert Minutes.objects.get(meeting=held).status == Minutes.APPROVED
    assert "Citizens see nothing of them until they are published" in page
    assert "you or the forum&#x27;s secretary can press “Publish”" in page


def test_chair_returns_with_comment_and_empty_comment_is_refused(client, held, secretary, chair):
    minutes = minutes_services.start_minutes(meeting=held, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    client.force_login(chair)

    assert client.post(act(held, "return"), {"comment": ""}).status_code == 400
    client.post(act(held, "return"), {"comment": "Plotësoni vendimet."})

    minutes.refresh_from_db()
    assert minutes.status == Minutes.DRAFT
    client.force_login(secretary)
    assert "Plotësoni vendimet." in client.get(detail(held)).content.decode()


def test_publish_button_renders_and_lists_versions(
    client, held, secretary, chair, django_capture_on_commit_callbacks
):
    municipality = held.forum.municipality
    municipality.languages = "sq,sr-latn"
    municipality.save()
    approved_minutes(held, secretary=secretary, chair=chair)
    fresh_login(client, chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act(held, "publish"))

    assert response.status_code == 302
    page = client.get(detail(held)).content.decode()
    # Languages by name, as the public minutes page names them, not by code.
    assert "Version 1 (Albanian)" in page
    assert "Version 1 (Serbian (Latin))" in page
    assert "(sq)" not in page
    assert "Version 1 (Serbian (Cyrillic))" in page
    assert "(sr-latn)" not in page
    pdf = client.get(reverse("minutes:version_pdf", args=[held.pk, 1, "sq"]))
    assert pdf["Content-Type"] == "application/pdf"


def test_page_says_queued_until_the_worker_renders(
    client, held, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)
    with django_capture_on_commit_callbacks(execute=False):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)
    client.force_login(secretary)

    assert (
        "the PDF will be rendered when the background worker is reachable"
        in client.get(detail(held)).content.decode()
    )


def test_failed_rendering_shows_error_and_retry_requeues(
    client, held, secretary, chair, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(held, secretary=secretary, chair=chair)
    Minutes.objects.filter(pk=minutes.pk).update(render_state=Minutes.RENDER_FAILED, render_error="OSError")
    fresh_login(client, secretary)

    page = client.get(detail(held)).content.decode()
    assert "Publishing failed." in page
    assert act(held, "retry") in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act(held, "retry"))

    minutes.refresh_from_db()
    assert minutes.status == Minutes.PUBLISHED
    assert minutes.versions.exists()


def test_reopen_offers_correction_after_publication(
    client, held, secretary, chair, django_capture_on_commit_callbacks
):
    publish(
        approved_minutes(held, secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    client.force_login(secretary)

    client.post(act(held, "reopen"))

    assert Minutes.objects.get(meeting=held).status == Minutes.DRAFT


def test_unknown_transition_is_404(client, held, secretary):
    minutes_services.start_minutes(meeting=held, by=secretary)
    client.force_login(secretary)

    assert client.post(act(held, "destroy")).status_code == 404
    assert client.get(act(held, "submit")).status_code == 405
