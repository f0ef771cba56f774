import pytest
from django.urls import reverse

from forums.models import AgendaItem
from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def test_secretary_adds_an_item_at_the_end(client, secretary, meeting, agenda):
    client.force_login(secretary)
    response = client.post(reverse("forums:agenda_item_add", args=[meeting.pk]), {"title": "D"})
    assert response.status_code == 302
    assert titles(meeting) == ["A", "B", "C", "D"]


def test_empty_title_is_refused_on_its_own_page(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(
        reverse("forums:agenda_item_add", args=[meeting.pk]), {"title": "", "discussion": "kept text"}
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "kept text" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_secretary_edits_an_item(client, secretary, meeting, agenda):
    client.force_login(secretary)
    url = reverse("forums:agenda_item_edit", args=[meeting.pk, agenda[1].pk])
    client.post(url, {"title": "B2", "discussion": "Police reported fewer thefts."})
    agenda[1].refresh_from_db()
    assert (agenda[1].title, agenda[1].discussion) == ("B2", "Police reported fewer thefts.")


def test_item_of_another_meeting_is_404(client, secretary, forum, meeting):
    other_meeting_item = factories.AgendaItemFactory(meeting=factories.MeetingFactory(forum=forum, number=2))
    client.force_login(secretary)
    url = reverse("forums:agenda_item_edit", args=[meeting.pk, other_meeting_item.pk])
    assert client.get(url).status_code == 404


def test_move_up_and_down(client, secretary, meeting, agenda):
    client.force_login(secretary)
    client.post(reverse("forums:agenda_item_move", args=[meeting.pk, agenda[2].pk]), {"direction": "up"})
    assert titles(meeting) == ["A", "C", "B"]
    client.post(reverse("forums:agenda_item_move", args=[meeting.pk, agenda[0].pk]), {"direction": "down"})
    assert titles(meeting) == ["C", "A", "B"]


def test_crafted_move_direction_is_a_message_not_an_error(client, secretary, meeting, agenda):
    client.force_login(secretary)
    url = reverse("forums:agenda_item_move", args=[meeting.pk, agenda[0].pk])
    response = client.post(url, {"direction": "sideways"}, follow=True)
    assert response.status_code == 200
    assert titles(meeting) == ["A", "B", "C"]
    assert len(list(response.context["messages"])) == 1


def test_move_needs_post(client, secretary, meeting, agenda):
    client.force_login(secretary)
    url = reverse("forums:agenda_item_move", args=[meeting.pk, agenda[0].pk])
    assert client.get(url).status_code == 405


def test_remove_asks_then_removes(client, secretary, meeting, agenda):
    client.force_login(secretary)
    url = reverse("forums:agenda_item_remove", args=[meeting.pk, agenda[1].pk])
    assert client.get(url).status_code == 200
    assert titles(meeting) == ["A", "B", "C"]
    client.post(url)
    assert titles(meeting) == ["A", "C"]


def test_reorder_with_a_list_of_ids(client, secretary, meeting, agenda):
    client.force_login(secretary)
    a, b, c = (item.pk for item in agenda)
    response = client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"order": f"{c}, {a}, {b}"})
    assert response.status_code == 302
    assert titles(meeting) == ["C", "A", "B"]


def test_reorder_with_repeated_item_fields(client, secretary, meeting, agenda):
    client.force_login(secretary)
    a, b, c = (item.pk for item in agenda)
    client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"item": [b, c, a]})
    assert titles(meeting) == ["B", "C", "A"]


def test_reorder_with_a_foreign_item_names_it_and_keeps_the_input(client, secretary, forum, meeting, agenda):
    foreign = factories.AgendaItemFactory(meeting=factories.MeetingFactory(forum=forum, number=2))
    client.force_login(secretary)
    a, b, _ = (item.pk for item in agenda)
    typed = f"{a}, {b}, {foreign.pk}"
    response = client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"order": typed})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["order"][0].code == "foreign"
    assert str(foreign.pk) in response.context["form"].errors["order"][0]
    assert f'value="{typed}"' in response.content.decode()
    assert titles(meeting) == ["A", "B", "C"]


def test_reorder_with_garbage_or_missing_items_is_refused(client, secretary, meeting, agenda):
    client.force_login(secretary)
    url = reverse("forums:agenda_reorder", args=[meeting.pk])
    a, b, _ = (item.pk for item in agenda)
    for order, code in [("one, two", "invalid"), (f"{a}, {b}", "incomplete"), (f"{a},{a},{b}", "incomplete")]:
        response = client.post(url, {"order": order})
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["order"][0].code == code
    assert titles(meeting) == ["A", "B", "C"]


def test_outsider_gets_404_on_every_agenda_endpoint(client, outsider, meeting, agenda):
    client.force_login(outsider)
    item = agenda[0].pk
    urls = [
        reverse("forums:agenda_item_add", args=[meeting.pk]),
        reverse("forums:agenda_item_edit", args=[meeting.pk, item]),
        reverse("forums:agenda_item_move", args=[meeting.pk, item]),
        reverse("forums:agenda_item_remove", args=[meeting.pk, item]),
        reverse("forums:agenda_reorder", args=[meeting.pk]),
    ]
    assert [client.post(url, {"title": "x", "direction": "up"}).status_code for url in urls] == [404] * 5
    assert titles(meeting) == ["A", "B", "C"]


def test_police_liaison_gets_403_on_agenda_changes(client, police_liaison, meeting, agenda):
    client.force_login(police_liaison)
    response = client.post(reverse("forums:agenda_item_add", args=[meeting.pk]), {"title": "D"})
    assert response.status_code == 403
    assert titles(meeting) == ["A", "B", "C"]


def test_anonymous_is_sent_to_login_from_agenda(client, meeting):
    response = client.post(reverse("forums:agenda_item_add", args=[meeting.pk]), {"title": "D"})
    assert response.status_code == 302
    assert not AgendaItem.objects.exists()
