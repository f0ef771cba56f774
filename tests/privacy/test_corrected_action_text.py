"""An action's title corrected: a restricted one's new title never reaches the public, and once
restricted, every minutes version that showed any title it ever had is withdrawn (privacy rule 6)."""

import pytest
from django.urls import reverse

from actions import services
from forums import services as forum_services
from forums.errors import ForumError
from forums.minutes import services as minutes_services
from forums.models import Concern
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.minutes_support import record_attendance_if_missing
from tests.privacy.support import public_text

OLD = "ZZOLD protection visit to house 12"
NEW = "ZZNEW protection visit to house twelve"
PUBLIC_FIX = "ZZPUB speed checks every morning"


def correct_title(action, title: str, *, by, capture, **changes):
    with capture(execute=True):
        services.reassign_action(
            action=action,
            by=by,
            responsible_body=action.responsible_body,
            assignee=action.assignee,
            due_date=action.due_date,
            title=title,
            **changes,
        )


def public_api_text(client, meeting) -> str:
    client.logout()
    pages = ["/api/v1/actions/", f"/api/v1/meetings/{meeting.pk}/", "/api/v1/concerns/"]
    pages.append(reverse("portal:meeting_detail", args=[meeting.pk]))
    return "\n".join(client.get(page).content.decode() for page in pages)


def test_a_restricted_actions_corrected_title_reaches_no_public_page_nor_the_api(
    client,
    forum,
    restricted_category,
    category,
    police_unit,
    secretary,
    chair,
    django_capture_on_commit_callbacks,
):
    meeting = past_meeting(forum)
    restricted = factories.ConcernFactory(
        meeting=meeting, category=restricted_category, visibility="restricted"
    )
    hidden = factories.ActionFactory(
        meeting=meeting, concern=restricted, title=OLD, responsible_body=police_unit
    )
    public = factories.ActionFactory(
        meeting=meeting,
        concern=factories.ConcernFactory(meeting=meeting, category=category),
        title="ZZPUB speed checks",
        responsible_body=police_unit,
    )
    publish(
        approved_minutes(meeting, secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    client.force_login(secretary)
    for action, title in ((hidden, NEW), (public, PUBLIC_FIX)):
        data = {
            "title": title,
            "priority": action.priority,
            "responsible_body": action.responsible_body_id,
            "due_date": action.due_date.isoformat(),
        }
        url = reverse("actions:action_reassign", args=[action.pk])
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    hidden.refresh_from_db()
    assert hidden.title == NEW

    text = public_text(client, [meeting.pk], search=NEW) + public_api_text(client, meeting)

    assert NEW not in text and OLD not in text
    assert PUBLIC_FIX in text  # the same pages do show a public action's corrected title


@pytest.fixture
def published_twice(forum, category, police_unit, secretary, chair, django_capture_on_commit_callbacks):
    """A public action, in its meeting's minutes and, by its first title, in the next meeting's follow-up."""
    meeting = past_meeting(forum, days_ago=10)
    concern = factories.ConcernFactory(meeting=meeting, category=category)
    action = factories.ActionFactory(
        meeting=meeting, concern=concern, title=OLD, responsible_body=police_unit
    )
    for sitting, narrative in ((meeting, "First sitting"), (past_meeting(forum, days_ago=2), "Next sitting")):
        minutes = publish(
            approved_minutes(sitting, secretary=secretary, chair=chair, narrative=narrative),
            by=secretary,
            capture=django_capture_on_commit_callbacks,
        )
    assert OLD in minutes.versions.first().text  # the later minutes' follow-up
    return action, minutes


def test_corrected_and_marked_restricted_in_one_save_withdraws_what_showed_the_title_it_had(
    client, published_twice, secretary, django_capture_on_commit_callbacks
):
    action, later = published_twice

    correct_title(
        action, NEW, by=secretary, capture=django_capture_on_commit_callbacks, marked_restricted=True
    )

    assert later.versions.filter(number=1, withdrawn_at__isnull=False).exists()
    text = public_text(client, [action.meeting_id, later.meeting_id], search=OLD)
    assert OLD not in text and NEW not in text


def test_a_title_corrected_after_publication_is_still_withdrawn_when_its_concern_is_restricted_later(
    client, published_twice, secretary, django_capture_on_commit_callbacks
):
    action, later = published_twice
    correct_title(action, NEW, by=secretary, capture=django_capture_on_commit_callbacks)
    assert OLD in public_text(client, [later.meeting_id], search=OLD)  # published versions never change

    with django_capture_on_commit_callbacks(execute=True):
        forum_services.update_concern(concern=action.concern, by=secretary, visibility=Concern.RESTRICTED)

    assert later.versions.filter(number=1, withdrawn_at__isnull=False).exists()
    text = public_text(client, [action.meeting_id, later.meeting_id], search=OLD)
    assert OLD not in text and NEW not in text


def test_a_draft_holding_the_title_an_action_had_before_its_correction_is_refused_once_it_is_restricted(
    forum, category, police_unit, secretary, django_capture_on_commit_callbacks
):
    meeting = past_meeting(forum)
    action = factories.ActionFactory(meeting=meeting, title=OLD, responsible_body=police_unit)
    minutes = minutes_services.start_minutes(meeting=meeting, by=secretary)
    assert OLD in minutes.decisions  # prefilled from the titles
    record_attendance_if_missing(meeting)

    correct_title(
        action, NEW, by=secretary, capture=django_capture_on_commit_callbacks, marked_restricted=True
    )

    with pytest.raises(ForumError, match=f"action #{action.pk}"):
        minutes_services.submit_minutes(minutes=minutes, by=secretary)
