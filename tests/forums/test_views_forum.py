import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from forums.models import Forum

pytestmark = pytest.mark.usefixtures("english")


def test_member_sees_the_forum_page_with_its_meetings(client, member, forum, meeting):
    client.force_login(member)
    response = client.get(reverse("forums:forum_detail", args=[forum.slug]))
    assert response.status_code == 200
    assert meeting.get_absolute_url() in response.content.decode()
    assert "Schedule a meeting" not in response.content.decode()


def test_secretary_is_offered_to_schedule(client, secretary, forum):
    client.force_login(secretary)
    response = client.get(reverse("forums:forum_detail", args=[forum.slug]))
    assert reverse("forums:meeting_create", args=[forum.slug]) in response.content.decode()


def test_outsider_gets_404_on_the_forum_page(client, outsider, forum):
    client.force_login(outsider)
    assert client.get(reverse("forums:forum_detail", args=[forum.slug])).status_code == 404


def test_unknown_forum_is_404(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("forums:forum_detail", args=["nope"])).status_code == 404


def test_quorum_below_one_is_refused_with_a_clear_message(forum):
    form_class = forms.modelform_factory(Forum, fields=["quorum"])
    form = form_class({"quorum": "0"}, instance=forum)
    assert not form.is_valid()
    assert form.errors["quorum"] == ["The quorum must be at least 1 member."]


def test_admin_forum_form_refuses_a_quorum_of_zero(rf, admin_user, forum):
    request = rf.get("/")
    request.user = admin_user
    form_class = admin.site._registry[Forum].get_form(request, obj=forum)
    data = {
        "municipality": forum.municipality_id,
        "kind": forum.kind,
        "name_sq": forum.name_sq,
        "slug": forum.slug,
        "active": "on",
        "quorum": "0",
    }
    form = form_class(data, instance=forum)
    assert not form.is_valid()
    assert list(form.errors) == ["quorum"]
