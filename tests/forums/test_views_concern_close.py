"""Closing, reopening and escalating a concern from its staff page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Concern
from forums.models import Forum
from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def url(name, concern):
    return reverse(f"forums:{name}", args=[concern.pk])


@pytest.fixture
def lpsc_world(forum, category):
    """An LPSC of the forum's municipality with its secretary, a concern, and a planned council meeting."""
    lpsc = factories.ForumFactory(
        municipality=forum.municipality, kind=Forum.LPSC, name="KLSP Lagjja", slug="klsp"
    )
    lpsc_secretary = factories.UserFactory(username="lpsc-secretary")
    factories.MembershipFactory(user=lpsc_secretary, forum=lpsc, role="secretary")
    factories.enrol_totp(lpsc_secretary)
    council_meeting = factories.MeetingFactory(
        forum=forum, number=5, starts_at=timezone.now() + datetime.timedelta(days=9)
    )
    concern = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=lpsc, number=1), category=category, summary="Dark underpass"
    )
    return lpsc_secretary, concern, council_meeting


def test_the_secretary_closes_a_concern_as_referred_to_a_named_body(client, secretary, public_concern):
    client.force_login(secretary)
    response = client.post(
        url("concern_close", public_concern),
        {"closing_reason": "referred", "referred_to": "Centre for Social Work"},
    )
    assert response.status_code == 302
    public_concern.refresh_from_db()
    assert (public_concern.status, public_concern.closing_reason, public_concern.referred_to) == (
        "closed",
        "referred",
        "Centre for Social Work",
    )
    body = client.get(url("concern_detail", public_concern)).content.decode()
    assert "referred to Centre for Social Work" in body
    assert "Reopen concern" in body


def test_closing_without_a_reason_or_without_the_body_is_refused_next_to_the_field(
    client, police_liaison, public_concern
):
    client.force_login(police_liaison)
    response = client.post(url("concern_close", public_concern), {"closing_reason": ""})
    assert response.status_code == 200
    assert "closing_reason" in response.context["close_form"].errors

    response = client.post(
        url("concern_close", public_concern), {"closing_reason": "referred", "referred_to": " "}
    )
    assert list(response.context["close_form"].errors) == ["referred_to"]
    public_concern.refresh_from_db()
    assert public_concern.status == "open"


def test_a_crafted_reason_is_refused_without_an_error_page(client, secretary, public_concern):
    client.force_login(secretary)
    response = client.post(url("concern_close", public_concern), {"closing_reason": "because"})
    assert response.status_code == 200
    assert "closing_reason" in response.context["close_form"].errors


def test_a_member_may_not_close_and_an_outsider_does_not_see_the_concern(
    client, member, outsider, public_concern
):
    client.force_login(member)
    assert (
        client.post(url("concern_close", public_concern), {"closing_reason": "resolved"}).status_code == 403
    )
    assert "Close concern" not in client.get(url("concern_detail", public_concern)).content.decode()
    client.force_login(outsider)
    assert (
        client.post(url("concern_close", public_concern), {"closing_reason": "resolved"}).status_code == 404
    )
    assert client.post(url("concern_reopen", public_concern)).status_code == 404


def test_reopening_clears_the_reason_and_the_history_keeps_it(client, secretary, public_concern):
    client.force_login(secretary)
    client.post(url("concern_close", public_concern), {"closing_reason": "resolved"})
    response = client.post(url("concern_reopen", public_concern))
    assert response.status_code == 302
    public_concern.refresh_from_db()
    assert (public_concern.status, public_concern.closing_reason) == ("open", "")
    assert "resolved" in set(public_concern.history.values_list("closing_reason", flat=True))


def test_closing_and_escalating_need_post(client, secretary, public_concern):
    client.force_login(secretary)
    assert client.get(url("concern_close", public_concern)).status_code == 405
    assert client.get(url("concern_escalate", public_concern)).status_code == 405


def test_the_lpsc_secretary_escalates_and_both_pages_link_to_each_other(client, secretary, lpsc_world):
    lpsc_secretary, concern, council_meeting = lpsc_world
    client.force_login(lpsc_secretary)
    page = client.get(url("concern_detail", concern)).content.decode()
    assert "Escalate to the municipal council" in page

    response = client.post(url("concern_escalate", concern))
    assert response.status_code == 302
    concern.refresh_from_db()
    escalated = concern.escalated_to
    assert escalated.meeting == council_meeting

    page = client.get(url("concern_detail", concern)).content.decode()
    # The LPSC secretary is not a council member: the council's concern is named, not linked.
    assert "Escalated to" in page and "KKSB Prishtinë" in page
    assert url("concern_detail", escalated) not in page

    client.force_login(secretary)
    council_page = client.get(url("concern_detail", escalated)).content.decode()
    assert "Escalated from" in council_page and "KLSP Lagjja" in council_page
    assert "Escalate to the municipal council" not in council_page


def test_a_council_concern_offers_no_escalation_and_refuses_a_crafted_one(client, secretary, public_concern):
    client.force_login(secretary)
    assert (
        "Escalate to the municipal council"
        not in client.get(url("concern_detail", public_concern)).content.decode()
    )
    response = client.post(url("concern_escalate", public_concern), follow=True)
    assert "Only concerns of a local committee can be escalated." in response.content.decode()
    public_concern.refresh_from_db()
    assert public_concern.escalated_to is None


def test_a_police_liaison_may_not_escalate(client, police_liaison, public_concern):
    client.force_login(police_liaison)
    assert client.post(url("concern_escalate", public_concern)).status_code == 403
    assert Concern.objects.count() == 1


# --- Every action done: the page offers to close the concern as resolved ----------------------------

RESOLVED_PROMPT = "All actions answering this concern are done."


def test_when_every_action_is_done_the_page_offers_one_click_to_close_as_resolved(
    client, secretary, meeting, public_concern, police_unit
):
    for status in ("done", "done", "cancelled"):
        factories.ActionFactory(
            meeting=meeting, concern=public_concern, responsible_body=police_unit, status=status
        )
    client.force_login(secretary)
    content = client.get(url("concern_detail", public_concern)).content.decode()
    assert RESOLVED_PROMPT in content
    assert 'name="closing_reason" value="resolved"' in content

    response = client.post(url("concern_close", public_concern), {"closing_reason": "resolved"})
    assert response.status_code == 302
    public_concern.refresh_from_db()
    assert (public_concern.status, public_concern.closing_reason) == (Concern.CLOSED, Concern.RESOLVED)
    assert RESOLVED_PROMPT not in client.get(url("concern_detail", public_concern)).content.decode()


@pytest.mark.parametrize("statuses", [(), ("done", "in_progress"), ("done", "open"), ("cancelled",)])
def test_no_offer_while_work_is_open_or_none_was_done(
    client, secretary, meeting, public_concern, police_unit, statuses
):
    for status in statuses:
        factories.ActionFactory(
            meeting=meeting, concern=public_concern, responsible_body=police_unit, status=status
        )
    client.force_login(secretary)
    assert RESOLVED_PROMPT not in client.get(url("concern_detail", public_concern)).content.decode()


# The police liaison does not see a municipal directorate's action, yet it counts for the offer.
@pytest.mark.parametrize(
    ("municipal_status", "offered"),
    [("done", True), ("open", False)],
    ids=["offered-when-it-is-done", "not-offered-while-it-is-open"],
)
def test_the_police_liaison_is_offered_it_once_every_action_is_done_even_one_not_theirs_to_see(
    client, police_liaison, meeting, public_concern, police_unit, directorate, municipal_status, offered
):
    factories.ActionFactory(
        meeting=meeting, concern=public_concern, responsible_body=police_unit, status="done"
    )
    factories.ActionFactory(
        meeting=meeting, concern=public_concern, responsible_body=directorate, status=municipal_status
    )
    client.force_login(police_liaison)
    page = client.get(url("concern_detail", public_concern)).content.decode()
    assert (RESOLVED_PROMPT in page) == offered


def test_who_may_not_close_is_not_offered_it(client, member, chair, meeting, public_concern, police_unit):
    factories.ActionFactory(
        meeting=meeting, concern=public_concern, responsible_body=police_unit, status="done"
    )
    for person in (member, chair):
        client.force_login(person)
        assert RESOLVED_PROMPT not in client.get(url("concern_detail", public_concern)).content.decode()
