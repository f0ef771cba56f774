"""Findings 1–3 and 5 of the privacy review: ordinary staff steps that moved restricted text public.

Each test takes the steps the reviewers reproduced on a running site, then reads every public
surface of the minutes (pages, lists, search, every PDF of every version in every language, the
feed, the calendar, the accountability page and CSV) for the marker.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from forums import escalation as escalation_services
from forums import services
from forums.errors import ForumError
from forums.minutes import services as minutes_services
from forums.models import Concern
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import RestrictedAccess
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.privacy.support import public_text

ACTION = "ZZCACT protection visit to house 12"
SUMMARY = "ZZCSUM quarrels heard at the corner house"
HOOD = "ZZCHOOD Lagjja e Vjetër"


@pytest.fixture
def traffic_concern(forum, category, police_unit):
    """A public traffic concern with an action, as first recorded at a held meeting (with attendance)."""
    meeting = past_meeting(forum)
    meeting.members_present.add(factories.MembershipFactory(forum=forum, role=Membership.MEMBER))
    concern = factories.ConcernFactory(
        meeting=meeting, category=category, summary=SUMMARY, neighbourhood=HOOD
    )
    factories.ActionFactory(meeting=meeting, concern=concern, title=ACTION, responsible_body=police_unit)
    return concern


def restrict(concern, *, by, category=None, capture=None):
    """What the reviewers did: switch the concern to domestic violence, restricted."""
    changes = {"visibility": Concern.RESTRICTED}
    if category is not None:
        changes["category"] = category
    if capture is None:
        return services.update_concern(concern=concern, by=by, **changes)
    with capture(execute=True):
        return services.update_concern(concern=concern, by=by, **changes)


def assert_nothing_public(client, meeting_ids, *markers):
    text = public_text(client, meeting_ids, search=markers[0])
    for marker in markers:
        assert marker not in text


# --- Finding 1: drafts copy text that later becomes restricted ----------------------------------


def test_1_a_draft_holding_an_action_title_of_a_concern_restricted_since_cannot_be_submitted(
    client, traffic_concern, secretary, restricted_category
):
    minutes = minutes_services.start_minutes(meeting=traffic_concern.meeting, by=secretary)
    assert ACTION in minutes.decisions  # pre-filled while the concern was public
    action = traffic_concern.actions.get()

    restrict(traffic_concern, by=secretary, category=restricted_category)

    with pytest.raises(ForumError, match=f"action #{action.pk}"):
        minutes_services.submit_minutes(minutes=minutes, by=secretary)
    assert_nothing_public(client, [traffic_concern.meeting_id], ACTION, SUMMARY, HOOD)


def test_1_restricting_after_submission_stops_approval(
    traffic_concern, secretary, chair, restricted_category
):
    minutes = minutes_services.start_minutes(meeting=traffic_concern.meeting, by=secretary)
    minutes_services.submit_minutes(minutes=minutes, by=secretary)
    restrict(traffic_concern, by=secretary, category=restricted_category)

    with pytest.raises(ForumError, match="restricted now"):
        minutes_services.approve_minutes(minutes=minutes, by=chair)


def test_1_restricting_between_approval_and_publication_stops_publication(
    traffic_concern, secretary, chair, restricted_category
):
    minutes = approved_minutes(traffic_concern.meeting, secretary=secretary, chair=chair)
    restrict(traffic_concern, by=secretary, category=restricted_category)

    with pytest.raises(ForumError, match="restricted now"):
        minutes_services.publish_minutes(minutes=minutes, by=secretary)


def test_1_restricting_while_the_pdf_renders_sends_the_minutes_back_instead_of_publishing(
    client, traffic_concern, secretary, chair, restricted_category, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(traffic_concern.meeting, secretary=secretary, chair=chair)
    with django_capture_on_commit_callbacks() as queued:
        minutes_services.publish_minutes(minutes=minutes, by=secretary)
    restrict(traffic_concern, by=secretary, category=restricted_category)

    for callback in queued:  # the worker picks the rendering up now
        callback()

    minutes.refresh_from_db()
    assert minutes.status == Minutes.DRAFT
    assert not minutes.versions.exists()
    assert "restricted" in minutes.return_comment
    assert_nothing_public(client, [traffic_concern.meeting_id], ACTION, SUMMARY)


def test_1_once_the_copied_text_is_removed_the_minutes_publish_without_it(
    client, traffic_concern, secretary, chair, restricted_category, django_capture_on_commit_callbacks
):
    minutes = minutes_services.start_minutes(meeting=traffic_concern.meeting, by=secretary)
    restrict(traffic_concern, by=secretary, category=restricted_category)
    minutes_services.edit_minutes(
        minutes=minutes, by=secretary, narrative=minutes.narrative, decisions="Patrols go on."
    )
    minutes = approved_minutes(traffic_concern.meeting, secretary=secretary, chair=chair)

    publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    assert minutes.status == Minutes.PUBLISHED
    assert_nothing_public(client, [traffic_concern.meeting_id], ACTION, SUMMARY, HOOD)


# --- Finding 2: restricting after publication takes it off the public site ----------------------


@pytest.fixture
def restrict_the_concern(traffic_concern, secretary, restricted_category, django_capture_on_commit_callbacks):
    """Restrict the traffic concern, running what its commit sets off (withdrawals, new versions)."""
    return lambda: restrict(
        traffic_concern,
        by=secretary,
        category=restricted_category,
        capture=django_capture_on_commit_callbacks,
    )


@pytest.fixture
def published_with_concern(traffic_concern, secretary, chair, django_capture_on_commit_callbacks):
    """Minutes published while the concern was public, its action title kept out of the decisions."""
    minutes = approved_minutes(
        traffic_concern.meeting, secretary=secretary, chair=chair, decisions="Patrols near the school."
    )
    return publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)


def test_2_before_restriction_the_published_minutes_show_the_concern(client, published_with_concern):
    text = public_text(client, [published_with_concern.meeting_id], search=SUMMARY)

    assert SUMMARY in text and ACTION in text


def test_2_restricting_withdraws_every_version_and_publishes_a_new_one_without_the_text(
    client, published_with_concern, restrict_the_concern
):
    restrict_the_concern()

    minutes = Minutes.objects.get(pk=published_with_concern.pk)
    assert minutes.status == Minutes.PUBLISHED
    assert {(v.number, v.is_withdrawn) for v in minutes.versions.all()} == {(1, True), (2, False)}
    assert_nothing_public(client, [minutes.meeting_id], ACTION, SUMMARY, HOOD)
    page = client.get(reverse("portal:minutes_detail", args=[minutes.meeting_id])).content.decode()
    assert "was withdrawn on" in page and "to protect a person's privacy" in page
    old = client.get(reverse("portal:minutes_version_pdf", args=[minutes.meeting_id, 1]))
    assert old.status_code == 410
    assert (
        "immutable"
        not in client.get(reverse("portal:minutes_version_pdf", args=[minutes.meeting_id, 2]))[
            "Cache-Control"
        ]
    )


def test_2_minutes_whose_own_text_holds_the_record_go_back_to_the_secretary_and_stay_withdrawn(
    client, traffic_concern, secretary, chair, restrict_the_concern, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(traffic_concern.meeting, secretary=secretary, chair=chair)  # decisions name it
    publish(minutes, by=secretary, capture=django_capture_on_commit_callbacks)

    restrict_the_concern()

    minutes.refresh_from_db()
    assert minutes.status == Minutes.DRAFT
    assert f"action #{traffic_concern.actions.get().pk}" in minutes.return_comment
    assert client.get(reverse("portal:minutes_pdf", args=[minutes.meeting_id])).status_code == 410
    assert_nothing_public(client, [minutes.meeting_id], ACTION, SUMMARY, HOOD)


def test_2_later_minutes_listing_the_action_in_their_follow_up_are_withdrawn_too(
    client,
    published_with_concern,
    restrict_the_concern,
    forum,
    secretary,
    chair,
    django_capture_on_commit_callbacks,
):
    later = past_meeting(forum, days_ago=2)
    later_minutes = publish(
        approved_minutes(later, secretary=secretary, chair=chair, narrative="Next sitting"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    assert ACTION in later_minutes.versions.first().text  # its follow-up section lists the action

    restrict_the_concern()

    assert later_minutes.versions.filter(number=1, withdrawn_at__isnull=False).exists()
    assert_nothing_public(client, [published_with_concern.meeting_id, later.pk], ACTION, SUMMARY)


def test_2_an_administrator_still_reads_a_withdrawn_version_and_the_read_is_logged(
    client, published_with_concern, restrict_the_concern, admin_user
):
    restrict_the_concern()
    client.force_login(admin_user)
    withdrawn = published_with_concern.versions.get(number=1, language="sq")

    response = client.get(reverse("admin:forums_minutes_version_pdf", args=[withdrawn.pk]))

    assert response.status_code == 200
    assert list(RestrictedAccess.objects.values_list("user", "surface")) == [
        (admin_user.pk, "withdrawn_version")
    ]


# --- Finding 3: escalated copies follow their original ------------------------------------------


@pytest.fixture
def escalation(forum, category, secretary, chair):
    """A public LPSC concern escalated to the council (`forum`), both forums' minutes published."""
    committee = factories.ForumFactory(municipality=forum.municipality, kind="lpsc", name="KLSP Ulpiana")
    committee_secretary = factories.UserFactory(username="lpsc-secretary")
    factories.MembershipFactory(user=committee_secretary, forum=committee, role=Membership.SECRETARY)
    council_meeting = factories.MeetingFactory(
        forum=forum, number=7, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    original = factories.ConcernFactory(
        meeting=past_meeting(committee, days_ago=3), category=category, summary=SUMMARY, neighbourhood=HOOD
    )
    copy = escalation_services.escalate_concern(concern=original, by=committee_secretary)
    return original, copy, committee_secretary, council_meeting


def test_3_restricting_the_original_restricts_the_councils_copy(escalation):
    original, copy, committee_secretary, _meeting = escalation

    services.update_concern(concern=original, by=committee_secretary, visibility=Concern.RESTRICTED)

    copy.refresh_from_db()
    assert copy.visibility == Concern.RESTRICTED


def test_3_a_password_only_council_member_no_longer_reads_the_copy(client, escalation, forum):
    original, copy, committee_secretary, _meeting = escalation
    member = factories.UserFactory(username="council-member")
    factories.MembershipFactory(user=member, forum=forum, role=Membership.MEMBER)
    client.force_login(member)
    assert client.get(reverse("forums:concern_detail", args=[copy.pk])).status_code == 200

    services.update_concern(concern=original, by=committee_secretary, visibility=Concern.RESTRICTED)

    assert client.get(reverse("forums:concern_detail", args=[copy.pk])).status_code == 404


def test_3_the_councils_published_minutes_are_withdrawn_when_the_original_is_restricted(
    client, escalation, secretary, chair, django_capture_on_commit_callbacks
):
    original, copy, committee_secretary, council_meeting = escalation
    council_meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    council_meeting.status = Meeting.HELD
    council_meeting.save()
    council_minutes = publish(
        approved_minutes(council_meeting, secretary=secretary, chair=chair, narrative="Council sitting"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    assert SUMMARY in council_minutes.versions.first().text

    with django_capture_on_commit_callbacks(execute=True):
        services.update_concern(concern=original, by=committee_secretary, visibility=Concern.RESTRICTED)

    assert_nothing_public(client, [council_meeting.pk, original.meeting_id], SUMMARY, HOOD)


def test_3_restricting_the_copy_restricts_the_original_too(escalation, secretary):
    original, copy, _committee_secretary, _meeting = escalation

    services.update_concern(concern=copy, by=secretary, visibility=Concern.RESTRICTED)

    original.refresh_from_db()
    assert original.visibility == Concern.RESTRICTED


# --- Finding 5: an action to a sensitive body without its concern --------------------------------


def test_5_an_unlinked_action_to_a_sensitive_body_is_never_published(
    client, forum, secretary, chair, django_capture_on_commit_callbacks
):
    unit = factories.ResponsibleBodyFactory(
        municipality=forum.municipality, name_sq="Njësia për dhunë në familje", handles_sensitive_cases=True
    )
    meeting = past_meeting(forum)
    factories.ActionFactory(meeting=meeting, title=ACTION, responsible_body=unit)

    minutes = minutes_services.start_minutes(meeting=meeting, by=secretary)
    assert ACTION not in minutes.decisions
    minutes = publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="Sitting"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )

    assert_nothing_public(client, [meeting.pk], ACTION)
    with translation.override("sq"):
        counted = gettext(
            "Fewer than %(minimum)s further actions are restricted: they are counted, not shown."
        )
    assert counted % {"minimum": 3} in minutes.versions.get(language="sq").text


def test_5_a_public_update_on_an_action_of_a_sensitive_body_stays_off_the_accountability_page(
    client, forum, category
):
    unit = factories.ResponsibleBodyFactory(municipality=forum.municipality, handles_sensitive_cases=True)
    concern = factories.ConcernFactory(
        meeting=past_meeting(forum), category=category, summary="Dark underpass"
    )
    action = factories.ActionFactory(
        meeting=concern.meeting, concern=concern, title=ACTION, responsible_body=unit
    )
    factories.ActionUpdateFactory(action=action, note="ZZCNOTE visited the family", is_public=True)

    page = client.get(reverse("portal:accountability")).content.decode()

    assert "ZZCNOTE" not in page and ACTION not in page


def test_1_restricted_text_written_into_the_agenda_discussion_also_stops_the_minutes(
    traffic_concern, secretary, restricted_category
):
    factories.AgendaItemFactory(
        meeting=traffic_concern.meeting, title="Safety", discussion=f"We heard: {SUMMARY}."
    )
    minutes = minutes_services.start_minutes(meeting=traffic_concern.meeting, by=secretary)
    minutes_services.edit_minutes(
        minutes=minutes, by=secretary, narrative="Sitting", decisions="Patrols go on."
    )
    restrict(traffic_concern, by=secretary, category=restricted_category)

    with pytest.raises(ForumError, match=f"concern #{traffic_concern.pk}"):
        minutes_services.submit_minutes(minutes=minutes, by=secretary)


def test_5_marking_a_published_action_restricted_withdraws_the_minutes_that_showed_it(
    client, published_with_concern, traffic_concern, secretary, django_capture_on_commit_callbacks
):
    from actions.services import reassign_action

    action = traffic_concern.actions.get()
    with django_capture_on_commit_callbacks(execute=True):
        reassign_action(
            action=action,
            by=secretary,
            responsible_body=action.responsible_body,
            assignee=None,
            due_date=action.due_date,
            marked_restricted=True,
        )

    assert published_with_concern.versions.filter(number=1, withdrawn_at__isnull=False).exists()
    assert_nothing_public(client, [published_with_concern.meeting_id], ACTION)
    assert SUMMARY in public_text(client, [published_with_concern.meeting_id], search=SUMMARY)  # still public


def test_5_flagging_a_body_as_sensitive_in_the_admin_withdraws_its_published_actions(
    client, published_with_concern, traffic_concern, admin_user, django_capture_on_commit_callbacks
):
    body = traffic_concern.actions.get().responsible_body
    client.force_login(admin_user)
    form = {
        "municipality": body.municipality_id,
        "kind": body.kind,
        "name_sq": body.name_sq,
        "name_sr": body.name_sr,
        "handles_sensitive_cases": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:actions_responsiblebody_change", args=[body.pk]), form)

    assert response.status_code == 302
    body.refresh_from_db()
    assert body.handles_sensitive_cases
    assert_nothing_public(client, [published_with_concern.meeting_id], ACTION)
