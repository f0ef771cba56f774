"""axe-core (WCAG 2.1 A and AA) on every HTML page of the site, at desktop width and at 320 px.

Pages are listed in VISITS with the person who sees them and the state that shows their forms
(draft, submitted, approved and published minutes; forms sent back with errors). A meta-test walks
the URL conf: every named pattern is either visited or excluded in NOT_VISITED with a reason, so a
new page fails until someone decides how it is checked.
"""

import datetime
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from forums import services as forum_services
from forums import visibility
from forums.minutes import services as minutes_services
from forums.models import Concern
from forums.models import Meeting
from forums.models import MinutesVersion
from forums.submissions import services as submission_services
from portal.models import HelpEntry
from portal.models import Subscription
from tests import factories
from tests.browser.helpers import DESKTOP
from tests.browser.helpers import PASSWORD
from tests.browser.helpers import PHONE
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import axe_violations
from tests.browser.helpers import current_totp_code
from tests.browser.helpers import login
from tests.browser.helpers import reauthenticate_if_asked
from tests.browser.helpers import wait_for_proof_of_work
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.submission_support import received


@dataclass(frozen=True)
class Visit:
    """One page to check: a URL pattern, who looks at it, and optionally how to reach its state."""

    name: str
    persona: str
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    query: str = ""
    # A form to send empty, to check the page that shows its errors.
    submit_empty: str = ""
    expect_error: bool = True
    # Custom steps to reach the page (allauth flows); they leave the browser on it.
    steps: Callable | None = None
    # Where the steps end when it is not the pattern itself (allauth moves reset keys into the session).
    path: str = ""
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.persona}:{self.name}{':' + self.label if self.label else ''}"


def pk_of(key: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"pk": getattr(w, key).pk}


def minutes_of(key: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"meeting_pk": getattr(w, key).pk}


def public_meeting(key: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"meeting_id": getattr(w, key).pk}


def forum_slug(w: SimpleNamespace) -> dict:
    return {"slug": w.forum.slug}


def and_its_errors(
    name: str, persona: str, kwargs=None, *, label: str = "", form: str = "main form[method=post]"
) -> list[Visit]:
    """The page as it opens, then as it comes back when its form is sent empty."""
    return [
        Visit(name, persona, kwargs, label=label),
        Visit(name, persona, kwargs, submit_empty=form, label="errors"),
    ]


def stop_at_the_code_page(page, base: str, world: SimpleNamespace) -> None:
    """Password accepted, authenticator code not yet given: allauth's second step."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", world.secretary.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def open_reset_link(page, base: str, world: SimpleNamespace) -> None:
    """The link of a password-reset e-mail (allauth moves the key into the session and redirects)."""
    key = default_token_generator.make_token(world.member)
    page.goto(f"{base}/accounts/password/reset/key/{user_pk_to_url_str(world.member)}-{key}/")


def reauthenticated(name: str) -> Callable:
    """Open a page that first asks for the password again (TOTP set-up and removal)."""

    def steps(page, base: str, world: SimpleNamespace) -> None:
        page.goto(f"{base}{reverse(name)}")
        reauthenticate_if_asked(page, world.current)
        if reverse(name) not in page.url:
            page.goto(f"{base}{reverse(name)}")

    return steps


def answer_the_survey(page, base: str, world: SimpleNamespace) -> None:
    """Answer every statement and send: the page that thanks (and sets this browser's cookie)."""
    page.goto(f"{base}{reverse('portal:feedback', args=[world.published.pk])}")
    for fieldset in page.locator("fieldset.survey-question").all()[:7]:
        fieldset.locator("input[type=radio]").first.check()
    wait_for_proof_of_work(page)
    with page.expect_navigation():
        page.locator("form.survey-form button[type=submit]").click()


VISITS = [
    # Public pages, as a citizen sees them.
    Visit("portal:home", "anonymous"),
    Visit("portal:meeting_list", "anonymous"),
    Visit("portal:meeting_detail", "anonymous", public_meeting("upcoming"), label="upcoming"),
    Visit("portal:meeting_detail", "anonymous", public_meeting("published"), label="held"),
    Visit("portal:help", "anonymous"),
    Visit("portal:minutes_list", "anonymous"),
    Visit("portal:minutes_list", "anonymous", query="q=zzzz-nothing", label="no-results"),
    Visit("portal:minutes_list", "anonymous", query="date_from=not-a-date", label="invalid-filter"),
    Visit("portal:minutes_detail", "anonymous", public_meeting("published")),
    Visit("portal:accountability", "anonymous"),
    Visit("portal:accountability", "anonymous", lambda w: {}, query="municipality=1", label="filtered"),
    Visit("api:docs", "anonymous"),
    *and_its_errors("portal:raise", "anonymous"),
    Visit("portal:raise_for_forum", "anonymous", forum_slug),
    Visit("portal:raise_receipt", "anonymous", label="no receipt on this device"),
    *and_its_errors("portal:track_lookup", "anonymous", form="main form.track-lookup"),
    Visit("portal:track", "anonymous", lambda w: {"code": w.submission.display_code}, label="accepted"),
    Visit(
        "portal:track", "anonymous", lambda w: {"code": w.waiting_submission.display_code}, label="waiting"
    ),
    # The trust survey: its form, sent empty, answered, then met again by the same browser; a closed one.
    *and_its_errors("portal:feedback", "anonymous", public_meeting("published")),
    Visit(
        "portal:feedback", "anonymous", public_meeting("published"), steps=answer_the_survey, label="thanks"
    ),
    Visit("portal:feedback", "anonymous", public_meeting("published"), label="answered"),
    Visit("portal:feedback", "anonymous", public_meeting("survey_closed"), label="closed"),
    # E-mail alerts: asking, the confirmation link, leaving.
    *and_its_errors("portal:subscribe", "anonymous"),
    Visit("portal:subscribe_confirm", "anonymous", lambda w: {"token": w.pending_subscription.token}),
    Visit("portal:unsubscribe", "anonymous", lambda w: {"token": w.confirmed_subscription.token}),
    *and_its_errors("account_login", "anonymous"),
    Visit("mfa_authenticate", "anonymous", steps=stop_at_the_code_page),
    Visit("account_signup", "anonymous"),
    Visit("account_reset_password", "anonymous"),
    Visit("account_reset_password_done", "anonymous"),
    Visit(
        "account_reset_password_from_key",
        "anonymous",
        steps=open_reset_link,
        path="/accounts/password/reset/key/",
    ),
    Visit("account_email_verification_sent", "anonymous"),
    Visit("account_confirm_email", "anonymous", lambda w: {"key": w.confirmation_key}),
    # The secretary's pages and forms.
    Visit("forums:dashboard", "secretary"),
    Visit("forums:forum_detail", "secretary", forum_slug),
    *and_its_errors("forums:meeting_create", "secretary", forum_slug),
    Visit("forums:meeting_detail", "secretary", pk_of("held"), label="held"),
    Visit("forums:meeting_detail", "secretary", pk_of("upcoming"), label="upcoming"),
    Visit("forums:meeting_detail", "secretary", pk_of("still_planned"), label="still-planned"),
    Visit("forums:meeting_edit", "secretary", pk_of("upcoming")),
    Visit("forums:meeting_attendance", "secretary", pk_of("held")),
    *and_its_errors("forums:agenda_item_add", "secretary", pk_of("held")),
    Visit("forums:agenda_reorder", "secretary", pk_of("held")),
    Visit("forums:agenda_item_edit", "secretary", lambda w: {"pk": w.held.pk, "item_pk": w.item.pk}),
    Visit("forums:agenda_item_remove", "secretary", lambda w: {"pk": w.held.pk, "item_pk": w.item.pk}),
    *and_its_errors("forums:concern_create", "secretary", pk_of("held")),
    Visit("forums:concern_detail", "secretary", pk_of("public_concern"), label="public"),
    Visit("forums:concern_detail", "secretary", pk_of("restricted_concern"), label="restricted"),
    Visit("forums:concern_detail", "secretary", pk_of("closed_concern"), label="closed"),
    Visit("forums:concern_edit", "secretary", pk_of("public_concern")),
    Visit("forums:concern_edit", "secretary", pk_of("restricted_concern"), label="restricted"),
    *and_its_errors("forums:concern_propose_public", "secretary", pk_of("restricted_concern")),
    *and_its_errors("actions:action_create", "secretary", minutes_of("held")),
    Visit("actions:action_detail", "secretary", pk_of("action")),
    Visit("actions:action_reassign", "secretary", pk_of("action")),
    Visit("actions:my_actions", "secretary"),
    Visit("submissions:queue", "secretary"),
    *and_its_errors(
        "submissions:detail",
        "secretary",
        pk_of("waiting_submission"),
        label="waiting",
        form="form[action$='/accept/']",
    ),
    Visit("submissions:detail", "secretary", pk_of("submission"), label="accepted"),
    Visit("minutes:detail", "secretary", minutes_of("upcoming"), label="not-started"),
    Visit("minutes:detail", "secretary", minutes_of("held"), label="draft"),
    Visit(
        "minutes:detail",
        "secretary",
        minutes_of("held"),
        submit_empty="form[action$='/edit/']",
        expect_error=False,
        label="saved-with-a-message",
    ),
    Visit("minutes:detail", "secretary", minutes_of("approved"), label="approved"),
    Visit("minutes:detail", "secretary", minutes_of("published"), label="published"),
    Visit("mfa_index", "secretary"),
    Visit("mfa_view_recovery_codes", "secretary", steps=reauthenticated("mfa_view_recovery_codes")),
    Visit("mfa_generate_recovery_codes", "secretary", steps=reauthenticated("mfa_generate_recovery_codes")),
    Visit("mfa_deactivate_totp", "secretary", steps=reauthenticated("mfa_deactivate_totp")),
    Visit("account_reauthenticate", "secretary"),
    Visit("mfa_reauthenticate", "secretary"),
    Visit("account_email", "secretary"),
    Visit("account_change_password", "secretary"),
    Visit("account_logout", "secretary"),
    # The chair approves or returns submitted minutes.
    Visit("forums:dashboard", "chair"),
    Visit("account_email", "chair", label="change-pending"),
    Visit("minutes:detail", "chair", minutes_of("submitted"), label="submitted"),
    Visit(
        "minutes:detail",
        "chair",
        minutes_of("submitted"),
        submit_empty="form[action$='/return/']",
        label="return-without-comment",
    ),
    # The chair decides whether a sensitive concern becomes public.
    Visit("forums:proposal_detail", "chair", pk_of("proposal")),
    Visit("forums:concern_detail", "chair", lambda w: {"pk": w.proposal.concern_id}, label="proposed"),
    # The secretary reads the trust survey's results and files its comments.
    Visit("forums:forum_survey", "secretary", forum_slug),
    # The chair reads the forum's audit trail.
    Visit("forums:forum_audit", "chair", forum_slug),
    # The police liaison reports on actions.
    Visit("forums:dashboard", "police_liaison"),
    Visit("actions:my_actions", "police_liaison"),
    Visit("actions:action_detail", "police_liaison", pk_of("action")),
    # A plain member sets up two-factor login (optional for them).
    Visit("forums:dashboard", "member"),
    Visit("mfa_activate_totp", "member", steps=reauthenticated("mfa_activate_totp")),
]

NOT_VISITED = {
    "healthz": "JSON for load balancers",
    "switch_language": "redirects to the same page in another language",
    "portal:meetings_ics": "iCalendar file",
    "portal:meeting_ics": "iCalendar file",
    "portal:minutes_pdf": "PDF",
    "portal:minutes_version_pdf": "PDF",
    "portal:accountability_csv": "CSV",
    "portal:minutes_feed": "Atom feed",
    "portal:forum_minutes_feed": "Atom feed",
    "forums:survey_comment_theme": "POST only; its form is on forums:forum_survey",
    "minutes:version_pdf": "PDF",
    "actions:my_actions_csv": "CSV",
    "minutes:start": "POST only; its button is on minutes:detail",
    "minutes:transition": "POST only; its forms are on minutes:detail (visited in every state)",
    "forums:agenda_item_move": "POST only; its buttons are on forums:meeting_detail",
    "forums:agenda_publish": "POST only; its button is on forums:meeting_detail",
    "forums:meeting_outcome": "POST only; its buttons are on forums:meeting_detail (visited still planned)",
    "forums:concern_close": "POST only; its form is on forums:concern_detail",
    "forums:concern_reopen": "POST only; its button is on forums:concern_detail",
    "forums:concern_escalate": "POST only; its button is on forums:concern_detail",
    "forums:proposal_confirm": "POST only; its button is on forums:proposal_detail",
    "forums:proposal_decline": "POST only; its button is on forums:proposal_detail",
    "actions:action_update": "POST only; its form is on actions:action_detail",
    "submissions:accept": "POST only; its form is on submissions:detail (visited with its errors)",
    "submissions:merge": "POST only; its form is on submissions:detail",
    "submissions:route": "POST only; its form is on submissions:detail",
    "submissions:decline": "POST only; its form is on submissions:detail",
    "account_inactive": "shown only to deactivated accounts, which cannot log in",
    "account_request_reauthentication_code": "login by e-mailed code is off",
    "account_confirm_reauthentication_code": "login by e-mailed code is off",
    "account_confirm_login_code": "login by e-mailed code is off",
    "account_set_password": "every account has a password (invitations set it)",
    "account_reset_password_from_key_done": "confirmation text after a reset; same layout as the visited reset pages",
    "mfa_download_recovery_codes": "text file",
    "api:root": "JSON (open-data API)",
    "api:schema": "OpenAPI schema (YAML or JSON)",
    "api:statistics": "JSON (open-data API)",
    "api:municipality-list": "JSON (open-data API)",
    "api:municipality-detail": "JSON (open-data API)",
    "api:forum-list": "JSON (open-data API)",
    "api:forum-detail": "JSON (open-data API)",
    "api:meeting-list": "JSON (open-data API)",
    "api:meeting-detail": "JSON (open-data API)",
    "api:minutes-list": "JSON (open-data API)",
    "api:minutes-detail": "JSON (open-data API)",
    "api:concern-list": "JSON (open-data API)",
    "api:concern-detail": "JSON (open-data API)",
    "api:action-list": "JSON (open-data API)",
    "api:action-detail": "JSON (open-data API)",
    "api:tombstone-list": "JSON (open-data API)",
}


def url_names(patterns=None, namespace: str = "", prefix: str = "") -> set[str]:
    """Every named URL pattern of the site except Django's admin."""
    names: set[str] = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {route!r} has no name, so this check cannot list it"
            names.add(namespace + entry.name)
    return names


def test_every_url_pattern_is_checked_or_excluded_with_a_reason():
    visited = {visit.name for visit in VISITS}
    names = url_names()

    assert names - visited - set(NOT_VISITED) == set(), "pages nobody checks: add them to VISITS"
    assert set(NOT_VISITED) - names == set(), "stale exclusions"
    assert visited & set(NOT_VISITED) == set()


@pytest.fixture
def world(forum, secretary, chair, police_liaison, member, police_unit, category, restricted_category):
    """Meetings in every state the staff pages show, published minutes and public updates."""
    RecoveryCodes.activate(secretary)

    def held_meeting(days_ago: int) -> Meeting:
        meeting = past_meeting(forum, days_ago=days_ago, location="Salla e Kuvendit")
        meeting.members_present.set(forum.memberships.all())
        return meeting

    published = held_meeting(40)
    minutes_services.publish_minutes(
        minutes=approved_minutes(published, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
    )
    approved = held_meeting(30)
    approved_minutes(approved, secretary=secretary, chair=chair, narrative="U diskutua.")
    submitted = held_meeting(20)
    minutes_services.submit_minutes(
        minutes=minutes_services.edit_minutes(
            minutes=minutes_services.start_minutes(meeting=submitted, by=secretary),
            by=secretary,
            narrative="U diskutua.",
            decisions="",
        ),
        by=secretary,
    )
    held = held_meeting(10)
    items = [factories.AgendaItemFactory(meeting=held, position=n, title=f"Pika {n}") for n in range(3)]
    public_concern = factories.ConcernFactory(
        meeting=held, category=category, summary="Makinat ecin shpejt pranë shkollës", agenda_item=items[1]
    )
    restricted_concern = factories.ConcernFactory(
        meeting=held, category=restricted_category, summary="Rast i ndjeshëm", visibility=Concern.RESTRICTED
    )
    closed_concern = factories.ConcernFactory(
        meeting=published, category=category, summary="Ndriçimi u rregullua", status=Concern.CLOSED
    )
    # Awaiting the chair: on the dashboard, the submitted minutes' page and the proposal page.
    proposal = visibility.propose_public(
        concern=factories.ConcernFactory(
            meeting=submitted,
            category=restricted_category,
            summary="Temë ndërgjegjësimi",
            visibility="restricted",
        ),
        by=secretary,
        reason="Temë e përgjithshme, pa rast konkret",
    )
    action = factories.ActionFactory(
        meeting=held,
        concern=public_concern,
        title="Kontrolle shpejtësie",
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    # A late one, so the overdue list and badges are on the pages too.
    factories.ActionFactory(
        meeting=published,
        concern=closed_concern,
        title="Llamba të reja",
        responsible_body=police_unit,
        assignee=police_liaison,
        status=Action.IN_PROGRESS,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    from actions import services as action_services

    action_services.post_update(
        action=action,
        by=police_liaison,
        note="Radari u vendos.",
        new_status=Action.IN_PROGRESS,
        is_public=True,
    )
    minutes_services.start_minutes(meeting=held, by=secretary)
    upcoming = factories.MeetingFactory(
        forum=forum,
        number=held.number + 1,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        address="Rruga e Dëshmorëve 12, Prishtinë",
        step_free_access="yes",
        interpretation="Shqip–Serbisht",
        access_notes="Hyrja nga oborri; ashensori deri në katin e parë.",
    )
    factories.AgendaItemFactory(meeting=upcoming, title="Siguria në rrugët pranë shkollave")
    forum_services.publish_agenda(meeting=upcoming, by=secretary)
    # Where to get help: a national service and one of the municipality, in the page's language.
    for municipality in (None, forum.municipality):
        HelpEntry.objects.create(
            municipality=municipality,
            language="sq",
            kind=HelpEntry.VICTIM_SUPPORT,
            name="Shërbimi shembull për viktimat",
            description="Shënim i shpikur për testin.",
            email="ndihma@example.org",
            website="https://example.org/ndihma",
            hours="24 orë",
        )
    # What citizens sent: one waiting in the secretary's queue, one accepted onto the coming meeting.
    waiting_submission = received(restricted_category, forum, text="Fqinji im e rreh gruan çdo natë.")
    submission = received(category, forum, text="Makinat ecin shpejt pranë shkollës çdo mëngjes.")
    submission_services.accept_submission(
        submission=submission, by=secretary, meeting=upcoming, summary="Shpejtësia pranë shkollës"
    )
    # Its start has passed and nobody marked it held: its page asks, the dashboard lists it.
    still_planned = past_meeting(forum, days_ago=2, status=Meeting.PLANNED)
    # Trust survey answers: enough for shares on the accountability page, comments for the secretary,
    # and a meeting whose survey closed long ago.
    for n in range(12):
        factories.SurveyResponseFactory(meeting=published, comment="Më shumë drita në rrugë" if n < 3 else "")
    factories.SurveyResponseFactory(meeting=published, comment="Faleminderit", theme="praise")
    survey_closed = held_meeting(200)
    minutes_services.publish_minutes(
        minutes=approved_minutes(survey_closed, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
    )
    MinutesVersion.objects.filter(minutes__meeting=survey_closed).update(
        published_at=timezone.now() - datetime.timedelta(days=180)
    )
    pending_subscription = Subscription.objects.create(
        email="citizen@example.org", forum=forum, language="sq"
    )
    confirmed_subscription = Subscription.objects.create(
        email="citizen@example.org",
        municipality=forum.municipality,
        language="sq",
        confirmed_at=timezone.now(),
    )
    # The chair is changing their address: the new one awaits its confirmation link. (Not the member:
    # allauth lets nobody set up two-factor login while one of their addresses is unverified.)
    pending = EmailAddress.objects.create(user=chair, email="chair.new@example.org")
    return SimpleNamespace(
        forum=forum,
        secretary=secretary,
        chair=chair,
        police_liaison=police_liaison,
        member=member,
        published=published,
        approved=approved,
        submitted=submitted,
        held=held,
        upcoming=upcoming,
        still_planned=still_planned,
        item=items[0],
        public_concern=public_concern,
        restricted_concern=restricted_concern,
        closed_concern=closed_concern,
        proposal=proposal,
        action=action,
        confirmation_key=EmailConfirmationHMAC(pending).key,
        submission=submission,
        waiting_submission=waiting_submission,
        survey_closed=survey_closed,
        pending_subscription=pending_subscription,
        confirmed_subscription=confirmed_subscription,
    )


def check(page, visit: Visit, snap) -> list[str]:
    """axe at desktop width, then at 320 px (also: nothing wider than the phone); the problems found."""
    problems = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for violation in axe_violations(page):
            problems.append(
                f"{visit.id} at {viewport['width']} px: {violation['id']} ({violation['impact']}) "
                f"{violation['help']} → {', '.join(violation['nodes'][:4])}"
            )
        try:
            assert_fits_width(page)
        except AssertionError as error:
            problems.append(f"{visit.id}: {error}")
    if problems:
        snap(visit.id)
    page.set_viewport_size(DESKTOP)
    return problems


PERSONAS = ["anonymous", "secretary", "chair", "police_liaison", "member"]


def reach_pages(
    page, base: str, world: SimpleNamespace, persona: str, problems: list[str]
) -> Iterator[Visit]:
    """Sign in as the persona, open each of its VISITS in its state and yield it once the browser shows it.

    What goes wrong on the way (an HTTP error, a form that shows no error, a redirect) is added to
    `problems`, and that visit is not yielded. Shared with the HTML validity check.
    """
    world.current = getattr(world, persona, None)
    if world.current is not None:
        login(page, base, world.current)
    for visit in [v for v in VISITS if v.persona == persona]:
        page.set_viewport_size(DESKTOP)
        expected = visit.path or reverse(visit.name, kwargs=visit.kwargs(world) if visit.kwargs else None)
        if visit.steps:
            visit.steps(page, base, world)
        else:
            response = page.goto(f"{base}{expected}{'?' + visit.query if visit.query else ''}")
            if response.status != 200:
                problems.append(f"{visit.id}: HTTP {response.status} at {page.url}")
                continue
        if visit.submit_empty:
            form = page.locator(visit.submit_empty).first
            for field in form.locator(
                "input[type=text], input[type=email], input[type=password], textarea"
            ).all():
                if field.is_visible():  # a folded group (the place in other languages) stays as it is
                    field.fill("")
            with page.expect_navigation():
                form.locator("button[type=submit]").first.click()
            if visit.expect_error and not page.locator(".errorlist, .form-errors, [role=alert]").count():
                problems.append(f"{visit.id}: sending the form empty showed no error at {page.url}")
        if expected not in page.url and not visit.submit_empty:
            problems.append(f"{visit.id}: ended on {page.url}, not {expected}")
            continue
        yield visit


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_has_no_wcag_violations_at_desktop_and_phone_width(
    page, live_server, snap, world, persona
):
    problems = []
    for visit in reach_pages(page, live_server.url, world, persona, problems):
        problems += check(page, visit, snap)
    assert not problems, "\n".join(problems)


def test_the_code_page_after_a_password_keeps_the_code_field_labelled(page, live_server, world):
    """The second login step names its field; the journey relies on it, and so do screen readers."""
    stop_at_the_code_page(page, live_server.url, world)
    code = page.locator("input[name=code]")

    assert code.get_attribute("id")
    assert page.locator(f"label[for='{code.get_attribute('id')}']").count() == 1
    code.fill(current_totp_code(world.secretary))
    with page.expect_navigation():
        page.press("input[name=code]", "Enter")
    assert page.url == f"{live_server.url}/staff/"


@pytest.mark.parametrize(
    "path", ["/no-such-page/", "/staff/meetings/999999/"], ids=["public-404", "staff-404"]
)
def test_the_not_found_page_has_no_wcag_violations(page, live_server, snap, world, path):
    if path.startswith("/staff/"):
        login(page, live_server.url, world.secretary)

    response = page.goto(f"{live_server.url}{path}")

    assert response.status == 404
    assert check(page, Visit(name="404", persona="anyone", label=path), snap) == []
