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


def test_reorder_by_the_positions_the_page_shows(client, secretary, meeting, agenda):
    """ "1, 3, 2" means: the items now first, third and second, as the help text says."""
    client.force_login(secretary)
    response = client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"order": "1, 3, 2"})
    assert response.status_code == 302
    assert titles(meeting) == ["A", "C", "B"]


def test_the_reorder_page_numbers_items_by_position_and_offers_the_current_order(
    client, secretary, meeting, agenda
):
    client.force_login(secretary)
    response = client.get(reverse("forums:agenda_reorder", args=[meeting.pk]))
    content = response.content.decode()
    assert 'value="1, 2, 3"' in content
    # No database ids for people to confuse with positions.
    assert f"No. {agenda[0].pk}" not in content


def test_reorder_with_repeated_item_fields(client, secretary, meeting, agenda):
    client.force_login(secretary)
    a, b, c = (item.pk for item in agenda)
    client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"item": [b, c, a]})
    assert titles(meeting) == ["B", "C", "A"]


def test_reorder_with_a_position_beyond_the_agenda_names_it_and_keeps_the_input(
    client, secretary, meeting, agenda
):
    client.force_login(secretary)
    typed = "1, 2, 4"
    response = client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"order": typed})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["order"][0].code == "foreign"
    assert "Not on this agenda: 4. Its items are numbered 1 to 3." in response.context["form"].errors["order"]
    assert f'value="{typed}"' in response.content.decode()
    assert titles(meeting) == ["A", "B", "C"]


def test_reorder_with_a_foreign_item_id_is_refused(client, secretary, forum, meeting, agenda):
    foreign = factories.AgendaItemFactory(meeting=factories.MeetingFactory(forum=forum, number=2))
    client.force_login(secretary)
    a, b, _ = (item.pk for item in agenda)
    response = client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"item": [a, b, foreign.pk]})
    assert response.context["form"].errors.as_data()["order"][0].code == "foreign"
    assert titles(meeting) == ["A", "B", "C"]


def test_reorder_with_garbage_or_missing_items_is_refused(client, secretary, meeting, agenda):
    client.force_login(secretary)
    url = reverse("forums:agenda_reorder", args=[meeting.pk])
    for order, code in [("one, two", "invalid"), ("1, 2", "incomplete"), ("1,1,2", "incomplete")]:
        response = client.post(url, {"order": order})
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["order"][0].code == code
    assert titles(meeting) == ["A", "B", "C"]


def test_the_arrows_stay_beside_each_item(client, secretary, meeting, agenda):
    client.force_login(secretary)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("forums:agenda_item_move", args=[meeting.pk, agenda[1].pk]) in content
    assert 'value="up"' in content and 'value="down"' in content


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
