"""The access log: every page, admin form and export that shows restricted text leaves one entry."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import retention
from forums.models import RestrictedAccess
from tests import factories
from tests.session_support import fresh_login

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def marked_action(meeting, police_unit):
    return factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, marked_restricted=True, title="Watch house 12"
    )


def logged():
    return set(RestrictedAccess.objects.values_list("surface", "concern_id", "action_id"))


# --- The recorder --------------------------------------------------------------------------------


def test_a_public_action_or_concern_shown_alongside_is_not_recorded(
    police_liaison, meeting, police_unit, public_concern, marked_action
):
    public = factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    assert retention.record_restricted_view(by=police_liaison, action=public, concern=public_concern) is None
    recorded = retention.record_restricted_views(
        by=police_liaison,
        surface=RestrictedAccess.MEETING_PAGE,
        forum=meeting.forum,
        concerns=[public_concern],
        actions=[public, marked_action, marked_action],
    )
    assert recorded == 1
    assert logged() == {(RestrictedAccess.MEETING_PAGE, None, marked_action.pk)}
    assert RestrictedAccess.objects.get().forum == meeting.forum


# --- Pages ---------------------------------------------------------------------------------------


def test_the_meeting_page_records_each_restricted_concern_and_action_it_shows(
    client, secretary, meeting, public_concern, restricted_concern, marked_action, police_unit
):
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    client.force_login(secretary)
    client.get(meeting.get_absolute_url())
    assert logged() == {
        (RestrictedAccess.MEETING_PAGE, restricted_concern.pk, None),
        (RestrictedAccess.MEETING_PAGE, None, marked_action.pk),
    }


def test_the_meeting_page_records_restricted_actions_shown_for_follow_up(
    client, secretary, forum, police_unit
):
    earlier = factories.MeetingFactory(forum=forum, number=1, starts_at=timezone.now())
    action = factories.ActionFactory(meeting=earlier, responsible_body=police_unit, marked_restricted=True)
    later = factories.MeetingFactory(forum=forum, number=2)
    client.force_login(secretary)
    body = client.get(later.get_absolute_url()).content.decode()
    assert action.title in body
    assert (RestrictedAccess.MEETING_PAGE, None, action.pk) in logged()


def test_a_member_reading_the_meeting_page_is_shown_nothing_restricted_and_nothing_is_recorded(
    client, member, meeting, restricted_concern, marked_action
):
    client.force_login(member)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert restricted_concern.summary not in body
    assert marked_action.title not in body
    assert not RestrictedAccess.objects.exists()


def test_the_concern_page_records_the_concern_and_the_restricted_actions_it_lists(
    client, police_liaison, meeting, public_concern, police_unit
):
    action = factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, concern=public_concern, marked_restricted=True
    )
    client.force_login(police_liaison)
    client.get(public_concern.get_absolute_url())
    assert logged() == {(RestrictedAccess.CONCERN_PAGE, None, action.pk)}


def test_the_concern_form_is_recorded_as_such(client, secretary, restricted_concern):
    client.force_login(secretary)
    client.get(reverse("forums:concern_edit", args=[restricted_concern.pk]))
    assert logged() == {(RestrictedAccess.CONCERN_EDIT, restricted_concern.pk, None)}


# --- The admin -----------------------------------------------------------------------------------


def test_the_admins_history_pages_of_a_restricted_concern_are_recorded(
    client, admin_user, restricted_concern
):
    fresh_login(client, admin_user)
    version = restricted_concern.history.first()
    client.get(reverse("admin:forums_concern_history", args=[restricted_concern.pk]))
    client.get(
        reverse("admin:forums_concern_simple_history", args=[restricted_concern.pk, version.history_id])
    )
    assert RestrictedAccess.objects.filter(surface=RestrictedAccess.ADMIN).count() == 2


def test_the_admins_form_of_a_public_concern_is_not_recorded(client, admin_user, public_concern):
    fresh_login(client, admin_user)
    assert client.get(reverse("admin:forums_concern_change", args=[public_concern.pk])).status_code == 200
    assert not RestrictedAccess.objects.exists()


def test_the_admins_action_list_names_a_restricted_action_by_number(client, admin_user, marked_action):
    fresh_login(client, admin_user)
    body = client.get(reverse("admin:actions_action_changelist")).content.decode()
    assert f"Restricted action #{marked_action.pk}" in body
    assert marked_action.title not in body
    assert not RestrictedAccess.objects.exists()


def test_nobody_adds_or_changes_access_log_entries_in_the_admin(
    client, admin_user, police_liaison, restricted_concern
):
    entry = retention.record_restricted_view(concern=restricted_concern, by=police_liaison)
    fresh_login(client, admin_user)
    assert client.get(reverse("admin:forums_restrictedaccess_add")).status_code == 403
    change = client.post(reverse("admin:forums_restrictedaccess_change", args=[entry.pk]), {"rows": 9})
    assert change.status_code in (200, 403)
    entry.refresh_from_db()
    assert entry.rows is None


# --- The chair's audit trail ---------------------------------------------------------------------


def test_the_audit_trail_says_where_text_was_shown_and_how_many_rows_were_exported(
    client, chair, police_liaison, forum, meeting, restricted_concern, marked_action
):
    retention.record_restricted_view(
        by=police_liaison, action=marked_action, surface=RestrictedAccess.ACTION_PAGE, forum=forum
    )
    retention.record_restricted_export(by=police_liaison, forum_id=forum.pk, rows=7)
    # An entry from before the log named the forum: found through its concern.
    RestrictedAccess.objects.create(concern=restricted_concern, user=police_liaison)
    client.force_login(chair)

    response = client.get(reverse("forums:forum_audit", args=[forum.slug]))

    entries = [entry for entry in response.context["entries"] if entry.kind == "access"]
    shown = {(entry.kind_label, entry.object_id, entry.where, entry.change, entry.url) for entry in entries}
    assert shown == {
        (
            "Action",
            marked_action.pk,
            "Action page",
            "restricted details shown",
            marked_action.get_absolute_url(),
        ),
        ("Export", None, "Export with restricted details", "exported with restricted details: 7 rows", ""),
        (
            "Concern",
            restricted_concern.pk,
            "Concern page",
            "restricted details shown",
            restricted_concern.get_absolute_url(),
        ),
    }
    assert "Watch house 12" not in response.content.decode()


def test_another_forums_exports_stay_out_of_the_trail(client, chair, outsider, forum, other_forum):
    retention.record_restricted_export(by=outsider, forum_id=other_forum.pk, rows=3)
    client.force_login(chair)
    response = client.get(reverse("forums:forum_audit", args=[forum.slug]))
    assert [entry for entry in response.context["entries"] if entry.kind == "access"] == []
