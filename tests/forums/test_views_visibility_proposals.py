"""The pages of the two-person rule: propose, review, confirm after re-entering the password, decline."""

import pytest
from django.urls import reverse

from forums import visibility as visibility_rules
from forums.minutes import services as minutes_services
from forums.models import Concern
from forums.models import Membership
from forums.models import Minutes
from forums.models import VisibilityProposal
from forums.models import display_name
from tests import factories
from tests.factories import totp_code
from tests.minutes_support import past_meeting
from tests.session_support import fresh_login

pytestmark = pytest.mark.usefixtures("english")

PASSWORD = "correct-horse-battery"


def propose_url(concern):
    return reverse("forums:concern_propose_public", args=[concern.pk])


def confirm_url(proposal):
    return reverse("forums:proposal_confirm", args=[proposal.pk])


def is_public(concern) -> bool:
    return Concern.objects.get(pk=concern.pk).visibility == Concern.PUBLIC


# --- The secretary proposes ----------------------------------------------------------------------


def test_the_secretary_proposes_from_the_concern_page(client, secretary, sensitive):
    client.force_login(secretary)
    page = client.get(sensitive.get_absolute_url()).content.decode()
    assert propose_url(sensitive) in page

    response = client.post(propose_url(sensitive), {"reason": "General awareness topic, no case"})

    assert response["Location"] == sensitive.get_absolute_url()
    proposal = VisibilityProposal.objects.get()
    assert (proposal.proposed_by, proposal.status) == (secretary, VisibilityProposal.PENDING)
    assert not is_public(sensitive)
    page = client.get(sensitive.get_absolute_url()).content.decode()
    assert "Proposed to be public, awaiting the chair." in page
    assert "General awareness topic, no case" in page
    assert propose_url(sensitive) not in page


def test_a_proposal_without_a_reason_is_sent_back(client, secretary, sensitive):
    client.force_login(secretary)

    response = client.post(propose_url(sensitive), {"reason": ""})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not VisibilityProposal.objects.exists()


def test_the_propose_page_says_when_a_proposal_already_waits(client, secretary, proposal, sensitive):
    client.force_login(secretary)

    response = client.get(propose_url(sensitive))

    assert "is already waiting for the chair" in response.content.decode()
    assert 'name="reason"' not in response.content.decode()


# --- The chair confirms after entering the password again ----------------------------------------


def test_the_chair_finds_the_proposal_on_the_dashboard(client, chair, secretary, proposal):
    client.force_login(chair)
    response = client.get(reverse("forums:dashboard"))
    assert list(response.context["proposals_to_decide"]) == [proposal]
    assert reverse("forums:proposal_detail", args=[proposal.pk]) in response.content.decode()

    client.force_login(secretary)
    assert client.get(reverse("forums:dashboard")).context["proposals_to_decide"] == []


def test_the_proposal_page_shows_what_citizens_would_read_and_not_the_details(client, chair, proposal):
    client.force_login(chair)

    page = client.get(reverse("forums:proposal_detail", args=[proposal.pk])).content.decode()

    assert "General awareness topic, no case" in page
    assert "Awareness evening on violence at home" in page
    assert "Lagjja Dardania" in page
    assert proposal.concern.details not in page
    assert confirm_url(proposal) in page
    assert reverse("forums:proposal_decline", args=[proposal.pk]) in page


def test_the_secretary_reads_the_proposal_but_gets_no_decision_buttons(client, secretary, proposal):
    client.force_login(secretary)

    page = client.get(reverse("forums:proposal_detail", args=[proposal.pk])).content.decode()

    assert "General awareness topic, no case" in page
    assert confirm_url(proposal) not in page


def test_confirming_asks_for_the_password_even_right_after_login(client, chair, proposal, sensitive):
    fresh_login(client, chair)

    response = client.post(confirm_url(proposal))

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not is_public(sensitive)
    assert VisibilityProposal.objects.get().status == VisibilityProposal.PENDING


def test_after_the_password_the_confirmation_goes_ahead(client, chair, proposal, sensitive):
    fresh_login(client, chair)
    asked = client.post(confirm_url(proposal))["Location"]

    response = client.post(asked, {"password": PASSWORD})

    assert response.status_code == 302
    assert is_public(sensitive)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (VisibilityProposal.CONFIRMED, chair)


def test_a_wrong_password_confirms_nothing(client, chair, proposal, sensitive):
    fresh_login(client, chair)
    asked = client.post(confirm_url(proposal))["Location"]

    response = client.post(asked, {"password": "not-the-password"})

    assert response.status_code == 200
    assert not is_public(sensitive)


def test_the_authenticator_code_also_proves_the_chair_is_there(client, chair, proposal, sensitive):
    fresh_login(client, chair)
    client.post(confirm_url(proposal))
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})

    client.post(confirm_url(proposal))

    assert is_public(sensitive)


def test_declining_needs_no_password_and_keeps_the_concern_restricted(client, chair, proposal, sensitive):
    fresh_login(client, chair, seconds_ago=3 * 3600)

    response = client.post(reverse("forums:proposal_decline", args=[proposal.pk]))

    assert response["Location"] == sensitive.get_absolute_url()
    assert VisibilityProposal.objects.get().status == VisibilityProposal.DECLINED
    assert not is_public(sensitive)


def test_a_chair_who_proposed_is_told_another_chair_must_confirm(client, forum, secretary, sensitive):
    factories.MembershipFactory(user=secretary, forum=forum, role=Membership.CHAIR)
    proposal = visibility_rules.propose_public(concern=sensitive, by=secretary, reason="Awareness")
    client.force_login(secretary)

    page = client.get(reverse("forums:proposal_detail", args=[proposal.pk])).content.decode()

    assert "another chair of the forum must confirm it" in page
    assert confirm_url(proposal) not in page


def test_confirming_a_decided_proposal_says_so(client, chair, proposal, sensitive):
    visibility_rules.decline_public(proposal=proposal, by=chair)
    fresh_login(client, chair)
    client.post(confirm_url(proposal))
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})

    response = client.post(confirm_url(proposal), follow=True)

    assert "This proposal was already declined." in response.content.decode()
    assert not is_public(sensitive)


# --- The concern forms explain the rule instead of offering "Public" ------------------------------


def test_the_log_form_explains_the_rule_next_to_the_visibility_field(client, secretary, meeting):
    client.force_login(secretary)

    page = client.get(reverse("forums:concern_create", args=[meeting.pk])).content.decode()

    assert 'id="id_visibility_helptext"' in page
    assert "it becomes public only when the chair confirms" in page


def test_logging_a_sensitive_concern_as_public_is_refused_at_the_field(
    client, secretary, meeting, restricted_category
):
    client.force_login(secretary)

    response = client.post(
        reverse("forums:concern_create", args=[meeting.pk]),
        {"category": restricted_category.pk, "summary": "Case", "source": "citizen", "visibility": "public"},
    )

    assert response.status_code == 200
    assert "becomes public only when the chair confirms" in str(response.context["form"].errors["visibility"])
    assert not Concern.objects.exists()


def test_the_edit_form_of_a_sensitive_concern_does_not_offer_public(client, secretary, sensitive):
    client.force_login(secretary)
    url = reverse("forums:concern_edit", args=[sensitive.pk])

    response = client.get(url)

    visibility = response.context["form"].fields["visibility"]
    assert [value for value, _label in visibility.choices] == [Concern.RESTRICTED]
    assert "the chair confirms" in visibility.help_text
    assert propose_url(sensitive) in response.content.decode()
    data = {"category": sensitive.category_id, "summary": "x", "source": "citizen", "visibility": "public"}
    assert client.post(url, data).status_code == 200
    assert not is_public(sensitive)


def test_the_edit_form_of_a_confirmed_concern_offers_restricting_it(
    client, secretary, chair, proposal, sensitive
):
    visibility_rules.confirm_public(proposal=proposal, by=chair)
    client.force_login(secretary)
    url = reverse("forums:concern_edit", args=[sensitive.pk])

    visibility = client.get(url).context["form"].fields["visibility"]
    assert {value for value, _label in visibility.choices} == {Concern.PUBLIC, Concern.RESTRICTED}
    data = {
        "category": sensitive.category_id,
        "summary": "x",
        "source": "citizen",
        "visibility": "restricted",
    }

    client.post(url, data)

    assert not is_public(sensitive)


# --- Beside the minutes preview and in the audit trail -------------------------------------------


@pytest.fixture
def minutes_meeting(forum, secretary):
    meeting = past_meeting(forum)
    minutes_services.start_minutes(meeting=meeting, by=secretary)
    return meeting


def test_the_minutes_page_says_in_words_which_sensitive_concerns_are_public_and_who_agreed(
    client, minutes_meeting, secretary, chair, restricted_category
):
    shown = factories.ConcernFactory(
        meeting=minutes_meeting, category=restricted_category, visibility="restricted"
    )
    visibility_rules.confirm_public(
        proposal=visibility_rules.propose_public(
            concern=shown, by=secretary, reason="General awareness topic"
        ),
        by=chair,
    )
    waiting = factories.ConcernFactory(
        meeting=minutes_meeting, category=restricted_category, visibility="restricted"
    )
    pending = visibility_rules.propose_public(concern=waiting, by=secretary, reason="No case was named")
    legacy = factories.ConcernFactory(
        meeting=minutes_meeting, category=restricted_category, visibility="public"
    )
    client.force_login(chair)

    page = client.get(reverse("minutes:detail", args=[minutes_meeting.pk])).content.decode()

    assert f"Concern #{shown.pk}: Domestic violence" in page
    assert "Public: its summary, place and source are in these minutes." in page
    assert "General awareness topic" in page
    assert "Confirmed by" in page
    assert f"Concern #{waiting.pk}: Domestic violence" in page
    assert "Restricted: only counted in these minutes." in page
    assert "No case was named" in page
    assert reverse("forums:proposal_detail", args=[pending.pk]) in page
    assert f"Concern #{legacy.pk}: Domestic violence" in page
    assert "No confirmation on record" in page


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (Minutes.DRAFT, "Check before approving: concerns of restricted categories"),
        (Minutes.SUBMITTED, "Check before approving: concerns of restricted categories"),
        (Minutes.APPROVED, "Concerns of restricted categories in these minutes"),
        (Minutes.PUBLISHED, "Concerns of restricted categories in these minutes"),
    ],
)
def test_the_check_asks_for_approval_only_while_the_minutes_await_it(
    client, minutes_meeting, chair, status, heading
):
    Minutes.objects.filter(meeting=minutes_meeting).update(status=status)
    client.force_login(chair)

    page = client.get(reverse("minutes:detail", args=[minutes_meeting.pk])).content.decode()

    assert heading in page
    assert page.count("Check before approving") == (status in (Minutes.DRAFT, Minutes.SUBMITTED))


def test_members_see_the_preview_but_not_the_proposals(
    client, minutes_meeting, secretary, member, restricted_category
):
    waiting = factories.ConcernFactory(
        meeting=minutes_meeting, category=restricted_category, visibility="restricted"
    )
    visibility_rules.propose_public(concern=waiting, by=secretary, reason="No case was named")
    client.force_login(member)

    response = client.get(reverse("minutes:detail", args=[minutes_meeting.pk]))

    assert response.context["sensitive_publications"] is None
    assert "No case was named" not in response.content.decode()


def test_both_steps_are_in_the_chairs_audit_trail(client, forum, secretary, chair, proposal):
    visibility_rules.confirm_public(proposal=proposal, by=chair)
    client.force_login(chair)

    entries = client.get(reverse("forums:forum_audit", args=[forum.slug])).context["entries"]

    steps = [(e.who, e.change, e.url) for e in entries if e.kind == "proposal"]
    page = reverse("forums:proposal_detail", args=[proposal.pk])
    assert steps == [(display_name(chair), "changed", page), (display_name(secretary), "created", page)]
