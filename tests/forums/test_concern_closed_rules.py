"""The services refuse on a closed concern what its page hides: a second closing, an escalation."""

import datetime

import pytest
from django.utils import timezone

from forums import escalation
from forums import services
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Forum
from tests import factories


@pytest.fixture
def closed_concern(meeting, category, secretary):
    concern = factories.ConcernFactory(meeting=meeting, category=category)
    services.close_concern(concern=concern, by=secretary, reason=Concern.RESOLVED)
    return concern


def test_closing_a_closed_concern_is_refused_and_keeps_the_first_reason(closed_concern, secretary):
    first_closed_at = Concern.objects.get(pk=closed_concern.pk).closed_at

    with pytest.raises(ForumError, match="already closed"):
        services.close_concern(
            concern=closed_concern, by=secretary, reason=Concern.REFERRED, referred_to="Qendra Sociale"
        )

    closed_concern.refresh_from_db()
    assert (closed_concern.closing_reason, closed_concern.closed_at) == (Concern.RESOLVED, first_closed_at)


def test_a_reopened_concern_can_be_closed_again(closed_concern, secretary):
    services.reopen_concern(concern=closed_concern, by=secretary)
    services.close_concern(concern=closed_concern, by=secretary, reason=Concern.NO_FURTHER_ACTION)
    assert Concern.objects.get(pk=closed_concern.pk).closing_reason == Concern.NO_FURTHER_ACTION


def test_a_closed_local_concern_is_not_escalated(forum, category):
    lpsc = factories.ForumFactory(municipality=forum.municipality, kind=Forum.LPSC, slug="klsp")
    lpsc_secretary = factories.UserFactory(username="lpsc-sec")
    factories.MembershipFactory(user=lpsc_secretary, forum=lpsc, role="secretary")
    factories.MeetingFactory(forum=forum, number=1, starts_at=timezone.now() + datetime.timedelta(days=9))
    concern = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=lpsc, number=1), category=category
    )
    services.close_concern(concern=concern, by=lpsc_secretary, reason=Concern.RESOLVED)

    with pytest.raises(ForumError, match="closed concern cannot be escalated"):
        escalation.escalate_concern(concern=concern, by=lpsc_secretary)

    concern.refresh_from_db()
    assert concern.escalated_to is None and concern.closing_reason == Concern.RESOLVED
    assert not Concern.objects.filter(meeting__forum=forum).exists()
