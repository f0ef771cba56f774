import datetime
import zoneinfo

import pytest

from forums import services
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Meeting
from tests import factories

PRISHTINA = zoneinfo.ZoneInfo("Europe/Belgrade")


def at(year, month, day, hour=18):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=PRISHTINA)


def test_secretary_schedules_a_meeting_numbered_after_the_last(forum, secretary):
    factories.MeetingFactory(forum=forum, number=7)

    [meeting] = services.schedule_meeting(
        forum=forum, by=secretary, starts_at=at(2026, 12, 3), location="Salla e Kuvendit"
    )

    assert meeting.number == 8
    assert meeting.series is None
    assert meeting.status == Meeting.PLANNED


def test_a_monthly_series_keeps_the_day_and_clamps_short_months(forum, secretary):
    meetings = services.schedule_meeting(
        forum=forum, by=secretary, starts_at=at(2027, 1, 31), location="Shkolla", repeat_monthly=3
    )

    assert [m.starts_at.date() for m in meetings] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
    ]
    assert [m.number for m in meetings] == [1, 2, 3]
    assert len({m.series for m in meetings}) == 1 and meetings[0].series is not None


def test_a_series_member_can_be_edited_alone(forum, secretary):
    first, second = services.schedule_meeting(
        forum=forum, by=secretary, starts_at=at(2027, 1, 10), location="Shkolla", repeat_monthly=2
    )
    services.update_meeting(meeting=second, by=secretary, location="Biblioteka")

    first.refresh_from_db()
    assert first.location == "Shkolla"
    assert Meeting.objects.get(pk=second.pk).location == "Biblioteka"


def test_series_length_is_bounded(forum, secretary):
    with pytest.raises(ForumError) as error:
        services.schedule_meeting(
            forum=forum, by=secretary, starts_at=at(2027, 1, 1), location="x", repeat_monthly=99
        )
    assert error.value.field == "repeat_monthly"


@pytest.mark.parametrize("role", ["chair", "police_liaison", "member", "outsider"])
def test_only_the_secretary_schedules_meetings(role, personas, forum):
    with pytest.raises(ForumError, match="Only the forum's secretary can record"):
        services.schedule_meeting(
            forum=forum, by=getattr(personas, role), starts_at=at(2027, 1, 1), location="x"
        )


def test_update_meeting_refuses_unknown_fields(meeting, secretary):
    with pytest.raises(ForumError, match="These fields cannot be changed: forum_id"):
        services.update_meeting(meeting=meeting, by=secretary, forum_id=99)


def test_agenda_items_append_reorder_move_and_remove(meeting, secretary):
    a = services.add_agenda_item(meeting=meeting, by=secretary, title="Hapja")
    b = services.add_agenda_item(meeting=meeting, by=secretary, title="Trafiku")
    c = services.add_agenda_item(meeting=meeting, by=secretary, title="Të ndryshme")

    services.reorder_agenda(meeting=meeting, by=secretary, item_ids=[c.pk, a.pk, b.pk])
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Të ndryshme", "Hapja", "Trafiku"]

    services.move_agenda_item(item=meeting.agenda_items.get(pk=b.pk), by=secretary, offset=-1)
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [c.pk, b.pk, a.pk]

    services.remove_agenda_item(item=meeting.agenda_items.get(pk=c.pk), by=secretary)
    assert list(meeting.agenda_items.values_list("position", "pk")) == [(0, b.pk), (1, a.pk)]


def test_reorder_with_a_foreign_item_is_refused(meeting, secretary):
    mine = services.add_agenda_item(meeting=meeting, by=secretary, title="Hapja")
    foreign = factories.AgendaItemFactory()

    with pytest.raises(ForumError, match="The new order must list each"):
        services.reorder_agenda(meeting=meeting, by=secretary, item_ids=[foreign.pk])
    with pytest.raises(ForumError, match="The new order must list each"):
        services.reorder_agenda(meeting=meeting, by=secretary, item_ids=[mine.pk, mine.pk])


def test_attendance_is_recorded_and_quorum_derived(meeting, secretary, chair, police_liaison):
    forum = meeting.forum
    forum.quorum = 2
    forum.save()
    present = list(forum.memberships.filter(user__in=[secretary, chair]))

    services.record_attendance(
        meeting=meeting,
        by=secretary,
        members_present=present,
        citizens_women=4,
        citizens_men=9,
        citizens_youth=3,
    )

    meeting.refresh_from_db()
    assert meeting.citizens_total == 13
    assert meeting.quorum_met()
    services.record_attendance(
        meeting=meeting,
        by=secretary,
        members_present=present[:1],
        citizens_women=0,
        citizens_men=0,
        citizens_youth=0,
    )
    assert not meeting.quorum_met()


def test_attendance_refuses_youth_beyond_citizens_and_foreign_members(meeting, secretary, outsider):
    with pytest.raises(ForumError, match="Youth are counted among the women") as error:
        services.record_attendance(
            meeting=meeting,
            by=secretary,
            members_present=[],
            citizens_women=1,
            citizens_men=1,
            citizens_youth=3,
        )
    assert error.value.field == "citizens_youth"

    with pytest.raises(ForumError, match="Only members of this forum can"):
        services.record_attendance(
            meeting=meeting,
            by=secretary,
            members_present=list(outsider.memberships.all()),
            citizens_women=0,
            citizens_men=0,
            citizens_youth=0,
        )


def test_concern_visibility_defaults_from_its_category(meeting, secretary, category, restricted_category):
    public = services.log_concern(
        meeting=meeting, by=secretary, category=category, summary="Semafor i prishur"
    )
    restricted = services.log_concern(
        meeting=meeting, by=secretary, category=restricted_category, summary="Rast", details="..."
    )

    assert public.visibility == Concern.PUBLIC
    assert restricted.visibility == Concern.RESTRICTED
    assert restricted.created_by == secretary


def test_the_secretary_may_override_the_default_visibility(meeting, secretary, category):
    concern = services.log_concern(
        meeting=meeting, by=secretary, category=category, summary="x", visibility=Concern.RESTRICTED
    )
    assert concern.is_restricted


def test_concern_under_another_meetings_agenda_item_is_refused(meeting, secretary, category):
    foreign_item = factories.AgendaItemFactory()
    with pytest.raises(ForumError, match="The agenda item belongs to another"):
        services.log_concern(
            meeting=meeting, by=secretary, category=category, summary="x", agenda_item=foreign_item
        )


def test_changes_are_recorded_with_who_and_what(meeting, secretary, category):
    concern = services.log_concern(meeting=meeting, by=secretary, category=category, summary="Para")
    services.update_concern(concern=concern, by=secretary, summary="Pas")

    history = list(concern.history.order_by("history_date"))
    assert [h.summary for h in history] == ["Para", "Pas"]
    assert history[-1].history_type == "~"
    assert {h.history_user for h in history} == {secretary}
    delta = history[-1].diff_against(history[0])
    assert [change.field for change in delta.changes] == ["summary"]


def test_police_liaison_cannot_log_concerns(meeting, police_liaison, category):
    with pytest.raises(ForumError, match="Only the forum's secretary can record"):
        services.log_concern(meeting=meeting, by=police_liaison, category=category, summary="x")
