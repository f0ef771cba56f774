"""The trust survey's rules: when it is open, an answer, themes, results below and at the minimum, and
what the minutes say of it (the offer with its QR code, the previous survey's results)."""

import datetime
import io

import pytest
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from forums import extensions
from forums import privacy
from forums import signals
from forums import survey
from forums.errors import ForumError
from forums.minutes import rendering
from forums.models import MinutesVersion
from forums.models import SurveyResponse
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.minutes_support import published_without_pdf

ALL_AGREE = dict.fromkeys(SurveyResponse.statement_fields(), SurveyResponse.AGREE)


@pytest.fixture
def published(forum, chair):
    return published_without_pdf(forum, chair=chair)


@pytest.fixture
def rendered(forum, secretary, chair, django_capture_on_commit_callbacks):
    """A meeting whose minutes went through the whole workflow: HTML and PDF rendered."""
    meeting = past_meeting(forum, days_ago=14)
    publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    return meeting


def backdate(meeting, days: int) -> None:
    MinutesVersion.objects.filter(minutes__meeting=meeting).update(
        published_at=timezone.now() - datetime.timedelta(days=days)
    )


# --- When it is open ---------------------------------------------------------------------------------


def test_a_survey_opens_when_the_minutes_are_first_published_and_closes_after_the_weeks_set(
    published, settings
):
    settings.SURVEY_OPEN_WEEKS = 6
    first = MinutesVersion.objects.get(minutes__meeting=published).published_at

    assert survey.closes_at(published) == first + datetime.timedelta(weeks=6)
    assert survey.is_open(published)
    backdate(published, 6 * 7 + 1)
    assert not survey.is_open(published)


def test_a_meeting_without_published_minutes_has_no_survey_yet(forum):
    assert survey.closes_at(past_meeting(forum)) is None
    assert not survey.is_open(past_meeting(forum))


def test_a_closed_meeting_or_an_inactive_forums_meeting_has_no_survey(published, forum):
    published.is_public = False
    assert survey.closes_at(published) is None
    published.is_public = True
    forum.active = False
    assert survey.closes_at(published) is None


# --- Answers and themes ------------------------------------------------------------------------------


def test_an_answer_is_stored_with_the_day_only_and_no_trace_of_who_gave_it(published):
    response = survey.record_survey_response(
        meeting=published, answers=ALL_AGREE, attended=True, comment="  Më shumë drita  "
    )

    assert response.answered_on == timezone.localdate()
    assert response.comment == "Më shumë drita"
    stored = {field.name for field in SurveyResponse._meta.get_fields()}
    assert stored == {
        "id",
        "meeting",
        "answered_on",
        *SurveyResponse.statement_fields(),
        "attended",
        "comment",
        "theme",
    }


def test_an_answer_to_a_closed_survey_is_refused(published):
    backdate(published, 365)
    with pytest.raises(ForumError, match="This survey is closed"):
        survey.record_survey_response(meeting=published, answers=ALL_AGREE)
    assert not SurveyResponse.objects.exists()


def test_an_answer_must_give_every_statement_dont_know_included(published):
    answers = {**ALL_AGREE}
    del answers["fair"]
    with pytest.raises(ForumError, match="every statement") as refused:
        survey.record_survey_response(meeting=published, answers=answers)
    assert refused.value.field == "fair"


def test_the_secretary_files_a_comment_under_a_theme(published, secretary):
    response = factories.SurveyResponseFactory(meeting=published, comment="Faleminderit")

    survey.assign_theme(response=response, theme="praise", by=secretary)

    response.refresh_from_db()
    assert (response.theme, response.comment) == ("praise", "Faleminderit")


def test_setting_a_comment_aside_erases_its_text_and_keeps_it_counted(published, secretary):
    response = factories.SurveyResponseFactory(meeting=published, comment="Emri i një personi")

    survey.assign_theme(response=response, theme=SurveyResponse.SET_ASIDE, by=secretary)

    response.refresh_from_db()
    assert (response.theme, response.comment) == (SurveyResponse.SET_ASIDE, "")
    _waiting, themes = survey.comments_by_theme(published.forum)
    assert [(group.code, group.count) for group in themes] == [(SurveyResponse.SET_ASIDE, 1)]


@pytest.mark.parametrize("persona", ["chair", "police_liaison", "member", "outsider"])
def test_only_the_secretary_files_comments(published, personas, persona):
    response = factories.SurveyResponseFactory(meeting=published, comment="Një koment")
    with pytest.raises(ForumError, match="Only the forum's secretary"):
        survey.assign_theme(response=response, theme="praise", by=getattr(personas, persona))


def test_a_theme_outside_the_list_is_refused(published, secretary):
    response = factories.SurveyResponseFactory(meeting=published, comment="Një koment")
    with pytest.raises(ForumError, match="from the list"):
        survey.assign_theme(response=response, theme="anything", by=secretary)


# --- Results (privacy rule 10) --------------------------------------------------------------------------


def test_nine_answers_are_suppressed_and_ten_are_shown(published, settings):
    settings.SURVEY_MIN_ANSWERS = 10
    for _n in range(9):
        factories.SurveyResponseFactory(meeting=published)
    nine = survey.results(SurveyResponse.objects.all()).share_of("good_job")

    factories.SurveyResponseFactory(meeting=published, good_job=SurveyResponse.DISAGREE)
    ten = survey.results(SurveyResponse.objects.all()).share_of("good_job")

    assert (nine.suppressed, nine.percent, str(nine)) == (True, None, "fewer than 10 answers")
    assert nine.answers_csv == "<10"
    assert (ten.suppressed, ten.percent, ten.fraction, str(ten)) == (False, 90, 0.9, "90% agree (n = 10)")


def test_dont_know_counts_in_no_share_and_in_no_n(published, settings):
    settings.SURVEY_MIN_ANSWERS = 2
    factories.SurveyResponseFactory(meeting=published, fair=SurveyResponse.DONT_KNOW)
    factories.SurveyResponseFactory(meeting=published, fair=SurveyResponse.STRONGLY_AGREE)
    factories.SurveyResponseFactory(meeting=published, fair=SurveyResponse.NEITHER)

    share = survey.results(SurveyResponse.objects.all()).share_of("fair")

    assert (share.agreeing, share.answers, share.percent) == (1, 2, 50)


def test_no_answers_read_as_none_not_as_suppressed():
    share = privacy.shown_share(0, 0)
    assert (share.suppressed, share.percent, str(share)) == (False, None, "no answers")


def test_results_by_quarter_group_answers_by_the_quarter_they_were_given_in(published, forum, settings):
    settings.SURVEY_MIN_ANSWERS = 1
    today = datetime.date(2026, 5, 20)
    factories.SurveyResponseFactory(meeting=published, answered_on=datetime.date(2026, 4, 1))
    factories.SurveyResponseFactory(
        meeting=published, answered_on=datetime.date(2026, 3, 31), good_job=SurveyResponse.DISAGREE
    )
    quarters = survey.recent_quarters(today, 2)

    [row] = survey.results_by_quarter(
        SurveyResponse.objects.all(),
        by="meeting__forum_id",
        quarters=quarters,
        labels={forum.pk: (forum, "F")},
    )

    assert quarters == [datetime.date(2026, 1, 1), datetime.date(2026, 4, 1)]
    assert [row.quarters[start].share_of("good_job").percent for start in quarters] == [0, 100]


# --- In the minutes ------------------------------------------------------------------------------------


def test_published_minutes_offer_the_survey_with_its_address_and_a_qr_code_in_the_pdf(rendered):
    version = MinutesVersion.objects.get(minutes__meeting=rendered, language="sq")
    address = f"/feedback/{rendered.pk}/"

    # The Albanian version of the minutes offers the survey in Albanian.
    with translation.override(version.language):
        heading = gettext("Tell us what you think")
    assert heading in version.html
    assert address in version.html
    assert '<svg class="qr"' in version.html
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(version.pdf.read())).pages)
    assert address in text


def test_without_the_portal_the_minutes_offer_no_survey(published, monkeypatch):
    monkeypatch.setattr(extensions, "_survey_link", [])
    assert rendering.survey_offer(published) is None


def test_a_correction_after_the_survey_closed_offers_it_no_more(published):
    backdate(published, 365)
    assert rendering.survey_offer(published, published_at=timezone.now()) is None


def test_the_qr_code_is_a_square_of_modules_in_its_quiet_zone_with_its_finder_patterns():
    from forum_site.lib.qr import qr_code

    code = qr_code("https://forums.example.org/feedback/12/")

    modules = code.size - 8  # a quiet zone of 4 modules on each side
    assert modules >= 21 and (modules - 17) % 4 == 0  # a QR version's size: 17 + 4 × version
    # Each finder pattern's top edge: seven dark modules in a row, at three corners.
    assert code.path.startswith("M4 4h7v1h-7z")
    assert f"M{code.size - 11} 4h7v1h-7z" in code.path
    assert f"M4 {code.size - 11}h7v1h-7z" in code.path


def test_the_next_meetings_minutes_give_the_previous_surveys_results_gated_the_same_way(
    published, forum, secretary, chair, settings
):
    settings.SURVEY_MIN_ANSWERS = 10
    for n in range(10):
        factories.SurveyResponseFactory(
            meeting=published,
            informed=SurveyResponse.DISAGREE if n < 3 else SurveyResponse.AGREE,
            forum_told=SurveyResponse.DONT_KNOW,
        )
    for _n in range(9):
        factories.SurveyResponseFactory(meeting=published)
    later = past_meeting(forum, days_ago=1)
    minutes = approved_minutes(later, secretary=secretary, chair=chair)

    context = rendering.minutes_context(minutes)
    body = rendering.render_minutes_html(context)

    assert context["previous_survey"].meeting == published
    assert "What citizens answered after the previous meeting" in body
    assert "19 answers so far" in body
    assert "84% agree (n = 19)" in body  # well informed: 16 of 19
    assert "100% agree (n = 19)" in body  # a good job
    assert "fewer than 10 answers" in body  # the forum told me: 9 opinions, 10 "don't know"


def test_minutes_without_an_earlier_surveyed_meeting_say_nothing_of_a_survey(forum, secretary, chair):
    minutes = approved_minutes(past_meeting(forum), secretary=secretary, chair=chair)
    assert rendering.minutes_context(minutes)["previous_survey"] is None


# --- Signals the portal listens to -----------------------------------------------------------------------


def test_scheduling_announces_the_meetings_only_once_committed(
    forum, secretary, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, **arguments):
        heard.append(arguments)

    signals.meeting_scheduled.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as pending:
            from forums import services

            meetings = services.schedule_meeting(
                forum=forum,
                by=secretary,
                starts_at=timezone.now() + datetime.timedelta(days=9),
                location="Salla",
                repeat_monthly=2,
            )
        assert heard == []
        for callback in pending:
            callback()
    finally:
        signals.meeting_scheduled.disconnect(listener)

    assert heard == [{"signal": signals.meeting_scheduled, "meeting_ids": [m.pk for m in meetings]}]


def test_publishing_announces_the_version_once_rendered(
    forum, secretary, chair, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, **arguments):
        heard.append((arguments["minutes_id"], arguments["version_number"]))

    signals.minutes_published.connect(listener)
    try:
        minutes = publish(
            approved_minutes(past_meeting(forum), secretary=secretary, chair=chair),
            by=secretary,
            capture=django_capture_on_commit_callbacks,
        )
    finally:
        signals.minutes_published.disconnect(listener)

    assert heard == [(minutes.pk, 1)]
