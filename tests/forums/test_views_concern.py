import pytest
from django.urls import reverse

from forums.models import Concern
from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def create_url(meeting):
    return reverse("forums:concern_create", args=[meeting.pk])


def test_domestic_violence_concern_is_restricted_by_default(client, secretary, meeting, restricted_category):
    client.force_login(secretary)
    response = client.post(
        create_url(meeting),
        {
            "category": restricted_category.pk,
            "summary": "A case of violence at home",
            "details": "Family in the north quarter",
            "source": "police",
            "visibility": "",
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.visibility == Concern.RESTRICTED
    assert concern.created_by == secretary


def test_traffic_concern_is_public_by_default_and_choice_is_respected(client, secretary, meeting, category):
    client.force_login(secretary)
    data = {"category": category.pk, "summary": "Speeding", "source": "citizen", "visibility": ""}
    client.post(create_url(meeting), data)
    client.post(create_url(meeting), {**data, "visibility": "restricted"})
    assert list(Concern.objects.order_by("pk").values_list("visibility", flat=True)) == [
        "public",
        "restricted",
    ]


def test_concern_form_page_offers_the_category_defaults_to_the_script(
    client, secretary, meeting, restricted_category
):
    client.force_login(secretary)
    content = client.get(create_url(meeting)).content.decode()
    assert f"[{restricted_category.pk}]" in content
    assert "js/staff.js" in content


def test_missing_summary_and_foreign_agenda_item_are_refused_and_input_kept(
    client, secretary, forum, meeting, category
):
    foreign_item = factories.AgendaItemFactory(meeting=factories.MeetingFactory(forum=forum, number=2))
    client.force_login(secretary)
    response = client.post(
        create_url(meeting),
        {
            "category": category.pk,
            "summary": "",
            "neighbourhood": "Dardania",
            "source": "citizen",
            "agenda_item": foreign_item.pk,
        },
    )
    assert response.status_code == 200
    assert {"summary", "agenda_item"} <= set(response.context["form"].errors)
    assert 'value="Dardania"' in response.content.decode()
    assert not Concern.objects.exists()


def test_crafted_visibility_and_category_are_refused(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(
        create_url(meeting), {"category": "999", "summary": "x", "source": "alien", "visibility": "secret"}
    )
    assert response.status_code == 200
    assert {"category", "source", "visibility"} <= set(response.context["form"].errors)


def test_outsider_gets_404_on_concern_create(client, outsider, meeting, category):
    client.force_login(outsider)
    assert client.post(create_url(meeting), {"category": category.pk, "summary": "x"}).status_code == 404


def test_police_liaison_gets_403_on_concern_create(client, police_liaison, meeting, category):
    client.force_login(police_liaison)
    assert client.post(create_url(meeting), {"category": category.pk, "summary": "x"}).status_code == 403


def test_anonymous_is_sent_to_login_from_concern_create(client, meeting):
    assert client.get(create_url(meeting)).status_code == 302


def test_police_liaison_sees_restricted_details(client, police_liaison, restricted_concern):
    client.force_login(police_liaison)
    response = client.get(restricted_concern.get_absolute_url())
    assert response.status_code == 200
    assert restricted_concern.details in response.content.decode()
    assert reverse("forums:concern_edit", args=[restricted_concern.pk]) not in response.content.decode()


def test_member_gets_404_on_restricted_concern(client, member, restricted_concern):
    client.force_login(member)
    assert client.get(restricted_concern.get_absolute_url()).status_code == 404


def test_member_sees_public_concern_without_details(client, member, public_concern):
    public_concern.details = "Plate numbers noted"
    public_concern.save()
    client.force_login(member)
    content = client.get(public_concern.get_absolute_url()).content.decode()
    assert public_concern.summary in content
    assert "Plate numbers noted" not in content


def test_outsider_gets_404_on_concern(client, outsider, public_concern):
    client.force_login(outsider)
    assert client.get(public_concern.get_absolute_url()).status_code == 404


def test_anonymous_is_sent_to_login_from_concern(client, public_concern):
    assert client.get(public_concern.get_absolute_url()).status_code == 302


def test_secretary_edits_a_concern(client, secretary, public_concern, restricted_category):
    client.force_login(secretary)
    response = client.post(
        reverse("forums:concern_edit", args=[public_concern.pk]),
        {
            "category": restricted_category.pk,
            "summary": "Corrected",
            "source": "school",
            "visibility": "restricted",
        },
    )
    assert response.status_code == 302
    public_concern.refresh_from_db()
    assert (public_concern.summary, public_concern.visibility, public_concern.source) == (
        "Corrected",
        "restricted",
        "school",
    )


def test_concern_edit_needs_an_explicit_visibility(client, secretary, public_concern, category):
    client.force_login(secretary)
    response = client.post(
        reverse("forums:concern_edit", args=[public_concern.pk]),
        {"category": category.pk, "summary": "Corrected", "source": "citizen", "visibility": ""},
    )
    assert response.status_code == 200
    assert "visibility" in response.context["form"].errors
    public_concern.refresh_from_db()
    assert public_concern.summary != "Corrected"


def test_police_liaison_gets_403_on_concern_edit(client, police_liaison, public_concern):
    client.force_login(police_liaison)
    assert client.get(reverse("forums:concern_edit", args=[public_concern.pk])).status_code == 403


def test_outsider_gets_404_on_concern_edit(client, outsider, public_concern):
    client.force_login(outsider)
    assert client.get(reverse("forums:concern_edit", args=[public_concern.pk])).status_code == 404
