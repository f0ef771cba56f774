"""Finding: a domestic-violence concern could be switched to "Public" in one dropdown.

With no warning and nothing in the chair's preview, its text then appeared in the minutes page,
the PDF and search. Now one person's dropdown is refused; the concern becomes public only when
the secretary proposes it with a reason and the chair confirms it after entering their password
again, and both steps are in the history.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from forums import services
from forums.errors import ForumError
from forums.models import Concern
from forums.models import VisibilityProposal
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.session_support import fresh_login

PASSWORD = "correct-horse-battery"
MARKER = "MRKOVERRIDE7c1e"


@pytest.fixture
def concern(forum, secretary, restricted_category):
    return services.log_concern(
        meeting=past_meeting(forum),
        by=secretary,
        category=restricted_category,
        summary=f"Awareness evening on violence at home {MARKER}",
        details="Raised after a case in the north quarter",
    )


def switch_dropdown_to_public(client, concern):
    return client.post(
        reverse("forums:concern_edit", args=[concern.pk]),
        {
            "category": concern.category_id,
            "summary": concern.summary,
            "details": concern.details,
            "source": concern.source,
            "visibility": Concern.PUBLIC,
        },
    )


def published_page_and_search(concern, *, secretary, chair, capture) -> tuple[str, str]:
    publish(
        approved_minutes(concern.meeting, secretary=secretary, chair=chair), by=secretary, capture=capture
    )
    public = Client()
    page = public.get(reverse("portal:minutes_detail", args=[concern.meeting_id])).content.decode()
    search = public.get(reverse("portal:minutes_list"), {"q": MARKER}).content.decode()
    return page, search


def test_switching_the_dropdown_to_public_no_longer_publishes_the_text(
    client, concern, secretary, chair, django_capture_on_commit_callbacks
):
    fresh_login(client, secretary)

    response = switch_dropdown_to_public(client, concern)

    assert response.status_code == 200
    assert Concern.objects.get(pk=concern.pk).visibility == Concern.RESTRICTED
    page, search = published_page_and_search(
        concern, secretary=secretary, chair=chair, capture=django_capture_on_commit_callbacks
    )
    assert MARKER not in page
    assert re.search(r"\b0 minutes found", search)


def test_after_the_secretary_proposes_and_the_chair_confirms_it_is_public_and_both_steps_are_recorded(
    client, concern, secretary, chair, django_capture_on_commit_callbacks
):
    fresh_login(client, secretary)
    client.post(
        reverse("forums:concern_propose_public", args=[concern.pk]),
        {"reason": "General awareness topic, no case"},
    )
    proposal = VisibilityProposal.objects.get(concern=concern)
    chairs_browser = Client()
    fresh_login(chairs_browser, chair)
    asked = chairs_browser.post(reverse("forums:proposal_confirm", args=[proposal.pk]))["Location"]
    assert asked.startswith(reverse("account_reauthenticate"))
    chairs_browser.post(asked, {"password": PASSWORD})

    assert Concern.objects.get(pk=concern.pk).visibility == Concern.PUBLIC
    steps = [(row.history_user, row.history_change_reason) for row in proposal.history.order_by("history_id")]
    assert steps == [(secretary, "proposed"), (chair, "confirmed")]
    change = concern.history.order_by("-history_date", "-history_id").first()
    assert (change.visibility, change.history_user) == (Concern.PUBLIC, chair)
    assert change.history_change_reason == f"made public by proposal #{proposal.pk}"
    page, search = published_page_and_search(
        concern, secretary=secretary, chair=chair, capture=django_capture_on_commit_callbacks
    )
    assert MARKER in page
    assert re.search(r"\b1 minutes? found", search)


def test_moving_a_sensitive_concern_to_another_category_first_does_not_let_one_person_publish_it(
    forum, secretary, category, restricted_category
):
    concern = services.log_concern(
        meeting=factories.MeetingFactory(forum=forum),
        by=secretary,
        category=restricted_category,
        summary="Case",
    )
    services.update_concern(concern=concern, by=secretary, category=category, visibility=Concern.RESTRICTED)

    with pytest.raises(ForumError, match="chair confirms"):
        services.update_concern(concern=concern, by=secretary, visibility=Concern.PUBLIC)
