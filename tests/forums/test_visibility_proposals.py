"""Two people to publish a sensitive concern: the secretary proposes, the chair confirms or declines."""

import pytest
from django.db import IntegrityError
from django.db import transaction

from forums import services
from forums import visibility
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Forum
from forums.models import Membership
from forums.models import VisibilityProposal
from tests import factories

REFUSED = "becomes public only when the chair confirms"


def reload(concern: Concern) -> Concern:
    return Concern.objects.get(pk=concern.pk)


# --- The guard: one person cannot make a sensitive concern public --------------------------------


def test_a_sensitive_concern_cannot_be_logged_as_public(meeting, secretary, restricted_category):
    with pytest.raises(ForumError, match=REFUSED) as error:
        services.log_concern(
            meeting=meeting,
            by=secretary,
            category=restricted_category,
            summary="Case at home",
            visibility=Concern.PUBLIC,
        )

    assert error.value.field == "visibility"
    assert not Concern.objects.exists()


def test_switching_a_sensitive_concern_to_public_is_refused(sensitive, secretary):
    with pytest.raises(ForumError, match=REFUSED) as error:
        services.update_concern(concern=sensitive, by=secretary, visibility=Concern.PUBLIC)

    assert error.value.field == "visibility"
    assert reload(sensitive).is_restricted


def test_moving_a_public_concern_into_a_sensitive_category_is_refused(
    meeting, secretary, category, restricted_category
):
    concern = factories.ConcernFactory(meeting=meeting, category=category, visibility=Concern.PUBLIC)

    with pytest.raises(ForumError, match=REFUSED):
        services.update_concern(concern=concern, by=secretary, category=restricted_category)

    assert reload(concern).category == category


def test_recategorising_and_publishing_in_one_save_is_refused(sensitive, secretary, category):
    with pytest.raises(ForumError, match=REFUSED):
        services.update_concern(concern=sensitive, by=secretary, category=category, visibility=Concern.PUBLIC)

    assert reload(sensitive).is_restricted


def test_an_ordinary_concern_is_still_switched_to_public_by_the_secretary_alone(meeting, secretary, category):
    concern = factories.ConcernFactory(meeting=meeting, category=category, visibility=Concern.RESTRICTED)

    services.update_concern(concern=concern, by=secretary, visibility=Concern.PUBLIC)

    assert reload(concern).visibility == Concern.PUBLIC


def test_a_confirmed_concern_stays_editable_and_restricting_it_needs_nobody(
    proposal, sensitive, secretary, chair
):
    visibility.confirm_public(proposal=proposal, by=chair)
    concern = reload(sensitive)

    services.update_concern(
        concern=concern, by=secretary, summary="Awareness evening", visibility=Concern.PUBLIC
    )
    assert reload(sensitive).summary == "Awareness evening"

    services.update_concern(concern=reload(sensitive), by=secretary, visibility=Concern.RESTRICTED)
    assert reload(sensitive).is_restricted


# --- Proposing -----------------------------------------------------------------------------------


def test_the_secretary_proposes_with_a_reason_and_the_history_names_them(proposal, sensitive, secretary):
    assert proposal.status == VisibilityProposal.PENDING
    assert proposal.reason == "General awareness topic, no case"
    assert proposal.proposed_by == secretary
    [row] = proposal.history.all()
    assert (row.history_type, row.history_user, row.history_change_reason) == ("+", secretary, "proposed")
    assert reload(sensitive).is_restricted


def test_a_proposal_needs_a_reason(sensitive, secretary):
    with pytest.raises(ForumError, match="Say why the concern may be public") as error:
        visibility.propose_public(concern=sensitive, by=secretary, reason="   ")

    assert error.value.field == "reason"
    assert not VisibilityProposal.objects.exists()


@pytest.mark.parametrize("persona", ["chair", "police_liaison", "member", "outsider"])
def test_only_the_secretary_may_propose(request, sensitive, persona):
    someone = request.getfixturevalue(persona)

    with pytest.raises(ForumError, match="Only the forum's secretary can propose"):
        visibility.propose_public(concern=sensitive, by=someone, reason="Awareness")

    assert not VisibilityProposal.objects.exists()


def test_an_ordinary_concern_needs_no_proposal(meeting, secretary, category):
    concern = factories.ConcernFactory(meeting=meeting, category=category, visibility=Concern.RESTRICTED)

    with pytest.raises(ForumError, match="need no proposal"):
        visibility.propose_public(concern=concern, by=secretary, reason="Awareness")


def test_a_public_concern_cannot_be_proposed(proposal, sensitive, secretary, chair):
    visibility.confirm_public(proposal=proposal, by=chair)

    with pytest.raises(ForumError, match="already public"):
        visibility.propose_public(concern=reload(sensitive), by=secretary, reason="Again")


def test_one_proposal_waits_per_concern(proposal, sensitive, secretary):
    with pytest.raises(ForumError, match="already waiting for the chair"):
        visibility.propose_public(concern=sensitive, by=secretary, reason="Twice")

    # The database holds the same line when the service is bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        VisibilityProposal.objects.create(concern=sensitive, reason="Bypass", proposed_by=secretary)


@pytest.fixture
def committee(municipality):
    """A local committee of the home municipality, with its own secretary and chair."""
    committee = factories.ForumFactory(municipality=municipality, kind=Forum.LPSC)
    for role in (Membership.SECRETARY, Membership.CHAIR):
        factories.MembershipFactory(
            user=factories.UserFactory(username=f"lpsc-{role}"), forum=committee, role=role
        )
    return committee


def committee_person(committee, role):
    return committee.memberships.get(role=role).user


@pytest.fixture
def escalated(forum, committee, restricted_category):
    """A committee's sensitive concern and its copy in the home council, both restricted."""
    council_copy = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=forum, number=5),
        category=restricted_category,
        visibility=Concern.RESTRICTED,
    )
    original = factories.ConcernFactory(
        meeting=factories.MeetingFactory(forum=committee, number=1),
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        escalated_to=council_copy,
    )
    return original, council_copy


def test_a_proposal_waiting_on_the_escalated_record_counts_for_both(escalated, committee, secretary):
    original, council_copy = escalated
    visibility.propose_public(
        concern=original, by=committee_person(committee, Membership.SECRETARY), reason="Awareness"
    )

    with pytest.raises(ForumError, match="already waiting for the chair"):
        visibility.propose_public(concern=council_copy, by=secretary, reason="Also")


# --- Confirming and declining --------------------------------------------------------------------


def test_the_chair_confirms_and_the_concerns_history_names_the_proposal(
    proposal, sensitive, secretary, chair
):
    visibility.confirm_public(proposal=proposal, by=chair)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (VisibilityProposal.CONFIRMED, chair)
    assert proposal.decided_at is not None
    concern = reload(sensitive)
    assert concern.visibility == Concern.PUBLIC
    latest = concern.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == chair
    assert latest.history_change_reason == f"made public by proposal #{proposal.pk}"
    steps = [(row.history_user, row.history_change_reason) for row in proposal.history.order_by("history_id")]
    assert steps == [(secretary, "proposed"), (chair, "confirmed")]


def test_confirming_makes_the_escalated_record_public_too_and_says_why(escalated, committee):
    original, council_copy = escalated
    proposal = visibility.propose_public(
        concern=original, by=committee_person(committee, Membership.SECRETARY), reason="Awareness"
    )

    visibility.confirm_public(proposal=proposal, by=committee_person(committee, Membership.CHAIR))

    copy = reload(council_copy)
    assert copy.visibility == Concern.PUBLIC
    latest = copy.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == f"made public by proposal #{proposal.pk}"


@pytest.mark.parametrize("persona", ["secretary", "police_liaison", "member", "outsider"])
def test_only_the_chair_may_confirm(request, proposal, sensitive, persona):
    someone = request.getfixturevalue(persona)

    with pytest.raises(ForumError, match="Only the forum's chair can confirm"):
        visibility.confirm_public(proposal=proposal, by=someone)

    assert reload(sensitive).is_restricted
    assert VisibilityProposal.objects.get().status == VisibilityProposal.PENDING


def test_whoever_proposed_cannot_confirm_even_when_also_chair(forum, sensitive, secretary):
    factories.MembershipFactory(user=secretary, forum=forum, role=Membership.CHAIR)
    proposal = visibility.propose_public(concern=sensitive, by=secretary, reason="Awareness")

    with pytest.raises(ForumError, match="Two people must agree"):
        visibility.confirm_public(proposal=proposal, by=secretary)

    assert reload(sensitive).is_restricted


def test_a_chair_of_another_forum_cannot_confirm(proposal, sensitive, other_forum):
    stranger = factories.UserFactory(username="other-chair")
    factories.MembershipFactory(user=stranger, forum=other_forum, role=Membership.CHAIR)

    with pytest.raises(ForumError, match="Only the forum's chair can confirm"):
        visibility.confirm_public(proposal=proposal, by=stranger)

    assert reload(sensitive).is_restricted


def test_the_chair_declines_and_the_concern_stays_restricted(proposal, sensitive, secretary, chair):
    visibility.decline_public(proposal=proposal, by=chair)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (VisibilityProposal.DECLINED, chair)
    assert reload(sensitive).is_restricted
    assert [row.history_change_reason for row in proposal.history.order_by("history_id")] == [
        "proposed",
        "declined",
    ]
    # A later, better reason may be proposed again.
    assert (
        visibility.propose_public(concern=sensitive, by=secretary, reason="No case at all").pk != proposal.pk
    )


@pytest.mark.parametrize("persona", ["secretary", "police_liaison"])
def test_only_the_chair_may_decline(request, proposal, persona):
    with pytest.raises(ForumError, match="Only the forum's chair can decline"):
        visibility.decline_public(proposal=proposal, by=request.getfixturevalue(persona))

    assert VisibilityProposal.objects.get().status == VisibilityProposal.PENDING


def test_a_decided_proposal_cannot_be_decided_again(proposal, sensitive, chair):
    visibility.decline_public(proposal=proposal, by=chair)

    with pytest.raises(ForumError, match="already declined"):
        visibility.confirm_public(proposal=proposal, by=chair)
    assert reload(sensitive).is_restricted

    again = visibility.propose_public(concern=sensitive, by=proposal.proposed_by, reason="Again")
    visibility.confirm_public(proposal=again, by=chair)
    with pytest.raises(ForumError, match="already confirmed"):
        visibility.decline_public(proposal=again, by=chair)


# --- What the chair checks beside the minutes preview --------------------------------------------


def test_the_review_lists_public_and_proposed_sensitive_concerns_with_who_and_why(
    meeting, secretary, chair, restricted_category, category
):
    confirmed = factories.ConcernFactory(
        meeting=meeting, category=restricted_category, visibility="restricted"
    )
    first = visibility.propose_public(concern=confirmed, by=secretary, reason="Awareness")
    visibility.confirm_public(proposal=first, by=chair)
    waiting = factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility="restricted")
    pending = visibility.propose_public(concern=waiting, by=secretary, reason="No case")
    unconfirmed = factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility="public")
    factories.ConcernFactory(meeting=meeting, category=restricted_category, visibility="restricted")
    factories.ConcernFactory(meeting=meeting, category=category, visibility="public")

    rows = visibility.sensitive_publications(meeting)

    assert [(r.concern.pk, r.confirmed, r.pending) for r in rows] == [
        (confirmed.pk, first, None),
        (waiting.pk, None, pending),
        (unconfirmed.pk, None, None),
    ]


def test_the_councils_review_shows_the_confirmation_given_on_the_committees_record(escalated, committee):
    original, council_copy = escalated
    proposal = visibility.propose_public(
        concern=original, by=committee_person(committee, Membership.SECRETARY), reason="Awareness"
    )
    visibility.confirm_public(proposal=proposal, by=committee_person(committee, Membership.CHAIR))

    [row] = visibility.sensitive_publications(council_copy.meeting)

    assert (row.concern.pk, row.confirmed, row.pending) == (council_copy.pk, proposal, None)
