"""A record's words copied into an agenda, then corrected, then restricted: the agenda still holds
the old words, so it is refused at publication and leaves every public surface (privacy rule 8)."""

import pytest
from django.urls import reverse

from actions import services as action_services
from forums import escalation
from forums import privacy
from forums import services
from forums import visibility
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Meeting
from tests import factories
from tests.minutes_support import past_meeting

OLD = "ZZOLD the family at house 12 asked for help"
NEW = "ZZNEW a family asked for help"


def concern_worded(forum, category, text: str) -> Concern:
    return factories.ConcernFactory(meeting=past_meeting(forum), category=category, summary=text)


def action_worded(forum, category, police_unit, text: str):
    """A public action of an earlier meeting: an agenda follows earlier actions up by their titles."""
    meeting = past_meeting(forum)
    concern = factories.ConcernFactory(meeting=meeting, category=category)
    return factories.ActionFactory(meeting=meeting, concern=concern, title=text, responsible_body=police_unit)


def correct_then_restrict(record, *, by) -> None:
    """Through the services, as staff do: two saves, so the change history holds the old words."""
    if isinstance(record, Concern):
        services.update_concern(concern=record, by=by, summary=NEW)
        services.update_concern(concern=record, by=by, visibility=Concern.RESTRICTED)
        return
    reassign = {"responsible_body": record.responsible_body, "assignee": None, "due_date": record.due_date}
    action_services.reassign_action(action=record, by=by, title=NEW, **reassign)
    action_services.reassign_action(action=record, by=by, marked_restricted=True, **reassign)


@pytest.fixture(params=["concern", "action"])
def worded(request, forum, category, police_unit):
    """A record of the forum whose words are OLD, a concern's summary or an action's title."""
    if request.param == "concern":
        return concern_worded(forum, category, OLD)
    return action_worded(forum, category, police_unit, OLD)


def label(record) -> str:
    return f"{'concern' if isinstance(record, Concern) else 'action'} #{record.pk}"


def public_agenda_text(client, meeting) -> str:
    """The meeting as citizens read it: its page, its event, the calendar feed, the API's meeting and list."""
    client.logout()
    pages = [
        reverse("portal:meeting_detail", args=[meeting.pk]),
        reverse("portal:meeting_ics", args=[meeting.pk]),
        reverse("portal:meetings_ics"),
        f"/api/v1/meetings/{meeting.pk}/",
        "/api/v1/meetings/?page_size=100",
    ]
    texts = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_an_agenda_holding_words_a_restricted_record_had_before_its_correction_is_refused_naming_it(
    meeting, secretary, worded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        correct_then_restrict(worded, by=secretary)
    factories.AgendaItemFactory(meeting=meeting, title=f"Follow-up: {OLD.lower()}")

    with pytest.raises(ForumError, match=f"{label(worded)},"):
        services.publish_agenda(meeting=meeting, by=secretary)
    assert not Meeting.objects.get(pk=meeting.pk).agenda_is_published


def test_a_published_agenda_holding_a_records_old_words_leaves_the_public_once_the_record_is_restricted(
    client, meeting, secretary, worded, django_capture_on_commit_callbacks
):
    factories.AgendaItemFactory(meeting=meeting, title="Street lighting near the school")
    factories.AgendaItemFactory(meeting=meeting, title=OLD)
    services.publish_agenda(meeting=meeting, by=secretary)
    assert OLD in public_agenda_text(client, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        correct_then_restrict(worded, by=secretary)

    text = public_agenda_text(client, meeting)
    assert OLD not in text and NEW not in text
    assert "Street lighting near the school" not in text  # the whole agenda, not only the item
    assert "The agenda is being revised" in text


def test_an_escalated_concerns_old_words_count_in_the_council_that_got_it_after_the_correction(
    forum, meeting, secretary, category
):
    """The council's copy was made from the corrected summary: only the original's history holds OLD."""
    original = concern_worded(
        factories.ForumFactory(municipality=forum.municipality, kind="lpsc"), category, OLD
    )
    original.summary = NEW
    original.save()
    copy = escalation.escalation_copy(original, meeting=meeting, by=secretary)
    original.escalated_to = copy
    original.save()
    visibility.change_visibility(concern=original, visibility=Concern.RESTRICTED, by=secretary)

    found = privacy.restricted_text_in_agenda(meeting, f"Follow-up: {OLD}")

    assert found == [privacy.RestrictedRecord("concern", original.pk)]
    assert privacy.restricted_text_in_agenda(meeting, f"Follow-up: {NEW}") == [
        privacy.RestrictedRecord("concern", original.pk),
        privacy.RestrictedRecord("concern", copy.pk),
    ]


def test_the_old_words_of_many_forums_records_are_read_in_the_same_two_queries(
    category, police_unit, django_assert_num_queries
):
    """Public pages read every published agenda through the gate: its queries do not grow with history."""
    meetings = []
    for number in range(4):
        forum = factories.ForumFactory(municipality=police_unit.municipality)
        concern = concern_worded(forum, category, f"{OLD} concern {number}")
        action = action_worded(forum, category, police_unit, f"{OLD} action {number}")
        for version in range(3):
            concern.summary, action.title = f"{NEW} concern {version}", f"{NEW} action {version}"
            concern.save()
            action.save()
        concern.visibility, action.marked_restricted = Concern.RESTRICTED, True
        concern.save()
        action.save()
        coming = factories.MeetingFactory(forum=forum, number=100)
        copied = ("", f"{OLD} concern {number}", f"{OLD} action {number}", f"{NEW} action 1")[number]
        factories.AgendaItemFactory(meeting=coming, title=f"Street lighting. {copied}")
        meetings.append(coming)
    Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings]).update(
        agenda_published_at=meetings[0].starts_at
    )
    meetings = list(Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings]).order_by("pk"))

    with django_assert_num_queries(2):  # the items, then every restricted text of the forums
        agendas = privacy.public_agendas(meetings)

    assert list(agendas) == [meetings[0].pk]
