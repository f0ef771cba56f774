"""The staff "My actions" list: who sees what, the filters, the restricted summaries, the CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("actions:my_actions")
CSV_URL = reverse("actions:my_actions_csv")
PASSWORD = "correct-horse-battery"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def titles(response):
    return [action.title for action, _summary in response.context["rows"]]


def reauthenticate(client):
    """Enter the password again, as allauth asks before a sensitive export."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def world(meeting, police_unit, directorate, police_liaison, municipal_officer, restricted_concern):
    return {
        "late": factories.ActionFactory(
            meeting=meeting, title="Late patrol", responsible_body=police_unit, due_date=days(-2)
        ),
        "soon": factories.ActionFactory(
            meeting=meeting,
            title="Patrol this week",
            responsible_body=police_unit,
            assignee=police_liaison,
            due_date=days(3),
            concern=restricted_concern,
        ),
        "later": factories.ActionFactory(
            meeting=meeting, title="Patrol later", responsible_body=police_unit, due_date=days(40)
        ),
        "done_late": factories.ActionFactory(
            meeting=meeting,
            title="Done long ago",
            responsible_body=police_unit,
            due_date=days(-9),
            status=Action.DONE,
        ),
        "officer": factories.ActionFactory(
            meeting=meeting,
            title="Fix the street lights",
            responsible_body=directorate,
            assignee=municipal_officer,
            due_date=days(10),
        ),
        "directorate": factories.ActionFactory(
            meeting=meeting, title="Repaint the crossing", responsible_body=directorate, due_date=days(12)
        ),
    }


def test_the_police_liaison_sees_the_police_actions_of_the_forum_and_none_of_the_municipality(
    client, police_liaison, world
):
    client.force_login(police_liaison)
    response = client.get(URL, {"status": "any"})
    assert response.status_code == 200
    assert set(titles(response)) == {"Late patrol", "Patrol this week", "Patrol later", "Done long ago"}


def test_the_municipal_officer_sees_only_their_own_actions(client, municipal_officer, world):
    client.force_login(municipal_officer)
    response = client.get(URL)
    assert titles(response) == ["Fix the street lights"]
    assert "Repaint the crossing" not in response.content.decode()


def test_the_secretary_sees_every_action_of_the_forum(client, secretary, world):
    client.force_login(secretary)
    assert len(titles(client.get(URL, {"status": "any"}))) == 6


def test_the_list_starts_with_the_work_still_to_do_soonest_due_first(client, police_liaison, world):
    client.force_login(police_liaison)
    response = client.get(URL)
    assert titles(response) == ["Late patrol", "Patrol this week", "Patrol later"]
    assert response.context["filter"].form["status"].value() == "active"


def test_a_new_assignment_is_on_the_first_page_however_many_actions_are_done(
    client, police_liaison, meeting, police_unit
):
    for n in range(30):
        factories.ActionFactory(
            meeting=meeting, responsible_body=police_unit, status=Action.DONE, due_date=days(-100 + n)
        )
    factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, title="Just assigned", due_date=days(20)
    )
    client.force_login(police_liaison)
    assert titles(client.get(URL)) == ["Just assigned"]


def test_every_status_is_one_tap_away(client, police_liaison, world):
    client.force_login(police_liaison)
    body = client.get(URL).content.decode()
    for query in ["status=active", "status=active&amp;due=overdue", "status=done", "status=any"]:
        assert f'href="?{query}"' in body
    assert 'href="?status=active" aria-current="true"' in body
    assert titles(client.get(URL, {"status": "done"})) == ["Done long ago"]


def test_the_export_link_carries_the_filters_the_page_shows(client, police_liaison, world):
    client.force_login(police_liaison)
    body = client.get(URL).content.decode()
    assert f'href="{CSV_URL}?status=active"' in body


def test_overdue_filter_keeps_only_unfinished_actions_past_their_due_date(client, police_liaison, world):
    client.force_login(police_liaison)
    assert titles(client.get(URL, {"due": "overdue"})) == ["Late patrol"]
    assert titles(client.get(URL, {"due": "this_week"})) == ["Patrol this week"]
    assert titles(client.get(URL, {"due": "later"})) == ["Patrol later"]


def test_overdue_rows_carry_an_overdue_badge(client, police_liaison, world):
    client.force_login(police_liaison)
    body = client.get(URL, {"due": "overdue"}).content.decode()
    assert "badge-overdue" in body


def test_status_body_and_forum_filters(client, secretary, forum, world, directorate):
    client.force_login(secretary)
    assert titles(client.get(URL, {"status": "done"})) == ["Done long ago"]
    assert set(titles(client.get(URL, {"responsible_body": directorate.pk}))) == {
        "Fix the street lights",
        "Repaint the crossing",
    }
    assert len(titles(client.get(URL, {"forum": forum.pk, "status": "any"}))) == 6


def test_forum_and_body_choices_are_only_those_of_the_users_own_actions(
    client, municipal_officer, world, other_forum, police_unit
):
    client.force_login(municipal_officer)
    form = client.get(URL).context["filter"].form
    assert [forum.name for forum in form.fields["forum"].queryset] == ["KKSB Prishtinë"]
    assert police_unit not in form.fields["responsible_body"].queryset


def test_a_forum_the_user_has_no_actions_in_is_refused_as_a_choice(
    client, municipal_officer, world, other_forum
):
    client.force_login(municipal_officer)
    response = client.get(URL, {"forum": other_forum.pk})
    assert response.status_code == 200
    assert "forum" in response.context["filter"].form.errors


def test_a_restricted_concern_shows_only_its_category_to_someone_who_may_not_see_it(
    client, municipal_officer, meeting, directorate, restricted_concern
):
    factories.ActionFactory(
        meeting=meeting, responsible_body=directorate, assignee=municipal_officer, concern=restricted_concern
    )
    client.force_login(municipal_officer)
    body = client.get(URL).content.decode()
    assert restricted_concern.category.name in body
    assert "Restricted" in body
    assert restricted_concern.summary not in body
    assert restricted_concern.details not in body


def test_the_police_liaison_reads_the_restricted_concerns_summary(client, police_liaison, world):
    client.force_login(police_liaison)
    assert "Case reported at the school gate" in client.get(URL).content.decode()


def test_a_public_concerns_summary_is_shown(client, police_liaison, meeting, police_unit, public_concern):
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit, concern=public_concern)
    client.force_login(police_liaison)
    assert "Cars speed near the school" in client.get(URL).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_list_is_paginated(client, secretary, meeting, police_unit):
    for _ in range(30):
        factories.ActionFactory(meeting=meeting, responsible_body=police_unit)
    client.force_login(secretary)
    first = client.get(URL)
    assert len(first.context["rows"]) == 25
    assert len(client.get(URL, {"page": 2}).context["rows"]) == 5


def test_a_bad_page_number_or_filter_value_is_no_error(client, secretary, world):
    client.force_login(secretary)
    assert client.get(URL, {"page": "x", "due": "never", "status": "zzz", "forum": "abc"}).status_code == 200


@pytest.mark.parametrize("count", [3, 24])
def test_query_count_does_not_grow_with_rows(
    client,
    secretary,
    meeting,
    police_unit,
    category,
    restricted_category,
    count,
    django_assert_max_num_queries,
):
    for n in range(count):
        concern = factories.ConcernFactory(
            meeting=meeting,
            category=restricted_category if n % 2 else category,
            visibility="restricted" if n % 2 else "public",
        )
        factories.ActionFactory(
            meeting=meeting, responsible_body=police_unit, assignee=secretary, concern=concern
        )
    client.force_login(secretary)
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"status": "open"})
    assert len(response.context["rows"]) == count


def test_the_export_asks_for_the_password_again(client, secretary, world):
    client.force_login(secretary)
    response = client.get(CSV_URL)
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_the_export_has_the_filtered_rows_and_no_restricted_summary(client, police_liaison, world):
    client.force_login(police_liaison)
    reauthenticate(client)
    response = client.get(CSV_URL, {"due": "this_week"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == [str(world["soon"].pk)]
    assert rows[0]["title"] == ""
    assert rows[0]["restricted"] == "yes"
    assert rows[0]["visibility"] == "restricted"
    assert rows[0]["concern_summary"] == ""
    assert "Case reported at the school gate" not in text
    assert "address known" not in text


def test_the_export_without_a_status_keeps_every_status(client, police_liaison, world):
    """The CSV export applies its own explicit filters, not the page's default."""
    client.force_login(police_liaison)
    reauthenticate(client)
    rows = list(csv.DictReader(io.StringIO(client.get(CSV_URL).content.decode("utf-8-sig"))))
    assert str(world["done_late"].pk) in [row["id"] for row in rows]


def test_the_municipal_officer_exports_only_their_own_actions(client, municipal_officer, world):
    client.force_login(municipal_officer)
    reauthenticate(client)
    rows = list(csv.DictReader(io.StringIO(client.get(CSV_URL).content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Fix the street lights"]


def test_a_formula_in_a_title_is_defused_in_the_export(client, secretary, meeting, police_unit):
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit, title="=HYPERLINK(1)")
    client.force_login(secretary)
    reauthenticate(client)
    rows = list(csv.DictReader(io.StringIO(client.get(CSV_URL).content.decode("utf-8-sig"))))
    assert rows[0]["title"] == "'=HYPERLINK(1)"


def test_the_nav_and_dashboard_link_to_my_actions(client, municipal_officer):
    client.force_login(municipal_officer)
    body = client.get(reverse("forums:dashboard")).content.decode()
    assert body.count(f'href="{URL}"') >= 2
