import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.models import ActionUpdate
from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def create_url(meeting):
    return reverse("actions:action_create", args=[meeting.pk])


@pytest.fixture
def valid(meeting, police_unit, police_liaison):
    due = timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=14)
    return {
        "title": "Patrol near the school at 07:30",
        "responsible_body": police_unit.pk,
        "assignee": police_liaison.pk,
        "due_date": due.isoformat(),
        "priority": "high",
    }


@pytest.fixture
def action(meeting, police_unit, police_liaison):
    return factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)


def test_secretary_assigns_an_action_answering_a_concern(client, secretary, meeting, public_concern, valid):
    client.force_login(secretary)
    response = client.post(create_url(meeting), {**valid, "concern": public_concern.pk})
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.concern, action.priority, action.created_by) == (public_concern, "high", secretary)
    public_concern.refresh_from_db()
    assert public_concern.status == "in_progress"


def test_due_date_before_the_meeting_is_refused_next_to_the_field(client, secretary, meeting, valid):
    client.force_login(secretary)
    before = timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=1)
    response = client.post(create_url(meeting), {**valid, "due_date": before.isoformat()})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["due_date"]
    assert valid["title"] in response.content.decode()
    assert not Action.objects.exists()


def test_assignee_who_is_not_a_member_is_refused(client, secretary, meeting, outsider, valid):
    client.force_login(secretary)
    response = client.post(create_url(meeting), {**valid, "assignee": outsider.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["assignee"] == ["The assignee must be a member of this forum."]
    assert not Action.objects.exists()


def test_body_of_another_municipality_and_foreign_concern_are_refused(
    client, secretary, meeting, other_forum, valid
):
    foreign_body = factories.ResponsibleBodyFactory(municipality=other_forum.municipality)
    foreign_concern = factories.ConcernFactory(meeting=factories.MeetingFactory(forum=other_forum))
    client.force_login(secretary)
    response = client.post(
        create_url(meeting), {**valid, "responsible_body": foreign_body.pk, "concern": foreign_concern.pk}
    )
    assert response.status_code == 200
    assert {"responsible_body", "concern"} <= set(response.context["form"].errors)


def test_garbage_in_every_field_gives_messages_not_a_500(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(
        create_url(meeting),
        {"title": "", "responsible_body": "x", "assignee": "-1", "due_date": "31/02/2026", "priority": "max"},
    )
    assert response.status_code == 200
    assert {"title", "responsible_body", "assignee", "due_date", "priority"} <= set(
        response.context["form"].errors
    )


def test_outsider_gets_404_on_action_create(client, outsider, meeting, valid):
    client.force_login(outsider)
    assert client.post(create_url(meeting), valid).status_code == 404


def test_police_liaison_gets_403_on_action_create(client, police_liaison, meeting, valid):
    client.force_login(police_liaison)
    assert client.post(create_url(meeting), valid).status_code == 403


def test_anonymous_is_sent_to_login_from_action_create(client, meeting):
    assert client.get(create_url(meeting)).status_code == 302


def test_police_liaison_sees_police_action_and_restricted_concern_details(
    client, police_liaison, action, restricted_concern
):
    action.concern = restricted_concern
    action.save()
    client.force_login(police_liaison)
    response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    assert restricted_concern.details in response.content.decode()


def test_municipal_officer_sees_own_action_but_not_restricted_concern_text(
    client, municipal_officer, meeting, directorate, restricted_concern
):
    # Assigned before the concern was restricted: the officer keeps category, dates and status only.
    action = factories.ActionFactory(
        meeting=meeting, responsible_body=directorate, assignee=municipal_officer, concern=restricted_concern
    )
    client.force_login(municipal_officer)
    content = client.get(action.get_absolute_url()).content.decode()
    assert action.title not in content
    assert restricted_concern.category.name in content
    assert restricted_concern.summary not in content
    assert restricted_concern.details not in content


def test_municipal_officer_gets_404_on_others_actions(client, municipal_officer, action):
    client.force_login(municipal_officer)
    assert client.get(action.get_absolute_url()).status_code == 404


def test_outsider_gets_404_on_action(client, outsider, action):
    client.force_login(outsider)
    assert client.get(action.get_absolute_url()).status_code == 404


def test_anonymous_is_sent_to_login_from_action(client, action):
    assert client.get(action.get_absolute_url()).status_code == 302


def test_assignee_posts_an_update_and_closes_the_action(client, police_liaison, action):
    client.force_login(police_liaison)
    response = client.post(
        reverse("actions:action_update", args=[action.pk]),
        {"note": "Patrols run daily", "new_status": "done", "is_public": "on"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert ActionUpdate.objects.get().is_public


def test_a_restricted_actions_update_form_offers_no_public_box_and_says_why(
    client, police_liaison, action, restricted_concern
):
    action.concern = restricted_concern
    action.save()
    client.force_login(police_liaison)
    response = client.get(action.get_absolute_url())
    page = response.content.decode()
    assert "is_public" not in response.context["update_form"].fields
    assert 'name="is_public"' not in page
    assert page.count("its updates are never public") == 1
    assert 'class="badge badge-restricted"' in page


def test_a_public_actions_page_has_the_public_box_and_no_restricted_badge(client, police_liaison, action):
    client.force_login(police_liaison)
    page = client.get(action.get_absolute_url()).content.decode()
    assert 'name="is_public"' in page
    assert "badge-restricted" not in page


def test_an_update_sent_as_public_on_a_restricted_action_is_posted_internal(
    client, secretary, action, restricted_concern
):
    # A page loaded before the action became restricted may still send the box.
    action.concern = restricted_concern
    action.save()
    client.force_login(secretary)
    response = client.post(
        reverse("actions:action_update", args=[action.pk]), {"note": "Visited", "is_public": "on"}
    )
    assert response.status_code == 302
    assert not ActionUpdate.objects.get().is_public


def test_empty_note_and_unknown_status_are_refused(client, secretary, action):
    client.force_login(secretary)
    response = client.post(
        reverse("actions:action_update", args=[action.pk]), {"note": "", "new_status": "x"}
    )
    assert {"note", "new_status"} <= set(response.context["update_form"].errors)


def test_chair_can_see_but_gets_403_on_update_and_reassign(client, chair, action):
    client.force_login(chair)
    assert client.get(action.get_absolute_url()).status_code == 200
    assert client.post(reverse("actions:action_update", args=[action.pk]), {"note": "x"}).status_code == 403
    assert client.get(reverse("actions:action_reassign", args=[action.pk])).status_code == 403


def test_secretary_reassigns_to_a_directorate(client, secretary, action, directorate, municipal_officer):
    client.force_login(secretary)
    response = client.post(
        reverse("actions:action_reassign", args=[action.pk]),
        {
            "title": action.title,
            "priority": action.priority,
            "responsible_body": directorate.pk,
            "assignee": municipal_officer.pk,
            "due_date": action.due_date.isoformat(),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.responsible_body, action.assignee) == (directorate, municipal_officer)


def test_police_liaison_may_reassign_only_among_police_units(client, police_liaison, action, directorate):
    client.force_login(police_liaison)
    response = client.post(
        reverse("actions:action_reassign", args=[action.pk]),
        {"responsible_body": directorate.pk, "due_date": action.due_date.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["responsible_body"] == [
        "Police liaison officers can reassign only among police units."
    ]
    action.refresh_from_db()
    assert action.responsible_body.is_police


def test_reassign_keeps_typed_values_on_bad_due_date(client, secretary, action, meeting, police_unit):
    client.force_login(secretary)
    before = timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=5)
    response = client.post(
        reverse("actions:action_reassign", args=[action.pk]),
        {"responsible_body": police_unit.pk, "due_date": before.isoformat()},
    )
    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors
    assert f'value="{before.isoformat()}"' in response.content.decode()


def test_outsider_gets_404_on_reassign_and_update(client, outsider, action):
    client.force_login(outsider)
    assert client.get(reverse("actions:action_reassign", args=[action.pk])).status_code == 404
    assert client.post(reverse("actions:action_update", args=[action.pk]), {"note": "x"}).status_code == 404
