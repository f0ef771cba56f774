"""The secretary publishes a meeting's agenda; a restricted record's words never go public with it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import escalation
from forums import privacy
from forums import services
from forums import visibility
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Meeting
from tests import factories
from tests.minutes_support import past_meeting

pytestmark = pytest.mark.usefixtures("english")


def publish_url(meeting):
    return reverse("forums:agenda_publish", args=[meeting.pk])


def test_publishing_records_when_and_who(meeting, secretary, agenda):
    services.publish_agenda(meeting=meeting, by=secretary)

    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    last = meeting.history.order_by("-history_date").first()
    assert last.history_user == secretary
    assert last.agenda_published_at == meeting.agenda_published_at


@pytest.mark.parametrize("persona", ["chair", "police_liaison", "member", "outsider"])
def test_only_the_secretary_publishes_the_agenda(request, meeting, agenda, persona):
    with pytest.raises(ForumError, match="Only the forum's secretary"):
        services.publish_agenda(meeting=meeting, by=request.getfixturevalue(persona))
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None


def test_an_empty_agenda_is_not_published(meeting, secretary):
    with pytest.raises(ForumError, match="Add at least one item"):
        services.publish_agenda(meeting=meeting, by=secretary)


def test_a_closed_meetings_agenda_is_never_published(forum, secretary):
    closed = factories.MeetingFactory(forum=forum, number=3, is_public=False)
    factories.AgendaItemFactory(meeting=closed)

    with pytest.raises(ForumError, match="closed meeting's agenda is never published"):
        services.publish_agenda(meeting=closed, by=secretary)


def test_a_cancelled_meetings_agenda_is_not_published(forum, secretary):
    cancelled = factories.MeetingFactory(forum=forum, number=3, status=Meeting.CANCELLED)
    factories.AgendaItemFactory(meeting=cancelled)

    with pytest.raises(ForumError, match="cancelled"):
        services.publish_agenda(meeting=cancelled, by=secretary)


def test_publishing_twice_keeps_the_first_time(meeting, secretary, agenda):
    services.publish_agenda(meeting=meeting, by=secretary)
    first = Meeting.objects.get(pk=meeting.pk).agenda_published_at

    with pytest.raises(ForumError, match="already published"):
        services.publish_agenda(meeting=Meeting.objects.get(pk=meeting.pk), by=secretary)
    assert Meeting.objects.get(pk=meeting.pk).agenda_published_at == first


def test_an_agenda_copying_a_restricted_concern_of_an_earlier_meeting_is_refused_naming_it(
    forum, meeting, secretary, restricted_category
):
    earlier = past_meeting(forum, days_ago=30)
    concern = factories.ConcernFactory(
        meeting=earlier,
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        summary="Violence at the Berisha home",
    )
    factories.AgendaItemFactory(meeting=meeting, title="Follow-up: violence at the Berisha home")

    with pytest.raises(ForumError, match=f"concern #{concern.pk}"):
        services.publish_agenda(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None


def test_an_agenda_copying_a_restricted_action_or_an_escalated_copy_is_refused(
    forum, meeting, secretary, restricted_category, police_unit
):
    action = factories.ActionFactory(
        meeting=meeting,
        title="Visit the family in Sofali",
        responsible_body=police_unit,
        marked_restricted=True,
    )
    local = factories.ForumFactory(municipality=forum.municipality, kind="lpsc")
    original = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=local, number=1),
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        summary="Threats against a teacher in Ulpiana",
    )
    copy = escalation.escalation_copy(original, meeting=meeting, by=secretary)
    original.escalated_to = copy
    original.save()
    factories.AgendaItemFactory(meeting=meeting, title="Visit the family in Sofali")
    factories.AgendaItemFactory(meeting=meeting, title="Threats against a teacher in Ulpiana")

    with pytest.raises(ForumError, match=f"concern #{original.pk}, concern #{copy.pk}, action #{action.pk}"):
        services.publish_agenda(meeting=meeting, by=secretary)
    found = privacy.restricted_text_in_agenda(meeting, "Threats against a teacher in Ulpiana")
    assert {record.pk for record in found} == {copy.pk, original.pk}


def test_short_or_public_words_do_not_stop_the_agenda(meeting, secretary, category, restricted_category):
    factories.ConcernFactory(meeting=meeting, category=category, summary="Cars speed near the school")
    factories.ConcernFactory(
        meeting=meeting, category=restricted_category, visibility=Concern.RESTRICTED, summary="Sofali"
    )
    factories.AgendaItemFactory(meeting=meeting, title="Cars speed near the school in Sofali")

    services.publish_agenda(meeting=meeting, by=secretary)

    assert Meeting.objects.get(pk=meeting.pk).agenda_is_published


def test_once_published_a_new_or_changed_title_with_restricted_words_is_refused(
    meeting, secretary, agenda, restricted_concern
):
    services.publish_agenda(meeting=meeting, by=secretary)
    meeting.refresh_from_db()

    with pytest.raises(ForumError, match=f"concern #{restricted_concern.pk}"):
        services.add_agenda_item(meeting=meeting, by=secretary, title="Case reported at the school gate")
    with pytest.raises(ForumError, match=f"concern #{restricted_concern.pk}"):
        services.update_agenda_item(
            item=agenda[0], by=secretary, title="A: case reported at the school gate", discussion=""
        )
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["A", "B", "C"]


def test_before_publication_the_agenda_may_hold_any_words(meeting, secretary, restricted_concern):
    item = services.add_agenda_item(meeting=meeting, by=secretary, title="Case reported at the school gate")

    assert item.pk is not None


def test_changing_a_published_agenda_moves_the_meetings_updated_at(meeting, secretary, agenda):
    services.publish_agenda(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=long_ago)

    services.add_agenda_item(meeting=meeting, by=secretary, title="D")

    assert Meeting.objects.get(pk=meeting.pk).updated_at > long_ago


def test_restricting_a_record_an_agenda_copied_moves_its_meetings_updated_at(
    meeting, secretary, category, forum
):
    copied = factories.ConcernFactory(meeting=meeting, category=category, summary="Break-ins on Rruga B")
    factories.AgendaItemFactory(meeting=meeting, title="Break-ins on Rruga B")
    untouched = factories.MeetingFactory(forum=forum, number=2)
    factories.AgendaItemFactory(meeting=untouched, title="Street lighting")
    services.publish_agenda(meeting=meeting, by=secretary)
    services.publish_agenda(meeting=untouched, by=secretary)
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Meeting.objects.update(updated_at=long_ago)

    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)

    assert Meeting.objects.get(pk=meeting.pk).updated_at > long_ago
    assert Meeting.objects.get(pk=untouched.pk).updated_at == long_ago
    assert privacy.public_agendas([Meeting.objects.get(pk=meeting.pk)]) == {}


# --- The staff meeting page ----------------------------------------------------------------------


def test_the_meeting_page_says_by_when_to_publish_and_offers_the_button(client, secretary, meeting, agenda):
    client.force_login(secretary)

    body = client.get(meeting.get_absolute_url()).content.decode()

    due = (timezone.localdate(meeting.starts_at) - datetime.timedelta(days=7)).strftime("%-d %B %Y")
    assert f"Publish the agenda by {due}" in body
    assert publish_url(meeting) in body


def test_a_late_agenda_is_marked_late(client, secretary, forum):
    soon = factories.MeetingFactory(
        forum=forum, number=4, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    factories.AgendaItemFactory(meeting=soon)
    client.force_login(secretary)

    body = client.get(soon.get_absolute_url()).content.decode()

    assert "Late" in body


def test_a_meeting_that_has_begun_no_longer_asks_for_the_agenda_so_citizens_can_prepare(
    client, secretary, forum
):
    begun = factories.MeetingFactory(
        forum=forum, number=5, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    factories.AgendaItemFactory(meeting=begun)
    client.force_login(secretary)

    body = client.get(begun.get_absolute_url()).content.decode()

    assert "so citizens can prepare" not in body and "Late" not in body
    assert "Not published before the meeting." in body
    assert publish_url(begun) in body  # still shows citizens what was discussed before the minutes


def test_the_secretary_publishes_from_the_meeting_page(client, secretary, meeting, agenda):
    client.force_login(secretary)

    response = client.post(publish_url(meeting), follow=True)

    assert Meeting.objects.get(pk=meeting.pk).agenda_is_published
    body = response.content.decode()
    assert "The agenda is published on the meeting&#x27;s public page." in body
    assert reverse("portal:meeting_detail", args=[meeting.pk]) in body
    assert publish_url(meeting) not in body


def test_a_refused_publication_names_the_record_on_the_meeting_page(
    client, secretary, meeting, restricted_concern
):
    factories.AgendaItemFactory(meeting=meeting, title="Case reported at the school gate")
    client.force_login(secretary)

    body = client.post(publish_url(meeting), follow=True).content.decode()

    assert f"concern #{restricted_concern.pk}" in body
    assert not Meeting.objects.get(pk=meeting.pk).agenda_is_published


def test_an_agenda_held_back_by_restricted_words_is_flagged_to_the_secretary(
    client, secretary, meeting, agenda, category
):
    copied = factories.ConcernFactory(meeting=meeting, category=category, summary="Break-ins on Rruga B")
    factories.AgendaItemFactory(meeting=meeting, title="Break-ins on Rruga B")
    services.publish_agenda(meeting=meeting, by=secretary)
    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)
    client.force_login(secretary)

    body = client.get(meeting.get_absolute_url()).content.decode()

    assert f"Citizens see no agenda now: an item title holds text of concern #{copied.pk}" in body


def test_a_restricted_title_added_after_publication_is_shown_on_the_form(
    client, secretary, meeting, agenda, restricted_concern
):
    services.publish_agenda(meeting=meeting, by=secretary)
    client.force_login(secretary)

    response = client.post(
        reverse("forums:agenda_item_add", args=[meeting.pk]), {"title": "Case reported at the school gate"}
    )

    assert response.status_code == 200
    assert f"concern #{restricted_concern.pk}" in str(response.context["form"].errors["title"])
    assert meeting.agenda_items.count() == 3


def test_a_restricted_title_edited_after_publication_is_shown_on_the_form(
    client, secretary, meeting, agenda, restricted_concern
):
    services.publish_agenda(meeting=meeting, by=secretary)
    client.force_login(secretary)

    response = client.post(
        reverse("forums:agenda_item_edit", args=[meeting.pk, agenda[0].pk]),
        {"title": "Case reported at the school gate", "discussion": ""},
    )

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    agenda[0].refresh_from_db()
    assert agenda[0].title == "A"


# --- Place and access notes on the staff forms ---------------------------------------------------


def test_the_secretary_records_address_and_access_when_scheduling(client, secretary, forum):
    client.force_login(secretary)

    client.post(
        reverse("forums:meeting_create", args=[forum.slug]),
        {
            "starts_at": "2027-03-05T18:00",
            "location": "Municipal hall",
            "address": "Rruga e Dëshmorëve 1",
            "step_free_access": "yes",
            "interpretation": "Albanian–Serbian",
            "access_notes": "Lift at the back",
            "is_public": "on",
            "repeat_monthly": "2",
        },
    )

    meetings = list(Meeting.objects.filter(forum=forum))
    assert len(meetings) == 2
    assert {(m.address, m.step_free_access, m.interpretation, m.access_notes) for m in meetings} == {
        ("Rruga e Dëshmorëve 1", "yes", "Albanian–Serbian", "Lift at the back")
    }


def test_the_secretary_edits_address_and_access(client, secretary, meeting):
    client.force_login(secretary)

    client.post(
        reverse("forums:meeting_edit", args=[meeting.pk]),
        {
            "starts_at": "2027-03-05T18:00",
            "location": "Municipal hall",
            "address": "Sheshi 2",
            "step_free_access": "no",
            "interpretation": "",
            "access_notes": "Three steps at the door",
            "is_public": "on",
            "status": "planned",
        },
    )

    meeting.refresh_from_db()
    assert (meeting.address, meeting.step_free_access, meeting.access_notes) == (
        "Sheshi 2",
        "no",
        "Three steps at the door",
    )
    assert meeting.history.order_by("-history_date").first().history_user == secretary


def test_an_unknown_step_free_answer_is_refused(client, secretary, meeting):
    client.force_login(secretary)

    response = client.post(
        reverse("forums:meeting_edit", args=[meeting.pk]),
        {
            "starts_at": "2027-03-05T18:00",
            "location": "Hall",
            "step_free_access": "maybe",
            "status": "planned",
        },
    )

    assert "step_free_access" in response.context["form"].errors


def test_only_the_secretary_learns_which_record_holds_the_agenda_back(
    client, secretary, member, meeting, agenda, category
):
    copied = factories.ConcernFactory(meeting=meeting, category=category, summary="Break-ins on Rruga B")
    factories.AgendaItemFactory(meeting=meeting, title="Break-ins on Rruga B")
    services.publish_agenda(meeting=meeting, by=secretary)
    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)
    client.force_login(member)

    body = client.get(meeting.get_absolute_url()).content.decode()

    assert f"concern #{copied.pk}" not in body
    assert publish_url(meeting) not in body
