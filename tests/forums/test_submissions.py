"""What citizens send, as the forums receive it: restricted from the start, the secretary's four
answers, who reads and decides, the audit trail, the daily digest and erasing old data."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import privacy
from forums.errors import ForumError
from forums.minutes import rendering
from forums.models import Concern
from forums.models import Forum
from forums.models import Membership
from forums.models import RestrictedAccess
from forums.models import Submission
from forums.submissions import digest
from forums.submissions import permissions
from forums.submissions import services
from tests import factories
from tests.minutes_support import past_meeting
from tests.submission_support import received

CITIZEN_WORDS = "My neighbour shouts at his wife every night and she has bruises on her arms"


@pytest.fixture
def coming(forum):
    return factories.MeetingFactory(forum=forum, number=50)


@pytest.fixture
def committee(municipality):
    return factories.ForumFactory(
        municipality=municipality, kind=Forum.LPSC, name="KLSP Dardania", slug="klsp"
    )


def test_a_submission_in_a_category_restricted_by_default_is_restricted_from_the_start(
    forum, category, restricted_category
):
    assert received(restricted_category, forum).is_restricted
    assert not received(category, forum).is_restricted


def test_receiving_refuses_an_empty_text_and_a_forum_of_another_municipality(forum, other_forum, category):
    with pytest.raises(ForumError, match="Write what you want"):
        received(category, forum, text="   ")
    with pytest.raises(ForumError, match="forum of the municipality"):
        services.receive_submission(
            category=category, municipality=forum.municipality, forum=other_forum, text="Lights are out"
        )


def test_receiving_refuses_a_meeting_that_is_not_a_coming_public_one_of_the_forum(forum, category):
    held = past_meeting(forum)
    with pytest.raises(ForumError, match="coming meetings"):
        received(category, forum, meeting=held)


def test_the_history_never_holds_the_citizens_words_or_address(forum, restricted_category):
    submission = received(restricted_category, forum, text=CITIZEN_WORDS, email="citizen@example.org")
    row = submission.history.get()

    assert not hasattr(row, "text") and not hasattr(row, "email")
    assert row.history_change_reason == "received"


def test_the_secretary_accepts_it_onto_a_coming_meeting_as_a_citizens_concern(
    forum, secretary, category, coming
):
    submission = received(category, forum, text=CITIZEN_WORDS)

    concern = services.accept_submission(
        submission=submission, by=secretary, meeting=coming, summary="Domestic quarrels reported in a street"
    )

    submission.refresh_from_db()
    assert (concern.meeting, concern.source, concern.summary) == (
        coming,
        Concern.SOURCE_CITIZEN,
        "Domestic quarrels reported in a street",
    )
    assert (submission.status, submission.concern, submission.answered_by) == (
        Submission.ACCEPTED,
        concern,
        secretary,
    )
    assert submission.history.latest().history_user == secretary


def test_a_restricted_submission_becomes_a_restricted_concern(
    forum, secretary, restricted_category, category, coming
):
    concern = services.accept_submission(
        submission=received(restricted_category, forum),
        by=secretary,
        meeting=coming,
        summary="A case for the police liaison",
        category=category,
    )
    assert concern.is_restricted


def test_accepting_into_a_sensitive_category_restricts_the_submission_too(
    forum, secretary, category, restricted_category, coming
):
    submission = received(category, forum)
    services.accept_submission(
        submission=submission,
        by=secretary,
        meeting=coming,
        summary="Violence at home",
        category=restricted_category,
    )
    submission.refresh_from_db()
    assert submission.is_restricted and submission.concern.is_restricted


def test_the_public_summary_may_not_repeat_the_citizens_words(forum, secretary, category, coming):
    submission = received(category, forum, text=CITIZEN_WORDS)
    with pytest.raises(ForumError, match="repeats the citizen's own words"):
        services.accept_submission(
            submission=submission,
            by=secretary,
            meeting=coming,
            summary="Reported: he shouts at his wife every night, bruises",
        )
    assert Concern.objects.count() == 0


def test_accepting_needs_a_coming_meeting_of_the_forum(forum, other_forum, secretary, category):
    submission = received(category, forum)
    for meeting in (past_meeting(forum), factories.MeetingFactory(forum=other_forum, number=9)):
        with pytest.raises(ForumError, match="coming meeting of the forum"):
            services.accept_submission(submission=submission, by=secretary, meeting=meeting, summary="Lights")


def test_only_the_secretary_answers_and_only_once(forum, secretary, police_liaison, category, coming):
    submission = received(category, forum)
    with pytest.raises(ForumError, match="Only the secretary"):
        services.decline_submission(submission=submission, by=police_liaison, reason=Submission.DUPLICATE)
    services.decline_submission(submission=submission, by=secretary, reason=Submission.DUPLICATE)
    with pytest.raises(ForumError, match="already answered"):
        services.accept_submission(submission=submission, by=secretary, meeting=coming, summary="Lights")


def test_merging_joins_it_to_an_open_concern_and_refuses_a_closed_one(forum, secretary, category, meeting):
    open_concern = factories.ConcernFactory(meeting=meeting, category=category)
    closed = factories.ConcernFactory(meeting=meeting, category=category, status=Concern.CLOSED)
    submission = received(category, forum)

    with pytest.raises(ForumError, match="concern is closed"):
        services.merge_submission(submission=submission, by=secretary, concern=closed)
    services.merge_submission(submission=submission, by=secretary, concern=open_concern)

    submission.refresh_from_db()
    assert (submission.status, submission.concern) == (Submission.MERGED, open_concern)


def test_routing_moves_it_to_another_forums_queue_of_the_municipality(
    forum, other_forum, secretary, committee, category
):
    submission = received(category, forum)
    with pytest.raises(ForumError, match="same municipality"):
        services.route_submission(submission=submission, by=secretary, forum=other_forum)

    services.route_submission(submission=submission, by=secretary, forum=committee)

    assert list(permissions.queue(committee)) == [submission]
    assert list(permissions.queue(forum)) == []
    assert submission.history.latest().history_change_reason == f"routed to forum #{committee.pk}"


def test_handing_it_to_the_police_answers_it(forum, secretary, category):
    submission = services.route_submission(
        submission=received(category, forum),
        by=secretary,
        to_police=True,
        public_answer="The police will call you.",
    )
    assert (submission.status, submission.public_answer) == (
        Submission.ROUTED_TO_POLICE,
        "The police will call you.",
    )


def test_declining_needs_a_reason_from_the_list(forum, secretary, category):
    submission = received(category, forum)
    with pytest.raises(ForumError, match="Choose why"):
        services.decline_submission(submission=submission, by=secretary, reason="bored")
    services.decline_submission(submission=submission, by=secretary, reason=Submission.NOT_FORUM_MATTER)
    submission.refresh_from_db()
    assert submission.get_decline_reason_display() == "Not a matter for the safety forums"


def test_i_dont_know_submissions_wait_for_the_municipal_council(
    forum, committee, secretary, category, coming
):
    submission = services.receive_submission(
        category=category, municipality=forum.municipality, text="Dark park"
    )
    committee_secretary = factories.UserFactory(username="committee-secretary")
    factories.MembershipFactory(user=committee_secretary, forum=committee, role=Membership.SECRETARY)

    assert list(permissions.queue(forum)) == [submission]
    assert not permissions.can_read_submission(committee_secretary, submission)
    services.accept_submission(submission=submission, by=secretary, meeting=coming, summary="A dark park")
    submission.refresh_from_db()
    assert submission.forum == forum


def test_officers_and_members_never_read_what_citizens_wrote(
    forum, category, municipal_officer, member, chair, police_liaison
):
    submission = received(category, forum)
    assert not permissions.can_read_submission(municipal_officer, submission)
    assert not permissions.can_read_submission(member, submission)
    assert permissions.can_read_submission(chair, submission)
    assert permissions.can_read_submission(police_liaison, submission)


# --- Staff pages -------------------------------------------------------------------------------


def test_the_queue_and_the_dashboard_show_what_waits(client, forum, secretary, category, restricted_category):
    received(category, forum)
    received(restricted_category, forum)
    client.force_login(secretary)

    queue = client.get(reverse("submissions:queue")).content.decode()
    dashboard = client.get(reverse("forums:dashboard")).content.decode()

    assert queue.count("/staff/submissions/") >= 2
    assert "waiting for an answer" in dashboard
    assert "1 restricted" in dashboard


def test_the_dashboards_counts_take_two_queries_however_many_wait(
    forum, committee, secretary, category, restricted_category, django_assert_num_queries
):
    for _ in range(3):
        received(restricted_category, forum)
        services.receive_submission(category=category, municipality=forum.municipality, text="Dark park")
    received(category, committee)
    permissions.forum_ids_with(secretary, permissions.READER_ROLES)  # the roles are read once per request

    with django_assert_num_queries(2):
        [entry] = permissions.queues_for(secretary)

    assert (entry.forum, entry.waiting, entry.restricted) == (forum.name, 6, 3)


def test_reading_a_restricted_submission_goes_to_the_access_log(
    client, forum, secretary, restricted_category
):
    submission = received(restricted_category, forum, text=CITIZEN_WORDS)
    client.force_login(secretary)

    body = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()

    assert CITIZEN_WORDS in body
    access = RestrictedAccess.objects.get()
    assert (access.submission, access.user, access.surface) == (submission, secretary, "submission")


def test_accepting_from_the_page_leads_to_the_new_concern(client, forum, secretary, category, coming):
    submission = received(category, forum)
    client.force_login(secretary)
    url = reverse("submissions:accept", args=[submission.pk])

    empty = client.post(url, {"meeting": coming.pk, "category": category.pk})
    response = client.post(url, {"meeting": coming.pk, "category": category.pk, "summary": "School traffic"})

    assert "This field is required" in empty.content.decode()
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()


def test_the_copied_words_error_is_shown_next_to_the_summary(client, forum, secretary, category, coming):
    submission = received(category, forum, text=CITIZEN_WORDS)
    client.force_login(secretary)
    response = client.post(
        reverse("submissions:accept", args=[submission.pk]),
        {"meeting": coming.pk, "category": category.pk, "summary": CITIZEN_WORDS[:80]},
    )
    assert "repeats the citizen&#x27;s own words" in response.content.decode()


def test_routing_and_declining_from_the_page(client, forum, secretary, committee, category):
    first, second = received(category, forum), received(category, forum)
    client.force_login(secretary)

    client.post(reverse("submissions:route", args=[first.pk]), {"destination": committee.pk})
    client.post(reverse("submissions:decline", args=[second.pk]), {"decline_reason": Submission.ABUSIVE})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.forum == committee
    assert second.status == Submission.DECLINED


def test_the_forums_audit_trail_lists_each_answer(client, forum, secretary, chair, category):
    submission = received(category, forum)
    services.decline_submission(submission=submission, by=secretary, reason=Submission.DUPLICATE)
    client.force_login(chair)

    body = client.get(reverse("forums:forum_audit", args=[forum.slug])).content.decode()

    assert "Citizen&#x27;s submission" in body
    assert reverse("submissions:detail", args=[submission.pk]) in body


# --- What leaves the site -----------------------------------------------------------------------


def test_the_daily_digest_names_category_and_date_never_the_text(
    forum, secretary, member, restricted_category
):
    received(restricted_category, forum, text=CITIZEN_WORDS)

    assert digest.send_daily_digests(today=timezone.localdate()) == 1

    message = mail.outbox[0]
    assert message.to == [secretary.email]
    body = message.body + message.alternatives[0][0]
    assert restricted_category.name_sq in body  # in the municipality's language
    assert "neighbour" not in body and "bruises" not in body


def test_no_digest_when_nothing_waits(forum, secretary, category):
    services.decline_submission(
        submission=received(category, forum), by=secretary, reason=Submission.DUPLICATE
    )
    assert digest.send_daily_digests(today=timezone.localdate()) == 0


def test_the_minutes_say_a_concern_came_from_a_citizen_through_the_site(forum, secretary, category, coming):
    submission = received(category, forum)
    concern = services.accept_submission(
        submission=submission, by=secretary, meeting=coming, summary="Lights"
    )
    factories.ConcernFactory(meeting=coming, category=category, summary="Raised in the room")
    minutes = factories.MinutesFactory(meeting=coming)

    html = rendering.render_minutes_html(rendering.minutes_context(minutes))

    assert rendering.minutes_context(minutes)["raised_through_site"] == {concern.pk}
    assert html.count("A citizen, through this website") == 1


def test_minutes_holding_the_citizens_words_are_refused(forum, secretary, category, coming):
    submission = received(category, forum, text=CITIZEN_WORDS)
    services.accept_submission(submission=submission, by=secretary, meeting=coming, summary="Quarrels")

    found = privacy.restricted_text_in(coming, f"We heard: {CITIZEN_WORDS}.")

    assert [record.label for record in found] == [f"citizen's submission #{submission.pk}"]


def test_texts_and_addresses_are_erased_when_their_time_is_up(forum, secretary, category, settings):
    settings.SUBMISSION_TEXT_RETENTION_DAYS, settings.SUBMISSION_EMAIL_RETENTION_DAYS = 30, 60
    answered = received(category, forum, text=CITIZEN_WORDS, email="a@example.org")
    services.decline_submission(submission=answered, by=secretary, reason=Submission.DUPLICATE)
    waiting = received(category, forum, text="Still waiting", email="b@example.org")

    later = timezone.now() + datetime.timedelta(days=31)
    assert services.erase_expired_submission_data(now=later) == (1, 0)
    assert services.erase_expired_submission_data(now=later + datetime.timedelta(days=30)) == (0, 2)

    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert (answered.text, answered.email, answered.text_erased_at is not None) == ("", "", True)
    assert (waiting.text, waiting.email) == ("Still waiting", "")


def test_copied_words_are_found_whatever_the_case_and_punctuation():
    assert privacy.copies_citizen_words("At his wife, every night!", CITIZEN_WORDS) is False
    assert privacy.copies_citizen_words("he SHOUTS at his wife, every night!", CITIZEN_WORDS) is True
    assert privacy.copies_citizen_words("Lights are out", "lights are out") is True
    assert privacy.copies_citizen_words("Dark", "dark") is False
