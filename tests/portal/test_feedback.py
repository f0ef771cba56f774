"""The survey page `/feedback/<meeting id>/`: one answer per browser, and the checks of every
citizens' form (the same proof of work, honeypot and limit per address as /raise/), and the offer
on the meeting and minutes pages."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import SurveyResponse
from portal import feedback
from tests.minutes_support import past_meeting
from tests.minutes_support import published_without_pdf
from tests.submission_support import solved_proof_of_work

VALID = {name: "4" for name in SurveyResponse.statement_fields()} | {"attended": "no", "comment": ""}


def answer(**changes) -> dict:
    """A complete answer with a freshly solved proof of work, as the browser sends it."""
    return {**VALID, "altcha": solved_proof_of_work(), **changes}


@pytest.fixture
def published(forum, chair):
    return published_without_pdf(forum, chair=chair)


def url(meeting) -> str:
    return reverse("portal:feedback", args=[meeting.pk])


def test_the_form_asks_seven_statements_on_the_scale_and_dont_know(client, published):
    body = client.get(url(published)).content.decode()

    for _name, statement, _short in SurveyResponse.STATEMENTS:
        assert str(statement) in body
    assert body.count('value="0"') == 7  # "don't know", once per statement
    assert "Did you attend the meeting?" in body
    assert 'name="email"' not in body and 'name="name"' not in body


def test_an_answer_is_stored_and_the_browser_is_thanked_and_remembered(client, published):
    response = client.post(url(published), answer(good_job="1", comment="Më shumë patrulla"))

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    stored = SurveyResponse.objects.get()
    assert (stored.meeting, stored.good_job, stored.attended, stored.comment) == (
        published,
        1,
        False,
        "Më shumë patrulla",
    )
    cookie = response.cookies[f"survey-{published.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert response["Cache-Control"] == "private, no-cache"


def test_a_second_answer_from_the_same_browser_is_refused_politely(client, published):
    client.post(url(published), answer())

    again = client.post(url(published), answer())

    assert again.status_code == 200
    assert "You have already answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert "You have already answered" in client.get(url(published)).content.decode()


def test_a_cookie_not_signed_by_the_site_counts_for_nothing(client, published):
    client.cookies[f"survey-{published.pk}"] = "answered"

    client.post(url(published), answer())

    assert SurveyResponse.objects.count() == 1


def test_the_cookie_of_one_meeting_does_not_stop_an_answer_to_another(client, published, forum, chair):
    other = past_meeting(forum, days_ago=40)
    minutes = Minutes.objects.create(meeting=other, status=Minutes.PUBLISHED, approved_by=chair)
    MinutesVersion.objects.create(minutes=minutes, number=1, language="sq", html="<p>v1</p>", sha256="1" * 64)
    client.post(url(published), answer())

    client.post(url(other), answer())

    assert SurveyResponse.objects.filter(meeting=other).count() == 1


def test_an_unanswered_statement_shows_the_form_again_with_its_error(client, published):
    incomplete = answer()
    del incomplete["fair"]

    response = client.post(url(published), incomplete)

    assert response.status_code == 400
    assert "Choose an answer, or “Don&#x27;t know”." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_filled_honeypot_is_refused_as_on_the_raise_form_and_nothing_is_stored(client, published):
    response = client.post(url(published), answer(website="http://spam.example"))

    assert response.status_code == 400
    assert "If you filled in the field “Leave this field empty”" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_answers_past_the_limit_per_address_are_refused_for_the_hour(
    client, published, settings, forum, chair
):
    settings.SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR = 2
    for _n in range(2):
        client.cookies.clear()
        assert client.post(url(published), answer(), REMOTE_ADDR="203.0.113.7").status_code == 200

    client.cookies.clear()
    refused = client.post(url(published), answer(), REMOTE_ADDR="203.0.113.7")
    client.cookies.clear()
    elsewhere = client.post(url(published), answer(), REMOTE_ADDR="198.51.100.1")

    assert refused.status_code == 429
    assert "Too many answers from your network" in refused.content.decode()
    assert elsewhere.status_code == 200
    assert SurveyResponse.objects.count() == 3


def test_the_form_carries_the_same_proof_of_work_widget_as_the_raise_form(client, published):
    body = client.get(url(published)).content.decode()

    assert "<altcha-widget" in body and "/static/vendor/altcha/altcha.js" in body
    assert 'class="field honeypot"' in body


@pytest.mark.parametrize("proof", ["", "not-a-solution"])
def test_an_answer_without_a_solved_proof_of_work_is_not_stored(client, published, proof):
    response = client.post(url(published), answer(altcha=proof))

    assert response.status_code == 400
    assert "automatic check that a person is sending this did not finish" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_solved_proof_of_work_counts_for_one_answer_only(client, published, forum, chair):
    proof = solved_proof_of_work()
    client.post(url(published), answer(altcha=proof))
    client.cookies.clear()

    again = client.post(url(published), answer(altcha=proof))

    assert again.status_code == 400
    assert SurveyResponse.objects.count() == 1


def test_a_closed_survey_says_so_and_takes_no_answer(client, published):
    MinutesVersion.objects.update(published_at=timezone.now() - datetime.timedelta(days=365))

    shown = client.get(url(published)).content.decode()
    sent = client.post(url(published), answer()).content.decode()

    assert "This survey is closed" in shown and "This survey is closed" in sent
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("case", ["closed meeting", "no minutes", "inactive forum", "no such meeting"])
def test_meetings_without_a_public_survey_are_not_found(client, published, forum, case):
    meeting = published
    if case == "closed meeting":
        meeting.is_public = False
        meeting.save()
    elif case == "no minutes":
        meeting = past_meeting(forum)
    elif case == "inactive forum":
        forum.active = False
        forum.save()
    target = url(meeting) if case != "no such meeting" else "/feedback/99999999999999999999/"

    assert client.get(target).status_code == 404


def test_the_minutes_page_offers_the_survey_while_it_is_open(client, published):
    page = reverse("portal:minutes_detail", args=[published.pk])

    assert url(published) in client.get(page).content.decode()
    MinutesVersion.objects.update(published_at=timezone.now() - datetime.timedelta(days=365))
    # The survey closes with the clock, not with a saved record: a cached page keeps the offer for
    # PUBLIC_PAGE_CACHE_SECONDS at most. Here, a year on.
    cache.clear()
    assert url(published) not in client.get(page).content.decode()


def test_the_offer_for_the_meeting_page_is_a_context_and_an_include(published):
    context = feedback.offer_context(published)

    assert context["feedback_offer"]["url"] == url(published)
    from django.template.loader import render_to_string

    assert "Answer the survey" in render_to_string("portal/includes/feedback_offer.html", context)


def test_the_meeting_page_offers_the_survey_while_it_is_open_and_the_alerts_of_its_forum(client, published):
    page = reverse("portal:meeting_detail", args=[published.pk])

    body = client.get(page).content.decode()
    assert url(published) in body and "Answer the survey" in body
    assert f"{reverse('portal:subscribe')}?forum={published.forum.slug}" in body
    MinutesVersion.objects.update(published_at=timezone.now() - datetime.timedelta(days=365))
    # The survey closes with the clock, not with a saved record: a cached page keeps the offer for
    # PUBLIC_PAGE_CACHE_SECONDS at most. Here, a year on.
    cache.clear()
    assert url(published) not in client.get(page).content.decode()


def test_a_meeting_without_published_minutes_offers_no_survey(client, forum):
    meeting = past_meeting(forum, days_ago=3)

    body = client.get(reverse("portal:meeting_detail", args=[meeting.pk])).content.decode()

    assert reverse("portal:feedback", args=[meeting.pk]) not in body
