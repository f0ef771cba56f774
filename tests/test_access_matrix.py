"""Every staff URL × every persona × GET and POST → the answer the permission rules promise.

The rows come from the URL conf: `test_every_staff_url_pattern_is_in_the_matrix` fails when a
page under /staff/ has no row here, so no new page escapes the check. Each row names a pattern,
how to fill its URL with an object of the home forum, and who may use it:

- `ok` personas get the page (GET: 200; POST: 200 with form errors, 400 for a rejected form,
  or a 302 that is not to the login page — the permission said yes either way),
- `forbidden` personas see the object but may not do this: 403,
- everybody else logged in: 404 (not even the object's existence is told),
- anonymous visitors: 302 to the login page.

POST-only pages answer GET with 405 for everyone logged in, before looking at the object.

Every row is also checked with the same kind of object in another municipality's forum: there
the home forum's people get 404 (ids are not a way into another forum's data) and the
`outsider`, who is that forum's secretary, gets what the home secretary gets at home.

The `admin` persona is a superuser with TOTP and no membership: rights come from memberships
only, so the admin gets the dashboard and 404 for every object (the Django admin is their tool).

Two personas hold an assignment the rules no longer back: `deactivated` is a former member
(membership inactive) still recorded as assignee of an action, and gets nothing of it;
`password_only_assignee` is a member without two factors still assigned an action that became
restricted, and gets its page (category, due date and status only) and may report progress.

`reauth` rows ask for the password again even right after login: their `ok` personas are sent
to re-authenticate, everybody else logged in is refused (403).

To add a page: add one `Row` line below.
"""

from dataclasses import dataclass
from dataclasses import field
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from forums.models import Membership
from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import VisibilityProposal
from portal.models import Subscription
from tests import builders
from tests import factories
from tests.session_support import fresh_login
from tests.submission_support import received

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "municipal_officer",
    "police_liaison",
    "secretary",
    "chair",
    "admin",
    "deactivated",
    "password_only_assignee",
]
LOGGED_IN = set(PERSONAS) - {"anonymous"}
# Every active role sees the forum's meetings and public concerns (README: officers too).
VIEWERS = {"member", "municipal_officer", "password_only_assignee", "police_liaison", "secretary", "chair"}
RESTRICTED_VIEWERS = {"police_liaison", "secretary", "chair"}
# A two-factor role in some forum: the outsider is the other forum's secretary.
RESTRICTED_EXPORTERS = RESTRICTED_VIEWERS | {"outsider"}
SECRETARY = {"secretary"}
CONCERN_CLOSERS = {"secretary", "police_liaison"}
MINUTES_WORKERS = {"secretary", "chair"}
SURVEY_READERS = {"secretary", "chair"}
PROPOSAL_DECIDERS = {"chair"}
# The action in the world below is a police unit's, assigned to the municipal officer.
ACTION_VIEWERS = {"secretary", "chair", "police_liaison", "municipal_officer"}
ACTION_UPDATERS = {"secretary", "police_liaison", "municipal_officer"}
ACTION_REASSIGNERS = {"secretary", "police_liaison"}
# A police action answering a restricted concern, assigned (before it was restricted) to a member.
RESTRICTED_ACTION_VIEWERS = RESTRICTED_VIEWERS | {"password_only_assignee"}
RESTRICTED_ACTION_UPDATERS = {"secretary", "police_liaison", "password_only_assignee"}
# A police action still assigned to someone whose membership ended: they are not among these.
FORMER_ACTION_VIEWERS = {"secretary", "chair", "police_liaison"}
FORMER_ACTION_UPDATERS = {"secretary", "police_liaison"}


@dataclass(frozen=True)
class Row:
    """One staff URL pattern, the objects that fill it, and who may use it."""

    name: str
    kwargs: object  # callable(world-of-one-forum) -> dict of URL kwargs
    ok: set[str]
    forbidden: set[str] = field(default_factory=set)
    post_only: bool = False
    label: str = ""
    query: str = ""
    reauth: bool = False

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


def _pk(name: str):
    """URL kwargs naming one object of the forum's world by its primary key."""
    return lambda w: {"pk": getattr(w, name).pk}


def _slug(w):
    return {"slug": w.forum.slug}


def _item(w):
    return {"pk": w.meeting.pk, "item_pk": w.item.pk}


def _minutes(w):
    return {"meeting_pk": w.meeting.pk}


def _transition(name: str):
    return lambda w: {"meeting_pk": w.meeting.pk, "transition": name}


def _nothing(w):
    return {}


_meeting = _pk("meeting")
_public_concern, _restricted_concern = _pk("public_concern"), _pk("restricted_concern")
_action, _restricted_action, _former_action = _pk("action"), _pk("restricted_action"), _pk("former_action")
_proposal, _submission = _pk("proposal"), _pk("submission")

MATRIX = [
    Row("forums:dashboard", _nothing, ok=LOGGED_IN),
    Row("actions:my_actions", _nothing, ok=LOGGED_IN),
    Row("actions:my_actions_csv", _nothing, ok=LOGGED_IN),
    Row(
        "actions:my_actions_csv",
        _nothing,
        ok=RESTRICTED_EXPORTERS,
        forbidden=LOGGED_IN - RESTRICTED_EXPORTERS,
        label="with restricted details",
        query="include_restricted=1",
        reauth=True,
    ),
    Row("forums:forum_detail", _slug, ok=VIEWERS),
    Row("forums:forum_audit", _slug, ok={"chair"}, forbidden=VIEWERS),
    Row("forums:meeting_create", _slug, ok=SECRETARY, forbidden=VIEWERS),
    # Citizens' survey comments: read by the secretary and the chair, filed by the secretary.
    Row("forums:forum_survey", _slug, ok=SURVEY_READERS, forbidden=VIEWERS),
    Row(
        "forums:survey_comment_theme",
        lambda w: {"slug": w.forum.slug, "pk": w.survey_response.pk},
        ok=SECRETARY,
        forbidden=VIEWERS,
        post_only=True,
    ),
    Row("forums:meeting_detail", _meeting, ok=VIEWERS),
    Row("forums:meeting_edit", _meeting, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:meeting_attendance", _meeting, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:agenda_item_add", _meeting, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:meeting_outcome", _meeting, ok=SECRETARY, forbidden=VIEWERS, post_only=True),
    Row("forums:agenda_reorder", _meeting, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:agenda_publish", _meeting, ok=SECRETARY, forbidden=VIEWERS, post_only=True),
    Row("forums:agenda_item_edit", _item, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:agenda_item_move", _item, ok=SECRETARY, forbidden=VIEWERS, post_only=True),
    Row("forums:agenda_item_remove", _item, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:concern_create", _meeting, ok=SECRETARY, forbidden=VIEWERS),
    Row("forums:concern_detail", _public_concern, ok=VIEWERS, label="public"),
    Row("forums:concern_detail", _restricted_concern, ok=RESTRICTED_VIEWERS, label="restricted"),
    Row("forums:concern_edit", _public_concern, ok=SECRETARY, forbidden=VIEWERS, label="public"),
    Row(
        "forums:concern_edit",
        _restricted_concern,
        ok=SECRETARY,
        forbidden=RESTRICTED_VIEWERS,
        label="restricted",
    ),
    Row("forums:concern_close", _public_concern, ok=CONCERN_CLOSERS, forbidden=VIEWERS, post_only=True),
    Row("forums:concern_reopen", _public_concern, ok=CONCERN_CLOSERS, forbidden=VIEWERS, post_only=True),
    Row("forums:concern_escalate", _public_concern, ok=SECRETARY, forbidden=VIEWERS, post_only=True),
    Row("forums:concern_propose_public", _restricted_concern, ok=SECRETARY, forbidden=RESTRICTED_VIEWERS),
    Row("forums:proposal_detail", _proposal, ok=RESTRICTED_VIEWERS),
    Row(
        "forums:proposal_confirm",
        _proposal,
        ok=PROPOSAL_DECIDERS,
        forbidden=RESTRICTED_VIEWERS,
        post_only=True,
        reauth=True,
    ),
    Row(
        "forums:proposal_decline",
        _proposal,
        ok=PROPOSAL_DECIDERS,
        forbidden=RESTRICTED_VIEWERS,
        post_only=True,
    ),
    Row("minutes:detail", _minutes, ok=VIEWERS),
    Row(
        "minutes:start",
        lambda w: {"meeting_pk": w.bare_meeting.pk},
        ok=MINUTES_WORKERS,
        forbidden=VIEWERS,
        post_only=True,
    ),
    *[
        Row(
            "minutes:transition",
            _transition(transition),
            ok=MINUTES_WORKERS,
            forbidden=VIEWERS,
            post_only=True,
            label=transition,
        )
        for transition in ["edit", "return", "submit", "approve", "publish", "retry", "reopen"]
    ],
    Row(
        "minutes:version_pdf",
        lambda w: {"meeting_pk": w.meeting.pk, "number": 1, "language": "sq"},
        ok=VIEWERS,
    ),
    Row("actions:action_detail", _action, ok=ACTION_VIEWERS),
    Row("actions:action_update", _action, ok=ACTION_UPDATERS, forbidden=ACTION_VIEWERS, post_only=True),
    Row("actions:action_reassign", _action, ok=ACTION_REASSIGNERS, forbidden=ACTION_VIEWERS),
    Row("actions:action_detail", _restricted_action, ok=RESTRICTED_ACTION_VIEWERS, label="restricted"),
    Row(
        "actions:action_update",
        _restricted_action,
        ok=RESTRICTED_ACTION_UPDATERS,
        forbidden=RESTRICTED_ACTION_VIEWERS,
        post_only=True,
        label="restricted",
    ),
    Row(
        "actions:action_reassign",
        _restricted_action,
        ok=ACTION_REASSIGNERS,
        forbidden=RESTRICTED_ACTION_VIEWERS,
        label="restricted",
    ),
    Row("actions:action_detail", _former_action, ok=FORMER_ACTION_VIEWERS, label="former member's"),
    Row(
        "actions:action_update",
        _former_action,
        ok=FORMER_ACTION_UPDATERS,
        forbidden=FORMER_ACTION_VIEWERS,
        post_only=True,
        label="former member's",
    ),
    Row("actions:action_create", _minutes, ok=SECRETARY, forbidden=VIEWERS),
    # What citizens sent: read by the two-factor roles, answered by the secretary.
    Row("submissions:queue", _nothing, ok=LOGGED_IN),
    Row("submissions:detail", _submission, ok=RESTRICTED_VIEWERS),
    *[
        Row(f"submissions:{answer}", _submission, ok=SECRETARY, forbidden=RESTRICTED_VIEWERS, post_only=True)
        for answer in ["accept", "merge", "route", "decline"]
    ],
]

# An unknown step of the workflow: those who work on minutes get 404, the other viewers are
# refused before the step is looked at.
UNKNOWN_TRANSITION = Row(
    "minutes:transition",
    _transition("bogus"),
    ok=set(),
    forbidden=VIEWERS - MINUTES_WORKERS,
    post_only=True,
    label="bogus",
)


def staff_pattern_names(patterns=None, namespace: str = "", prefix: str = "") -> set[str]:
    """Names of every URL pattern whose route lies under staff/, read from the URL conf."""
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= staff_pattern_names(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern) and "staff/" in route:
            assert entry.name, f"staff URL {route} has no name, so it cannot be in the matrix"
            names.add(namespace + entry.name)
    return names


def test_every_staff_url_pattern_is_in_the_matrix():
    missing = staff_pattern_names() - {row.name for row in MATRIX}
    assert not missing, f"add a Row for each of these staff pages to tests/test_access_matrix.py: {missing}"


def test_the_matrix_lists_no_pattern_that_is_gone():
    assert {row.name for row in MATRIX} <= staff_pattern_names()


def _forum_world(forum, *, secretary, chair, assignee, password_only, former) -> SimpleNamespace:
    """Real objects of one forum: a meeting with agenda, concerns, actions and minutes.

    The restricted action and the former member's action are made as old data would hold them
    (assigned before the concern was restricted, before the membership ended), not by the services.
    """
    category = factories.ConcernCategoryFactory()
    restricted_category = factories.ConcernCategoryFactory(
        slug="domestic-violence", name_en="Domestic violence", restricted_by_default=True
    )
    meeting = factories.MeetingFactory(forum=forum, number=1)
    minutes = Minutes.objects.create(meeting=meeting, status=Minutes.PUBLISHED, approved_by=chair)
    version = MinutesVersion(minutes=minutes, number=1, language="sq", html="<p>v1</p>", sha256="0" * 64)
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    police = factories.ResponsibleBodyFactory(municipality=forum.municipality, kind="police")
    restricted_concern = factories.ConcernFactory(
        meeting=meeting, category=restricted_category, details="x", visibility="restricted"
    )
    return SimpleNamespace(
        forum=forum,
        meeting=meeting,
        bare_meeting=factories.MeetingFactory(forum=forum, number=2),
        item=factories.AgendaItemFactory(meeting=meeting, title="Pika"),
        public_concern=factories.ConcernFactory(meeting=meeting, category=category),
        restricted_concern=restricted_concern,
        proposal=VisibilityProposal.objects.create(
            concern=restricted_concern, reason="Awareness topic", proposed_by=secretary
        ),
        action=factories.ActionFactory(meeting=meeting, responsible_body=police, assignee=assignee),
        restricted_action=factories.ActionFactory(
            meeting=meeting, responsible_body=police, assignee=password_only, concern=restricted_concern
        ),
        former_action=factories.ActionFactory(meeting=meeting, responsible_body=police, assignee=former),
        submission=received(restricted_category, forum, text="A citizen's words"),
        survey_response=factories.SurveyResponseFactory(meeting=meeting, comment="Më shumë patrullime"),
    )


def _person(forum, username: str, *, active: bool = True):
    """A member without a second factor; with `active=False`, a former one."""
    user = factories.UserFactory(username=username)
    factories.MembershipFactory(user=user, forum=forum, role=Membership.MEMBER, active=active)
    return user


@pytest.fixture(scope="module")
def built_matrix(module_rows) -> SimpleNamespace:
    """Both forums' worlds, the personas and the admin, built once for the module's ~550 cases."""
    with module_rows.building():
        forum, other_forum = builders.forum(builders.municipality()), builders.other_forum()
        people = SimpleNamespace(
            **vars(builders.personas(forum, other_forum)),
            deactivated=_person(forum, "deactivated", active=False),
            password_only_assignee=_person(forum, "password-only"),
        )
        home = _forum_world(
            forum,
            secretary=people.secretary,
            chair=people.chair,
            assignee=people.municipal_officer,
            password_only=people.password_only_assignee,
            former=people.deactivated,
        )
        away_officer = factories.UserFactory(username="away-officer")
        factories.MembershipFactory(user=away_officer, forum=other_forum, role=Membership.MUNICIPAL_OFFICER)
        away = _forum_world(
            other_forum,
            secretary=people.outsider,
            chair=None,
            assignee=away_officer,
            password_only=_person(other_forum, "away-password-only"),
            former=_person(other_forum, "away-former", active=False),
        )
        admin_user = builders.administrator("admin")
    return SimpleNamespace(home=home, away=away, personas=people, admin_user=admin_user)


@pytest.fixture
def matrix(built_matrix, module_rows, db, request) -> SimpleNamespace:
    return module_rows.for_test(built_matrix, request)


# Pages about the person rather than a forum's object: the same answer at home and away.
PERSONAL_PAGES = {"forums:dashboard", "actions:my_actions", "actions:my_actions_csv", "submissions:queue"}


def expected(row: Row, persona: str, method: str, *, away: bool) -> str:
    """`login`, `ok`, 403, 404 or 405 for this persona on this row."""
    if persona == "anonymous":
        return "login"
    if row.post_only and method == "GET":
        return "405"
    if away and row.name not in PERSONAL_PAGES:
        # The outsider is the other forum's secretary: they get there what the secretary gets here.
        persona = "secretary" if persona == "outsider" else "stranger"
    if persona in row.ok:
        return "reauth" if row.reauth else "ok"
    if persona in row.forbidden:
        return "403"
    return "404"


def answer(response, method: str) -> str:
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if "reauthenticate" in location:
            return "reauth"
        assert not location.startswith(reverse("mfa_activate_totp")), "persona must have TOTP enrolled"
        return "ok" if method == "POST" else f"302 to {location}"
    if status == 200 or (status == 400 and method == "POST"):
        return "ok"
    return str(status)


def _log_in(client, persona: str, matrix) -> None:
    if persona == "anonymous":
        return
    user = matrix.admin_user if persona == "admin" else getattr(matrix.personas, persona)
    # A fresh login: sensitive steps (publishing) do not stop to re-authenticate here.
    fresh_login(client, user)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", [*MATRIX, UNKNOWN_TRANSITION], ids=lambda row: row.id)
def test_each_persona_gets_the_promised_answer_on_each_staff_page(client, row, persona, matrix):
    _log_in(client, persona, matrix)
    answers, promised = {}, {}
    for where, world in (("home", matrix.home), ("away", matrix.away)):
        url = reverse(row.name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
        for method in ("GET", "POST"):
            response = client.get(url) if method == "GET" else client.post(url, {})
            answers[where, method] = answer(response, method)
            promised[where, method] = expected(row, persona, method, away=where == "away")
    assert answers == promised


# --- Citizens' pages ---------------------------------------------------------------------------------

# Every public page (the `portal` URL namespace, read from the URL conf), filled with the home
# forum's objects. Nobody needs an account there and no role changes the answer: each persona gets,
# for GET and for an empty POST, exactly what an anonymous visitor gets. A new public page fails
# `test_every_public_page_is_in_the_matrix` until it is listed here.
PUBLIC_PAGES = {
    "portal:home": lambda w: {},
    "portal:meeting_list": lambda w: {},
    "portal:meetings_ics": lambda w: {},
    "portal:meeting_detail": lambda w: {"meeting_id": w.meeting.pk},
    "portal:meeting_ics": lambda w: {"meeting_id": w.meeting.pk},
    "portal:minutes_list": lambda w: {},
    "portal:minutes_detail": lambda w: {"meeting_id": w.meeting.pk},
    "portal:minutes_pdf": lambda w: {"meeting_id": w.meeting.pk},
    "portal:minutes_version_pdf": lambda w: {"meeting_id": w.meeting.pk, "number": 1},
    "portal:accountability": lambda w: {},
    "portal:accountability_csv": lambda w: {},
    "portal:minutes_feed": lambda w: {},
    "portal:forum_minutes_feed": lambda w: {"slug": w.forum.slug},
    "portal:help": lambda w: {},
    "portal:raise": lambda w: {},
    "portal:raise_for_forum": lambda w: {"slug": w.forum.slug},
    "portal:raise_receipt": lambda w: {},
    "portal:track_lookup": lambda w: {},
    "portal:track": lambda w: {"code": w.submission.display_code},
    "portal:feedback": lambda w: {"meeting_id": w.meeting.pk},
    "portal:subscribe": lambda w: {},
    "portal:subscribe_confirm": lambda w: {"token": w.subscription.token},
    "portal:unsubscribe": lambda w: {"token": w.subscription.token},
}


def public_pattern_names(patterns=None) -> set[str]:
    """Names of every pattern of the `portal` namespace (in or out of the language prefix)."""
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "portal":
            names |= {f"portal:{inner.name}" for inner in entry.url_patterns}
        elif isinstance(entry, URLResolver) and not entry.namespace:
            names |= public_pattern_names(entry.url_patterns)
    return names


def test_every_public_page_is_in_the_matrix():
    assert set(PUBLIC_PAGES) == public_pattern_names()


def _public_answers(client, world) -> dict[tuple[str, str], int]:
    answers = {}
    for name, kwargs in PUBLIC_PAGES.items():
        url = reverse(name, kwargs=kwargs(world))
        answers[name, "GET"] = client.get(url).status_code
        # An empty form: refused as invalid (400) alike for everyone, never sent to a login page.
        answers[name, "POST"] = client.post(url, {}).status_code
    return answers


@pytest.mark.parametrize("persona", sorted(LOGGED_IN))
def test_each_persona_gets_what_an_anonymous_visitor_gets_on_each_public_page(client, persona, matrix):
    world = matrix.home
    world.subscription = Subscription.objects.create(
        email="qytetari@example.org", forum=world.forum, language="sq"
    )
    anonymous = _public_answers(client, world)
    assert anonymous["portal:feedback", "GET"] == anonymous["portal:subscribe_confirm", "GET"] == 200
    assert (anonymous["portal:subscribe", "POST"], anonymous["portal:feedback", "POST"]) == (400, 400)

    _log_in(client, persona, matrix)

    assert _public_answers(client, world) == anonymous
