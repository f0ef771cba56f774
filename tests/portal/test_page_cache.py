"""Anonymous public pages come from the cache, and every change a page could show reaches it at once.

A page served from the cache is recognised by a change written past the models (a queryset update
sends no signal): the cached page still shows the old value; a saved change shows the new one.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from forum_site.lib import public_cache
from forums import services as forum_services
from forums import visibility
from forums.models import Concern
from forums.models import Meeting
from forums.models import MinutesVersion
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.minutes_support import publish_correction
from tests.portal.world_people import *  # noqa: F403 (fixtures: the world's forum and people)

PUBLIC_PAGES = [
    reverse("portal:home"),
    reverse("portal:meeting_list"),
    reverse("portal:meetings_ics"),
    reverse("portal:minutes_list"),
    reverse("portal:minutes_list") + "?q=vendkalimi",
    reverse("portal:accountability"),
    reverse("portal:accountability_csv"),
    reverse("portal:minutes_feed"),
]


def text(response) -> str:
    return response.content.decode()


def test_an_anonymous_page_is_served_from_the_cache(client, world):
    url = reverse("portal:meeting_list")
    assert "Qendra Rinore" in text(client.get(url))
    Meeting.objects.filter(pk=world.upcoming.pk).update(location="Shtëpia e Kulturës")  # no signal

    assert "Qendra Rinore" in text(client.get(url))


def test_a_saved_change_shows_at_once(client, world):
    url = reverse("portal:meeting_list")
    client.get(url)
    world.upcoming.location = "Shtëpia e Kulturës"
    world.upcoming.save()

    assert "Shtëpia e Kulturës" in text(client.get(url))


def test_a_new_meeting_shows_at_once_on_the_lists_and_the_calendar(client, world, forum, secretary):
    pages = [reverse("portal:home"), reverse("portal:meeting_list"), reverse("portal:meetings_ics")]
    for url in pages:
        client.get(url)

    forum_services.schedule_meeting(
        forum=forum,
        by=secretary,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="Salla e Re e Takimeve",
        is_public=True,
        repeat_monthly=1,
    )

    for url in pages:
        assert "Salla e Re e Takimeve" in text(client.get(url)), url


def test_publishing_minutes_shows_at_once(
    client, world, forum, secretary, chair, django_capture_on_commit_callbacks
):
    for url in PUBLIC_PAGES:
        client.get(url)
    meeting = past_meeting(forum, days_ago=2, location="Salla e Publikimit")
    publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="Vendim i ri"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    detail = reverse("portal:minutes_detail", args=[meeting.pk])

    assert detail in text(client.get(reverse("portal:home")))
    assert detail in text(client.get(reverse("portal:minutes_list")))
    assert f"/{meeting.pk}/" in text(client.get(reverse("portal:minutes_feed")))
    assert "Vendim i ri" in text(client.get(detail))


def test_a_correction_shows_at_once(client, world, secretary, chair, django_capture_on_commit_callbacks):
    detail = reverse("portal:minutes_detail", args=[world.meeting.pk])
    assert "Current version: 1" in text(client.get(detail))
    minutes = world.minutes
    publish_correction(
        minutes,
        secretary=secretary,
        chair=chair,
        capture=django_capture_on_commit_callbacks,
        narrative="Teksti i korrigjuar",
    )

    body = text(client.get(detail))
    assert "Current version: 2" in body
    assert "Teksti i korrigjuar" in body


def test_a_public_update_shows_at_once_on_the_accountability_page(client, world, police_unit, secretary):
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    action = factories.ActionFactory(meeting=world.meeting, concern=concern, responsible_body=police_unit)
    url = reverse("portal:accountability")
    client.get(url)

    action_services.post_update(
        action=action, by=secretary, note="Vendkalimi u vizatua", new_status=Action.DONE, is_public=True
    )

    assert "Vendkalimi u vizatua" in text(client.get(url))


def test_restricting_a_concern_takes_its_text_off_every_cached_page_at_once(
    client, world, secretary, police_unit, django_capture_on_commit_callbacks
):
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)
    action = factories.ActionFactory(meeting=world.meeting, concern=concern, responsible_body=police_unit)
    action_services.post_update(action=action, by=secretary, note="Në punë", is_public=True)
    pages = [*PUBLIC_PAGES, reverse("portal:minutes_detail", args=[world.meeting.pk])]
    shown = [url for url in pages if concern.summary in text(client.get(url))]
    assert reverse("portal:accountability") in shown  # the timeline lists the public update
    assert reverse("portal:minutes_detail", args=[world.meeting.pk]) in shown  # its published minutes

    with django_capture_on_commit_callbacks(execute=True):
        visibility.change_visibility(concern=concern, visibility=Concern.RESTRICTED, by=secretary)

    for url in pages:
        assert concern.summary not in text(client.get(url)), url


def test_a_withdrawn_version_is_gone_at_once_even_from_a_cached_pdf_answer(
    client, world, secretary, settings, django_capture_on_commit_callbacks
):
    settings.PDF_X_ACCEL_PREFIX = "/protected-media/"
    url = reverse("portal:minutes_version_pdf", args=[world.meeting.pk, 1])
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Accel-Redirect"].startswith("/protected-media/minutes/")
    concern = Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC)

    with django_capture_on_commit_callbacks(execute=True):
        visibility.change_visibility(concern=concern, visibility=Concern.RESTRICTED, by=secretary)

    assert (
        MinutesVersion.objects.filter(minutes=world.minutes, number=1, withdrawn_at__isnull=True).count() == 0
    )
    assert client.get(url).status_code == 410
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 410


def test_logged_in_staff_never_get_the_cached_page(client, world, secretary):
    url = reverse("portal:meeting_list")
    client.get(url)  # cached for everybody anonymous
    Meeting.objects.filter(pk=world.upcoming.pk).update(location="Shtëpia e Kulturës")  # no signal
    client.force_login(secretary)

    assert "Shtëpia e Kulturës" in text(client.get(url))
    client.logout()
    client.cookies.clear()
    assert "Qendra Rinore" in text(client.get(url))


def test_a_page_rendered_for_staff_is_never_stored_for_the_public(client, world, secretary):
    url = reverse("portal:meeting_list")
    client.force_login(secretary)
    client.get(url)
    client.logout()
    client.cookies.clear()
    Meeting.objects.filter(pk=world.upcoming.pk).update(location="Shtëpia e Kulturës")  # no signal

    assert "Shtëpia e Kulturës" in text(client.get(url))


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_no_csrf_token_and_set_no_cookie(client, world, url):
    for _visit in range(2):  # rendered, then from the cache
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in text(response)


def test_a_page_that_used_a_csrf_token_is_never_stored(rf_anonymous, settings):
    rendered = []

    @public_cache.cached_public_page
    def form_page(request):
        rendered.append(1)
        return HttpResponse(f"<form>{get_token(request)}</form>")

    form_page(rf_anonymous("/form/"))
    form_page(rf_anonymous("/form/"))

    assert len(rendered) == 2


def test_a_response_that_sets_a_cookie_is_never_stored(rf_anonymous):
    rendered = []

    @public_cache.cached_public_page
    def page(request):
        rendered.append(1)
        response = HttpResponse("hello")
        response.set_cookie("seen", "yes")
        return response

    page(rf_anonymous("/cookie/"))
    page(rf_anonymous("/cookie/"))

    assert len(rendered) == 2


def test_a_reader_with_pending_messages_gets_the_page_rendered(client, world):
    url = reverse("portal:meeting_list")
    client.get(url)
    Meeting.objects.filter(pk=world.upcoming.pk).update(location="Shtëpia e Kulturës")  # no signal
    client.cookies["messages"] = "anything"

    assert "Shtëpia e Kulturës" in text(client.get(url))


def test_pages_are_cached_per_language(client, world):
    albanian = text(client.get(reverse("portal:minutes_list")))
    english = text(client.get("/en" + reverse("portal:minutes_list")))

    assert 'lang="sq"' in albanian
    assert 'lang="en"' in english
    assert 'lang="sq"' in text(client.get(reverse("portal:minutes_list")))


@pytest.mark.parametrize("url", [reverse("portal:minutes_feed"), reverse("portal:meetings_ics")])
def test_the_feed_and_the_calendar_answer_a_conditional_get_with_304(client, world, url, forum):
    first = client.get(url)
    etag = first["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""

    forum.name_sq = "KKSB Prishtinë e Madhe"  # named in every entry of both
    forum.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "KKSB Prishtinë e Madhe" in text(changed)


def test_public_pages_must_be_revalidated_by_browsers_and_proxies(client, world):
    response = client.get(reverse("portal:home"))

    assert response["Cache-Control"] == "no-cache"


def test_a_change_is_announced_again_once_its_transaction_commits(db, django_capture_on_commit_callbacks):
    before = public_cache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        public_cache.invalidate()
        during = public_cache.generation()
    assert during != before
    callbacks[0]()  # the commit: a page rendered from the old rows meanwhile is orphaned too

    assert public_cache.generation() not in (before, during)


def test_the_generation_survives_losing_its_key(db):
    cache.clear()

    assert public_cache.generation() == public_cache.generation()


def test_nothing_is_cached_when_the_setting_is_zero(client, world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("portal:meeting_list")
    client.get(url)
    Meeting.objects.filter(pk=world.upcoming.pk).update(location="Shtëpia e Kulturës")  # no signal

    assert "Shtëpia e Kulturës" in text(client.get(url))


def test_statistics_are_computed_once_per_change(client, world, django_assert_max_num_queries, secretary):
    from portal import accountability

    accountability.cached_statistics()
    with django_assert_max_num_queries(0):
        accountability.cached_statistics()
    forum_services.close_concern(
        concern=Concern.objects.get(meeting=world.meeting, visibility=Concern.PUBLIC),
        by=secretary,
        reason=Concern.RESOLVED,
        referred_to="",
    )

    assert accountability.cached_statistics().total.closed.total == 1


@pytest.fixture
def rf_anonymous(db):
    factory = RequestFactory()

    def make(path):
        return factory.get(path)

    return make
