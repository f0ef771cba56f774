"""Citizens raise a concern with no account and follow it by the code on their receipt.

The form's notes (emergency number, help, privacy), its abuse checks (proof of work, honeypot,
limits per address), the receipt, the tracking page (never the submitted words; nothing of a
restricted one beyond status and dates; a wrong and a rate-limited code answer alike), the
e-mails to the citizen, and the numbers on /accountability/.
"""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from actions.models import Action
from forums import services as forum_services
from forums.models import Concern
from forums.models import Meeting
from forums.models import Submission
from forums.submissions import services
from portal import abuse
from portal import submission_stats
from portal import tracking
from tests import factories
from tests.submission_support import raise_form
from tests.submission_support import received
from tests.submission_support import solved_proof_of_work

WORDS = "Cars drive too fast past the primary school every morning."
SENT = 303  # See Other: the receipt page


@pytest.fixture
def coming(forum):
    return factories.MeetingFactory(forum=forum, number=50)


def send(client, data, **headers):
    return client.post(reverse("portal:raise"), data, **headers)


# --- The form --------------------------------------------------------------------------------------


def test_the_form_says_where_to_get_help_and_what_happens_to_the_words(client, forum, category):
    response = client.get(reverse("portal:raise"))
    body = response.content.decode()

    assert response.status_code == 200
    assert 'href="tel:192"' in body and "Where to get help now" in body
    assert "never published as you write them" in body
    assert "secretary, its chair and its police liaison officer read them" in body
    assert "180 days after the forum answers it" in body
    assert "<altcha-widget" in body and "/static/vendor/altcha/altcha.js" in body
    assert "worker-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_the_forums_own_address_preselects_it_and_one_of_its_coming_meetings(client, forum, coming):
    url = reverse("portal:raise_for_forum", args=[forum.slug])
    body = client.get(url, {"meeting": coming.pk}).content.decode()

    assert f'<option value="f{forum.pk}" selected>' in body
    assert f'<option value="{coming.pk}" selected>' in body
    assert client.get(reverse("portal:raise_for_forum", args=["no-such-forum"])).status_code == 404


def test_a_sensitive_category_is_marked_as_kept_confidential(client, forum, restricted_category):
    assert "Domestic violence (kept confidential)" in client.get(reverse("portal:raise")).content.decode()


def test_sending_gives_a_receipt_with_an_unguessable_code_and_never_the_words_back(
    client, forum, category, coming
):
    sent = client.post(
        reverse("portal:raise_for_forum", args=[forum.slug]), raise_form(category, forum, meeting=coming.pk)
    )
    response = client.get(sent["Location"])

    submission = Submission.objects.get()
    body = response.content.decode()
    assert sent.status_code == SENT and sent["Location"] == reverse("portal:raise_receipt")
    assert response.status_code == 200
    assert (submission.forum, submission.meeting, submission.text, submission.language) == (
        forum,
        coming,
        WORDS,
        "en",
    )
    assert len(submission.tracking_code) == 16  # 80 random bits
    assert submission.display_code in body
    assert f"/track/{submission.display_code}/" in body
    assert "Cars drive" not in body
    assert 'href="tel:192"' in body
    assert sent["Cache-Control"] == response["Cache-Control"] == "no-store"


def test_a_reloaded_receipt_shows_the_code_again_and_sends_nothing_twice(client, forum, category):
    send(client, raise_form(category, forum))
    code = Submission.objects.get().display_code

    reloads = [client.get(reverse("portal:raise_receipt")).content.decode() for _ in range(2)]

    assert all(code in body for body in reloads)
    assert Submission.objects.count() == 1


def test_the_code_is_in_no_address_and_its_cookie_is_signed_short_lived_and_unreadable_by_scripts(
    client, forum, category
):
    sent = send(client, raise_form(category, forum))
    submission = Submission.objects.get()
    cookie = sent.cookies["receipt"]

    assert (
        submission.tracking_code not in sent["Location"] and submission.display_code not in sent["Location"]
    )
    assert cookie["max-age"] == 30 * 60 and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"  # the receipt in another language too
    with translation.override("sr-latn"):
        assert submission.display_code in client.get(reverse("portal:raise_receipt")).content.decode()

    client.cookies["receipt"] = cookie.value.replace(submission.tracking_code, "A" * 16)
    assert "No receipt to show" in client.get(reverse("portal:raise_receipt")).content.decode()


def test_a_receipt_is_not_shown_after_half_an_hour(client, forum, category):
    send(client, raise_form(category, forum))
    later = time.time() + 30 * 60 + 1
    with mock.patch("django.core.signing.time.time", return_value=later):
        body = client.get(reverse("portal:raise_receipt")).content.decode()
    assert "No receipt to show" in body and Submission.objects.get().display_code not in body


def test_hiding_the_code_forgets_it_on_this_device_at_once(client, forum, category):
    send(client, raise_form(category, forum))
    code = Submission.objects.get().display_code

    hidden = client.post(reverse("portal:raise_receipt"))
    body = client.get(hidden["Location"]).content.decode()

    assert hidden["Location"] == reverse("portal:raise_receipt")
    assert "No receipt to show" in body and code not in body


def test_codes_are_random_not_sequential(forum, category):
    codes = [received(category, forum).tracking_code for _ in range(20)]
    assert len(set(codes)) == 20
    assert sorted(codes) != codes or sorted(codes, reverse=True) != codes


def test_i_dont_know_sends_it_to_the_municipality(client, forum, category):
    send(client, {**raise_form(category, forum), "place": f"m{forum.municipality_id}"})
    submission = Submission.objects.get()
    assert (submission.forum, submission.municipality) == (None, forum.municipality)


def test_a_domestic_violence_submission_is_restricted_from_the_start(client, forum, restricted_category):
    send(client, raise_form(restricted_category, forum))
    assert Submission.objects.get().is_restricted


# --- Abuse -----------------------------------------------------------------------------------------


def test_the_honeypot_refuses_a_program_that_fills_every_field(client, forum, category):
    response = send(client, {**raise_form(category, forum), "website": "http://spam.example"})

    assert response.status_code == 400
    assert "Leave this field empty" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "proof",
    ["", "not-base64!", "eyJhbGdvcml0aG0iOiAiU0hBLTI1NiJ9"],
    ids=["missing", "garbage", "incomplete"],
)
def test_no_submission_without_a_solved_proof_of_work(client, forum, category, proof):
    response = send(client, {**raise_form(category, forum), "altcha": proof})

    assert response.status_code == 400
    assert "automatic check that a person is sending this did not finish" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_proof_signed_with_another_key_is_refused(client, forum, category, settings):
    settings.SECRET_KEY = "another-site"
    forged = solved_proof_of_work()
    settings.SECRET_KEY = "local-development-only-not-secret"
    assert send(client, {**raise_form(category, forum), "altcha": forged}).status_code == 400


def test_a_solved_proof_of_work_is_used_up(client, forum, category):
    data = raise_form(category, forum)
    assert send(client, data).status_code == SENT
    assert send(client, data).status_code == 400
    assert Submission.objects.count() == 1


def test_an_expired_proof_of_work_is_refused(client, forum, category, settings):
    settings.PROOF_OF_WORK_EXPIRY_MINUTES = -1
    assert send(client, raise_form(category, forum)).status_code == 400


def test_an_address_may_send_only_so_many_in_an_hour(client, forum, category, settings):
    settings.RAISE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert send(client, raise_form(category, forum)).status_code == SENT

    refused = send(client, raise_form(category, forum))
    other_address = send(client, raise_form(category, forum), REMOTE_ADDR="10.0.0.9")

    assert refused.status_code == 429
    assert "Several concerns were sent from your connection" in refused.content.decode()
    assert other_address.status_code == SENT
    assert Submission.objects.count() == 3


def test_behind_a_proxy_the_limit_counts_the_forwarded_client(client, forum, category, settings):
    settings.RAISE_LIMIT_PER_HOUR, settings.TRUSTED_PROXY_COUNT = 1, 1
    first = send(client, raise_form(category, forum), HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = send(client, raise_form(category, forum), HTTP_X_FORWARDED_FOR="203.0.113.6")
    again = send(client, raise_form(category, forum), HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert [first.status_code, second.status_code, again.status_code] == [SENT, SENT, 429]


def test_the_cache_keeps_a_keyed_hash_of_the_address_for_one_window_only(rf):
    request = rf.get("/", REMOTE_ADDR="198.51.100.23")
    abuse.count(request, purpose="raise")
    key, seconds_left = abuse._counter(request, "raise")

    assert "198.51.100.23" not in key and "198-51-100-23" not in key
    assert 0 < seconds_left <= abuse.WINDOW_SECONDS
    assert cache.get(key) == 1


# --- Tracking --------------------------------------------------------------------------------------


def track(client, code, **headers):
    return client.get(reverse("portal:track", args=[code]), **headers)


def test_the_tracking_page_shows_the_status_never_the_words(client, forum, category):
    submission = received(category, forum, text=WORDS, neighbourhood="Ulpiana")
    body = track(client, submission.display_code).content.decode()

    assert "Waiting for the forum" in body and category.name_en in body
    assert "Cars drive" not in body and "Ulpiana" not in body


def test_the_code_is_found_however_it_is_typed(client, forum, category):
    submission = received(category, forum)
    typed = submission.tracking_code.upper().replace("0", "O").replace("1", "I")
    assert track(client, typed).status_code == 200


def test_a_restricted_submission_shows_neither_its_category_nor_any_text(
    client, forum, secretary, restricted_category, coming
):
    submission = received(restricted_category, forum, text="He hits her")
    services.accept_submission(
        submission=submission, by=secretary, meeting=coming, summary="Case followed by the police liaison"
    )
    body = track(client, submission.display_code).content.decode()

    assert "Accepted by the forum" in body
    assert "Domestic violence" not in body and "Case followed" not in body and "He hits her" not in body


def test_each_step_shows_with_its_date(
    client, forum, secretary, police_liaison, category, police_unit, coming
):
    submission = received(category, forum)
    concern = services.accept_submission(
        submission=submission, by=secretary, meeting=coming, summary="Speeding"
    )
    assert (
        f"On the agenda of meeting {coming.number}" in track(client, submission.display_code).content.decode()
    )

    Meeting.objects.filter(pk=coming.pk).update(status=Meeting.HELD, starts_at=timezone.now())
    factories.ActionFactory(
        meeting=coming,
        concern=concern,
        title="Speed checks",
        responsible_body=police_unit,
        status=Action.DONE,
    )
    factories.ActionFactory(
        meeting=coming, concern=concern, title="Secret", responsible_body=police_unit, marked_restricted=True
    )
    body = track(client, submission.display_code).content.decode()
    assert "Discussed at the meeting" in body
    assert "Speed checks" in body and "Secret" not in body
    assert "1 action is kept confidential" in body
    assert "Actions taken: 1 of 2 done" in body

    forum_services.close_concern(concern=concern, by=secretary, reason=Concern.RESOLVED)
    assert "Closed: Resolved" in track(client, submission.display_code).content.decode()


def test_a_declined_submission_shows_its_reason_and_the_answer(client, forum, secretary, category):
    submission = received(category, forum)
    services.decline_submission(
        submission=submission,
        by=secretary,
        reason=Submission.NOT_FORUM_MATTER,
        public_answer="Ask the court.",
    )
    body = track(client, submission.display_code).content.decode()
    assert "Declined: Not a matter for the safety forums" in body and "Ask the court." in body


def page(response, code: str) -> str:
    """The page as it differs between codes: not by the typed code (the language switcher's link
    repeats it) nor by the switcher's CSRF token, which changes on every response."""
    text = response.content.decode().replace(code, "CODE")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_a_wrong_code_and_a_rate_limited_code_look_alike(client, forum, category, settings):
    settings.TRACK_FAILED_LOOKUPS_PER_HOUR = 3
    real = received(category, forum)
    wrong_codes = [f"aaaa-bbbb-cccc-{n:04d}" for n in range(4)]
    wrong = [track(client, code) for code in wrong_codes[:3]]

    limited = track(client, real.display_code)
    another_wrong = track(client, wrong_codes[3])

    assert {response.status_code for response in [*wrong, limited, another_wrong]} == {404}
    assert (
        page(limited, real.display_code)
        == page(another_wrong, wrong_codes[3])
        == page(wrong[0], wrong_codes[0])
    )
    assert limited.headers == another_wrong.headers
    assert track(client, real.display_code, REMOTE_ADDR="10.1.1.1").status_code == 200


def test_looking_up_ones_own_code_does_not_count_against_the_limit(client, forum, category, settings):
    settings.TRACK_FAILED_LOOKUPS_PER_HOUR = 1
    submission = received(category, forum)
    for _ in range(5):
        assert track(client, submission.display_code).status_code == 200


# --- Typing the code ------------------------------------------------------------------------------


def look_up(client, code=None, **headers):
    query = {} if code is None else {"code": code}
    return client.get(reverse("portal:track_lookup"), query, **headers)


def test_the_code_can_be_typed_into_a_labelled_form_that_stores_and_remembers_nothing(client, db):
    response = look_up(client)
    body = response.content.decode()
    form = body[body.index('<form method="get"') : body.index("</form>", body.index('<form method="get"'))]

    assert response.status_code == 200
    assert '<label for="id_code">Your tracking code' in form
    assert 'name="code"' in form and 'autocomplete="off"' in form
    assert "csrfmiddlewaretoken" not in form
    assert response["Cache-Control"] == "no-store" and response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    "typing",
    [
        lambda code: code,
        lambda code: code.upper(),
        lambda code: code.replace("-", " "),
        lambda code: f"  {code.replace('-', '')}  ",
        lambda code: code.upper().replace("0", "O").replace("1", "I"),
    ],
    ids=["as-printed", "capitals", "spaces", "no-dashes", "o-for-zero"],
)
def test_a_typed_code_goes_to_its_tracking_page_however_it_is_typed(client, forum, category, typing):
    submission = received(category, forum)
    # With a 0 and a 1, which a person may type as O and I.
    Submission.objects.filter(pk=submission.pk).update(tracking_code="0a1b2c3d4e5f6g7h")
    submission.refresh_from_db()

    response = look_up(client, typing(submission.display_code))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:track", args=["0a1b-2c3d-4e5f-6g7h"])
    assert response["Cache-Control"] == "no-store"
    assert client.get(response["Location"]).status_code == 200


def test_the_tracking_page_opens_in_the_language_the_code_was_typed_in(client, forum, category):
    submission = received(category, forum)
    with translation.override("sr"):
        url = reverse("portal:track_lookup")
    response = client.get(url, {"code": submission.tracking_code})
    assert response["Location"] == f"/sr/track/{submission.display_code}/"


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Type the code from your receipt."),
        ("   ", "Type the code from your receipt."),
        ("ABCD-EFGH", "A tracking code has 16 letters and digits."),
        ("ABCD-EFGH-JKMN-PQRSTV", "A tracking code has 16 letters and digits."),
        ("UUUU-UUUU-UUUU-UUUU", "A tracking code has 16 letters and digits."),
    ],
)
def test_an_empty_or_malformed_code_shows_the_form_again_with_what_was_typed(client, db, typed, error):
    response = look_up(client, typed)
    body = response.content.decode()

    assert response.status_code == 400
    assert error in body and 'role="alert"' in body
    assert f'value="{typed}"' in body if typed.strip() else 'name="code"' in body
    assert response["Cache-Control"] == "no-store"


def test_typing_a_code_looks_nothing_up_so_it_is_no_way_around_the_limit(
    client, forum, category, settings, django_assert_num_queries
):
    """The tracking page counts an address's wrong codes; a form that answered by itself would not."""
    settings.TRACK_FAILED_LOOKUPS_PER_HOUR = 2
    real = received(category, forum)
    wrong_codes = [f"aaaa-bbbb-cccc-{n:04d}" for n in range(2)]

    with django_assert_num_queries(0):
        answers = [look_up(client, code) for code in [real.display_code, *wrong_codes]]
    followed = [client.get(answer["Location"]) for answer in answers[1:]]

    assert {answer.status_code for answer in answers} == {302}
    assert {response.status_code for response in followed} == {404}
    assert track(client, real.display_code).status_code == 404  # the wrong ones counted: limited now


def test_the_receipt_the_not_found_page_and_the_form_link_to_typing_the_code(client, forum, category):
    lookup = reverse("portal:track_lookup")
    send(client, raise_form(category, forum))
    with_code = client.get(reverse("portal:raise_receipt")).content.decode()
    client.post(reverse("portal:raise_receipt"))
    without_code = client.get(reverse("portal:raise_receipt")).content.decode()
    not_found = track(client, "aaaa-bbbb-cccc-dddd").content.decode()
    raise_page = client.get(reverse("portal:raise")).content.decode()

    assert f'href="http://testserver{lookup}"' in with_code
    assert f'href="http://testserver{lookup}">type it here to follow what you sent</a>' in without_code
    assert f'href="{lookup}">Type the code again</a>' in not_found
    assert f'Already sent something? <a href="{lookup}">Follow it with your code</a>' in raise_page


# --- E-mails to the citizen ------------------------------------------------------------------------


def test_the_citizen_gets_one_email_at_each_change_and_none_for_the_receipt(
    client, forum, secretary, category, coming
):
    send(client, raise_form(category, forum, email="citizen@example.org"))
    submission = Submission.objects.get()
    assert tracking.notify_citizens() == 0

    services.accept_submission(submission=submission, by=secretary, meeting=coming, summary="Speeding")
    assert tracking.notify_citizens() == 1
    assert tracking.notify_citizens() == 0

    message = mail.outbox[0]
    assert message.to == ["citizen@example.org"]
    assert f"/track/{submission.display_code}/" in message.body
    assert "Cars drive" not in message.body


def test_an_email_about_a_restricted_submission_names_no_category_and_no_answer(
    forum, secretary, restricted_category
):
    submission = received(restricted_category, forum, text="He hits her", email="citizen@example.org")
    tracking.remember_state(submission)
    services.route_submission(
        submission=submission, by=secretary, to_police=True, public_answer="Call 192 now."
    )

    tracking.notify_citizens()

    message = mail.outbox[0]
    text = message.subject + message.body + message.alternatives[0][0]
    # The citizen gave no language: the e-mail speaks the municipality's first one (Albanian here).
    with translation.override(submission.municipality.language_codes[0]):
        handed = gettext("Handed to the police")
    assert handed in text
    for word in ("Domestic", restricted_category.name_sq, "Call 192 now", "He hits her"):
        assert word not in text


def test_the_address_is_erased_once_the_citizen_was_told_it_is_closed(forum, secretary, category):
    submission = received(category, forum, email="citizen@example.org")
    tracking.remember_state(submission)
    services.decline_submission(submission=submission, by=secretary, reason=Submission.DUPLICATE)

    assert tracking.notify_citizens() == 1
    submission.refresh_from_db()
    assert submission.email == "" and submission.email_erased_at is not None


# --- Numbers on /accountability/ -------------------------------------------------------------------


def test_accountability_counts_submissions_per_municipality_and_quarter(
    client, forum, secretary, category, restricted_category, coming
):
    accepted = received(category, forum)
    services.accept_submission(submission=accepted, by=secretary, meeting=coming, summary="Speeding")
    Submission.objects.filter(pk=accepted.pk).update(
        answered_at=accepted.received_at + datetime.timedelta(days=4)
    )
    services.decline_submission(
        submission=received(category, forum), by=secretary, reason=Submission.DUPLICATE
    )
    received(category, forum)
    services.decline_submission(
        submission=received(restricted_category, forum, text="He hits her"),
        by=secretary,
        reason=Submission.DUPLICATE,
    )

    [row] = submission_stats.submission_statistics()

    assert (row.municipality, str(row.raised_shown)) == (forum.municipality.name, "4")
    assert (row.accepted, row.declined, row.answered) == (
        1,
        1,
        2,
    )  # the restricted one's outcome is not counted
    body = client.get(reverse("portal:accountability")).content.decode()
    assert "Sent by citizens through this site" in body
    assert "He hits her" not in body


def test_a_few_restricted_submissions_read_fewer_than_three(forum, restricted_category):
    received(restricted_category, forum)
    [row] = submission_stats.submission_statistics()
    assert str(row.raised_shown) == "fewer than 3"
    assert row.raised_shown.csv == "<3"


def test_the_accountability_csv_carries_the_submission_counts(client, forum, category):
    received(category, forum)
    body = client.get(reverse("portal:accountability_csv")).content.decode()
    assert f"submissions,{forum.municipality.name} / " in body and ",raised,1" in body
