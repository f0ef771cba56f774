"""The staff pages of the benchmark run a fixed number of queries, whatever the size of a forum's history.

Issue 14 asks for at most ten queries a page. My actions and the dashboard keep to it, for every
role; the secretary's meeting page does not yet (README, Performance). The dashboard reads each
role's queues (issue 11: meetings to mark held, minutes to write, fix or approve, renders that
failed, actions overdue and due this week, citizens' submissions) in one query per model
(forum_site/lib/queues.py), so holding more roles adds no query. The meeting page, where a meeting
is recorded in place (issue 11), shows its agenda, attendance, concerns, actions and the follow-up
of earlier ones, logs the restricted text it shows, and offers three forms whose choice lists are
read once each (the meeting itself is read with whether its minutes are started and its forum's
meetings around it). Their counts are fixed all the same, and checked here at two sizes.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from forums.models import Concern
from forums.models import Membership
from tests import factories
from tests.minutes_support import past_meeting

BUDGETS = {"dashboard": 10, "my actions": 10, "meeting page": 17}


@pytest.fixture
def history(forum, secretary, police_liaison, police_unit, category, restricted_category):
    """Add `n` earlier meetings, each with public and restricted concerns, actions in every status
    (assigned to the police liaison, some overdue) and public updates; answer the latest meeting."""
    statuses = [Action.OPEN, Action.IN_PROGRESS, Action.DONE, Action.CANCELLED]

    def add(n: int):
        for index in range(n):
            meeting = past_meeting(forum, days_ago=40 + index)
            for position in range(3):
                restricted = position == 2
                concern = factories.ConcernFactory(
                    meeting=meeting,
                    category=restricted_category if restricted else category,
                    visibility=Concern.RESTRICTED if restricted else Concern.PUBLIC,
                )
                action = factories.ActionFactory(
                    meeting=meeting,
                    concern=concern,
                    responsible_body=police_unit,
                    assignee=police_liaison,
                    # Restricted ones open: every size has restricted text to show (and log).
                    status=Action.OPEN if restricted else statuses[(index + position) % 4],
                    due_date=timezone.localdate() + datetime.timedelta(days=position * 10 - 10),
                )
                factories.ActionUpdateFactory(action=action, note="Në proces", is_public=True)
        return past_meeting(forum, days_ago=1)

    return add


def dashboard_url(meeting):
    return reverse("forums:dashboard")


# Page, persona: each role reads its own queues on the dashboard, within the same budget.
PAGES = {
    ("dashboard", "secretary"): dashboard_url,
    ("dashboard", "chair"): dashboard_url,
    ("dashboard", "police_liaison"): dashboard_url,
    ("dashboard", "member"): dashboard_url,
    ("dashboard", "municipal_officer"): dashboard_url,
    ("my actions", "police_liaison"): lambda meeting: reverse("actions:my_actions"),
    ("meeting page", "secretary"): lambda meeting: reverse("forums:meeting_detail", args=[meeting.pk]),
}


@pytest.mark.parametrize(("page", "persona"), PAGES)
def test_staff_page_queries_do_not_grow_with_the_forums_history(
    client, history, personas, page, persona, django_assert_max_num_queries
):
    url_of = PAGES[page, persona]
    client.force_login(getattr(personas, persona))
    counts = []
    for size in (2, 12):
        url = url_of(history(size))
        client.get(url)  # the session notes its start once
        with django_assert_max_num_queries(BUDGETS[page]) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_the_dashboard_of_a_secretary_who_also_chairs_another_forum_keeps_to_the_budget(
    client, history, secretary, other_forum, django_assert_max_num_queries
):
    factories.MembershipFactory(user=secretary, forum=other_forum, role=Membership.CHAIR)
    history(3)
    client.force_login(secretary)
    url = reverse("forums:dashboard")
    client.get(url)

    with django_assert_max_num_queries(BUDGETS["dashboard"]):
        response = client.get(url)

    # Both roles' queues are there.
    assert response.context["minutes_to_approve"] == []
    assert response.context["meetings_to_mark"]["total"] == 0
