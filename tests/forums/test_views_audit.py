"""The chair's audit trail: who changed which record when, and who opened restricted details."""

import pytest
from django.urls import reverse

from forums import retention
from forums import services
from tests import factories
from tests.minutes_support import past_meeting

SECRET_DETAILS = "Mother and two children at Rruga B 12"


@pytest.fixture
def audit_url(forum):
    return reverse("forums:forum_audit", args=[forum.slug])


@pytest.fixture
def restricted(meeting, secretary, restricted_category):
    concern = services.log_concern(
        meeting=meeting,
        by=secretary,
        category=restricted_category,
        summary="Case at the school gate",
        details=SECRET_DETAILS,
        neighbourhood="Lagjja Ulpiana",
    )
    services.update_concern(concern=concern, by=secretary, details=SECRET_DETAILS + " (second floor)")
    return concern


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_chair_reads_who_changed_which_fields_newest_first(
    client, english, audit_url, meeting, restricted, secretary, chair
):
    services.update_meeting(meeting=meeting, by=secretary, location="Shkolla Naim Frashëri")
    client.force_login(chair)

    response = client.get(audit_url)

    assert response.status_code == 200
    rows = response.context["entries"]
    assert rows[0].kind == "meeting"
    assert rows[0].fields == ["location"]
    assert rows[0].who == secretary.get_full_name()
    concern_rows = [row for row in rows if row.kind == "concern"]
    assert [row.change for row in concern_rows] == ["changed", "created"]
    assert concern_rows[0].fields == ["restricted details"]


def test_restricted_text_never_appears_in_the_trail(client, audit_url, restricted, chair):
    client.force_login(chair)

    page = client.get(audit_url).content.decode()

    assert "Rruga B 12" not in page
    assert "Lagjja Ulpiana" not in page
    assert "school gate" not in page


def test_openings_of_restricted_details_are_listed_with_who_and_which(
    client, english, audit_url, restricted, police_liaison, chair
):
    retention.record_restricted_view(concern=restricted, by=police_liaison)
    client.force_login(chair)

    rows = client.get(audit_url).context["entries"]

    assert rows[0].kind == "access"
    assert rows[0].object_id == restricted.pk
    assert rows[0].who == police_liaison.get_full_name()
    assert rows[0].url == reverse("forums:concern_detail", args=[restricted.pk])


def test_another_forums_history_is_not_listed(client, audit_url, other_forum, outsider, chair):
    other_meeting = factories.MeetingFactory(forum=other_forum, number=1)
    services.update_meeting(meeting=other_meeting, by=outsider, location="Elsewhere")
    client.force_login(chair)

    assert client.get(audit_url).context["entries"] == []


def test_the_secretary_and_members_may_not_read_the_trail(client, audit_url, secretary, member):
    client.force_login(secretary)
    assert client.get(audit_url).status_code == 403
    client.force_login(member)
    assert client.get(audit_url).status_code == 403


def test_outsiders_get_404_and_anonymous_visitors_the_login(client, audit_url, outsider):
    assert client.get(audit_url).status_code == 302
    client.force_login(outsider)
    assert client.get(audit_url).status_code == 404


def test_the_forum_page_links_to_the_trail_for_the_chair_only(client, forum, audit_url, chair, secretary):
    client.force_login(chair)
    assert audit_url in client.get(reverse("forums:forum_detail", args=[forum.slug])).content.decode()
    client.force_login(secretary)
    assert audit_url not in client.get(reverse("forums:forum_detail", args=[forum.slug])).content.decode()


def _history(forum, secretary, restricted_category, size):
    for number in range(size):
        meeting = past_meeting(forum)
        services.update_meeting(meeting=meeting, by=secretary, location=f"Salla {number}")
        concern = services.log_concern(
            meeting=meeting, by=secretary, category=restricted_category, summary="x", details="y"
        )
        retention.record_restricted_view(concern=concern, by=secretary)
        factories.ActionFactory(meeting=meeting)


def test_the_query_count_does_not_grow_with_the_history(
    client, audit_url, forum, secretary, chair, restricted_category, django_assert_max_num_queries
):
    _history(forum, secretary, restricted_category, 3)
    client.force_login(chair)
    with django_assert_max_num_queries(20) as small:
        client.get(audit_url)
    _history(forum, secretary, restricted_category, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(audit_url)
    assert len(response.context["entries"]) == 50
    assert response.context["page"].has_next()
