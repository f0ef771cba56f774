"""A concern restricted after other minutes quoted it: the quote is found, also as it was before a
correction, in a draft (refused, privacy rule 5) and in published versions of later meetings
(withdrawn and not published again, rule 6)."""

import pytest

from forums import services
from forums.errors import ForumError
from forums.minutes import services as minutes_services
from forums.models import Concern
from forums.models import Minutes
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.minutes_support import record_attendance_if_missing
from tests.privacy.support import public_text

OLD = "ZZOLD the family at house 12 asked for help"
NEW = "ZZNEW a family asked for help"


def test_a_draft_holding_the_summary_a_concern_had_before_its_correction_is_refused_once_restricted(
    forum, category, secretary
):
    meeting = past_meeting(forum)
    concern = factories.ConcernFactory(meeting=meeting, category=category, summary=OLD)
    minutes = minutes_services.start_minutes(meeting=meeting, by=secretary)
    minutes_services.edit_minutes(
        minutes=minutes, by=secretary, narrative=f"The forum heard: {OLD}.", decisions=minutes.decisions
    )
    record_attendance_if_missing(meeting)

    services.update_concern(concern=concern, by=secretary, summary=NEW)
    services.update_concern(concern=concern, by=secretary, visibility=Concern.RESTRICTED)

    with pytest.raises(ForumError, match=f"concern #{concern.pk}"):
        minutes_services.submit_minutes(minutes=minutes, by=secretary)


@pytest.mark.parametrize("corrected", [False, True], ids=["as-quoted", "corrected-since"])
def test_later_minutes_that_quoted_a_summary_are_withdrawn_and_not_republished_when_the_concern_is_restricted(
    client, forum, category, secretary, chair, django_capture_on_commit_callbacks, corrected
):
    """The later minutes are another meeting's: publishing them again must still find the quote."""
    meeting = past_meeting(forum, days_ago=10)
    concern = factories.ConcernFactory(meeting=meeting, category=category, summary=OLD)
    for sitting, narrative in (
        (meeting, "First sitting"),
        (past_meeting(forum, days_ago=2), f"Again: {OLD}"),
    ):
        later = publish(
            approved_minutes(sitting, secretary=secretary, chair=chair, narrative=narrative),
            by=secretary,
            capture=django_capture_on_commit_callbacks,
        )
    if corrected:
        services.update_concern(concern=concern, by=secretary, summary=NEW)
    assert OLD in public_text(client, [later.meeting_id], search=OLD)  # published versions never change

    with django_capture_on_commit_callbacks(execute=True):
        services.update_concern(concern=concern, by=secretary, visibility=Concern.RESTRICTED)

    assert not later.versions.filter(number=1, withdrawn_at__isnull=True).exists()
    later.refresh_from_db()
    assert later.status == Minutes.DRAFT  # sent back to the secretary, not published again
    assert f"concern #{concern.pk}" in later.return_comment
    text = public_text(client, [meeting.pk, later.meeting_id], search=OLD)
    assert OLD not in text and NEW not in text
