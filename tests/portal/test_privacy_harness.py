"""Privacy rule 1, checked on every public URL: restricted concern text never leaves the staff side.

Restricted concerns (and the actions and updates answering them) carry unique markers in every
text field. Their minutes are published, then every public URL pattern of the URL conf is
fetched in every language — pages, each filter, a search for the marker, both PDF routes with
their text extracted, the feed and the calendar, every open-data API endpoint with its filters —
and no marker may appear. Public concerns carry markers too where their text is not public: an
action given to a body that handles sensitive cases, one the secretary marked restricted, an
internal update, and a concern restricted after its minutes were published (its version withdrawn),
or after an agenda that copied its words was published. Citizens' survey comments (privacy rule 9)
and subscribers' e-mail addresses carry markers too. Public patterns are
discovered from the URL conf, so a new public page fails this test until it is listed in
`URL_ARGUMENTS` (and so checked).
"""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from actions.models import Action
from forums import services
from forums import visibility
from forums.models import Concern
from forums.submissions import services as submission_services
from portal.models import Subscription
from tests import builders
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.privacy.support import marked_restricted_concern
from tests.privacy.support import readable_text
from tests.submission_support import received

MARKERS = {
    "summary": "MRKSUMMARY4f1c",
    "details": "MRKDETAILS91f3",
    "neighbourhood": "MRKHOOD5a2c",
    "source": "MRKSRC77de",
    "action_title": "MRKACTION3c9d",
    "action_description": "MRKACTDESC8e0a",
    "update_note": "MRKUPDATE2b6f",
    "closed_meeting": "MRKCLOSED6d4e",
    "draft_text": "MRKDRAFT1a7b",
    "sensitive_action": "MRKSENSITIVE4d2a",
    "sensitive_update": "MRKSENSUPD9c1e",
    "marked_action": "MRKMARKED7b3f",
    "internal_update": "MRKINTERNAL5e8d",
    "withdrawn_summary": "MRKWITHDRAWN2f6c",
    "agenda_title": "MRKAGENDA8c3d",
    "submission_text": "MRKCITIZEN7e2d",
    "submission_place": "MRKCITPLACE3a9b",
    "submission_email": "mrkcitmail5c1f",
    "public_submission_text": "MRKCITPUBLIC8d4a",
    "survey_comment": "MRKCOMMENT8a1d",
    "themed_comment": "MRKTHEMED0c4e",
    "subscriber": "mrksubscriber3e7b@example.org",
}
PRIVATE_PREFIXES = ("staff/", "accounts/", "admin/", "i18n/")


def public_patterns(resolvers=None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every named URL pattern outside the staff, account, admin and i18n trees: name → route."""
    found: dict[str, str] = {}
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(public_patterns(entry.url_patterns, route, inner))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"Public URL pattern {route!r} has no name, so this harness cannot check it"
            found[namespace + entry.name] = route
    return found


@pytest.fixture(scope="module")
def built_leaky_world(module_rows) -> SimpleNamespace:
    """Built once for the module (tests/shared_rows.py): publishing renders PDFs in three languages."""
    with module_rows.building():
        municipality = builders.municipality()
        forum = builders.forum(municipality)
        people = SimpleNamespace(
            forum=forum,
            secretary=builders.persona("secretary", forum),
            chair=builders.persona("chair", forum),
            category=builders.category(),
            police_unit=builders.police_unit(municipality),
        )
        world = _leaky_world(
            forum,
            secretary=people.secretary,
            chair=people.chair,
            category=people.category,
            restricted_category=builders.restricted_category(),
            police_unit=people.police_unit,
            capture=TestCase.captureOnCommitCallbacks,
        )
    return SimpleNamespace(world=world, **vars(people))


@pytest.fixture
def harness(built_leaky_world, module_rows, db, request) -> SimpleNamespace:
    return module_rows.for_test(built_leaky_world, request)


@pytest.fixture
def leaky_world(harness):
    return harness.world


# The forum and people the world was built with: a test adding rows of its own uses these.
@pytest.fixture
def forum(harness):
    return harness.forum


@pytest.fixture
def secretary(harness):
    return harness.secretary


@pytest.fixture
def chair(harness):
    return harness.chair


@pytest.fixture
def category(harness):
    return harness.category


@pytest.fixture
def police_unit(harness):
    return harness.police_unit


def _leaky_world(forum, *, secretary, chair, category, restricted_category, police_unit, capture):
    forum.municipality.languages = "sq,sr-latn,sr"
    forum.municipality.save()
    meeting = past_meeting(forum, location="Sala e Kuvendit")
    factories.AgendaItemFactory(meeting=meeting, title="Siguria", discussion="Diskutim publik")
    factories.ConcernFactory(meeting=meeting, category=category, summary="Shqetësim publik")
    for n in range(2):
        secret = marked_restricted_concern(
            meeting,
            restricted_category,
            MARKERS,
            source=MARKERS["source"],
            status=Concern.CLOSED if n else Concern.OPEN,
        )
        action = factories.ActionFactory(
            meeting=meeting,
            concern=secret,
            title=MARKERS["action_title"],
            description=MARKERS["action_description"],
            responsible_body=police_unit,
            status=Action.DONE if n else Action.OPEN,
        )
        factories.ActionUpdateFactory(action=action, note=MARKERS["update_note"], is_public=True)
    minutes = publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="Procesverbali publik"),
        by=secretary,
        capture=capture,
    )
    # A later public meeting whose follow-up lists the earlier (restricted) actions.
    later = past_meeting(forum, days_ago=2)
    later_minutes = publish(
        approved_minutes(later, secretary=secretary, chair=chair, narrative="Takimi vijues"),
        by=secretary,
        capture=capture,
    )
    closed = past_meeting(forum, days_ago=5, is_public=False, location=MARKERS["closed_meeting"])
    publish(
        approved_minutes(closed, secretary=secretary, chair=chair, narrative=MARKERS["closed_meeting"]),
        by=secretary,
        capture=capture,
    )
    draft_meeting = past_meeting(forum, days_ago=1)
    factories.MinutesFactory(meeting=draft_meeting, narrative=MARKERS["draft_text"])
    upcoming = factories.MeetingFactory(
        forum=forum, number=90, location="Takim i ardhshëm", address="Rruga e Dëshmorëve 1"
    )
    # A published agenda one of whose titles copied a public concern's words; the concern was
    # restricted since, so the agenda leaves every public surface.
    copied = factories.ConcernFactory(meeting=upcoming, category=category, summary=MARKERS["agenda_title"])
    factories.AgendaItemFactory(meeting=upcoming, title="Ndriçimi publik")
    factories.AgendaItemFactory(meeting=upcoming, title=f"Rasti: {MARKERS['agenda_title']}")
    services.publish_agenda(meeting=upcoming, by=secretary)
    with capture(execute=True):
        visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)
    # What citizens sent through the site: a domestic-violence report, and a public one the secretary
    # accepted onto the coming meeting with a summary of their own. Neither's words may show.
    secret_submission = received(
        restricted_category,
        forum,
        text=MARKERS["submission_text"],
        neighbourhood=MARKERS["submission_place"],
        email=f"{MARKERS['submission_email']}@example.org",
    )
    public_submission = received(category, forum, text=f"{MARKERS['public_submission_text']} rruga pa drita")
    submission_services.accept_submission(
        submission=public_submission, by=secretary, meeting=upcoming, summary="Ndriçimi i rrugës kryesore"
    )
    # A public concern at a meeting of its own, whose actions are restricted anyway, and a public
    # action's internal update.
    actions_meeting = past_meeting(forum, days_ago=4)
    public = factories.ConcernFactory(meeting=actions_meeting, category=category, summary="Rruga pa ndriçim")
    sensitive_body = factories.ResponsibleBodyFactory(
        municipality=forum.municipality, name_sq="Njësia për dhunën në familje", handles_sensitive_cases=True
    )
    sensitive = factories.ActionFactory(
        meeting=actions_meeting,
        concern=public,
        title=MARKERS["sensitive_action"],
        responsible_body=sensitive_body,
    )
    factories.ActionUpdateFactory(action=sensitive, note=MARKERS["sensitive_update"], is_public=True)
    factories.ActionFactory(
        meeting=actions_meeting,
        concern=public,
        title=MARKERS["marked_action"],
        responsible_body=police_unit,
        marked_restricted=True,
    )
    public_action = factories.ActionFactory(
        meeting=actions_meeting, concern=public, title="Patrullim i shtuar", responsible_body=police_unit
    )
    factories.ActionUpdateFactory(action=public_action, note=MARKERS["internal_update"], is_public=False)
    factories.ActionUpdateFactory(action=public_action, note="Patrullimi filloi", is_public=True)
    publish(
        approved_minutes(actions_meeting, secretary=secretary, chair=chair, narrative="Takim për ndriçimin"),
        by=secretary,
        capture=capture,
    )
    # Public when its minutes were published, restricted since: version 1 is withdrawn.
    withdrawn_meeting = past_meeting(forum, days_ago=3)
    once_public = factories.ConcernFactory(
        meeting=withdrawn_meeting, category=category, summary=MARKERS["withdrawn_summary"]
    )
    publish(
        approved_minutes(withdrawn_meeting, secretary=secretary, chair=chair, narrative="Takim i tretë"),
        by=secretary,
        capture=capture,
    )
    with capture(execute=True):
        visibility.change_visibility(concern=once_public, visibility=Concern.RESTRICTED, by=secretary)
    # Enough survey answers for the shares to be shown, each with a comment nobody may publish.
    for n in range(12):
        factories.SurveyResponseFactory(
            meeting=minutes.meeting,
            comment=MARKERS["themed_comment"] if n % 2 else MARKERS["survey_comment"],
            theme="other" if n % 2 else "",
        )
    factories.SurveyResponseFactory(meeting=closed, comment=MARKERS["survey_comment"])
    confirmed = Subscription.objects.create(
        email=MARKERS["subscriber"], forum=forum, language="sq", confirmed_at=timezone.now()
    )
    pending = Subscription.objects.create(
        email=MARKERS["subscriber"], municipality=forum.municipality, language="en"
    )
    api = SimpleNamespace(
        confirmed_subscription=confirmed,
        pending_subscription=pending,
        public_concern=public,
        restricted_concern=secret,
        once_public=once_public,
        public_action=public_action,
        sensitive_action=sensitive,
        withdrawn_meeting=withdrawn_meeting,
        actions_meeting=actions_meeting,
        closed_meeting=closed,
        forum=forum,
        upcoming=upcoming,
        submission_codes=[secret_submission.display_code, public_submission.display_code],
    )
    return minutes, later_minutes, restricted_category, api


def api_arguments(minutes, category, api) -> dict[str, list[tuple[dict, dict]]]:
    """The open-data API: every list with each of its filters, every detail (hidden records too, for a 404)."""
    municipality = minutes.meeting.forum.municipality
    forum = minutes.meeting.forum
    day = minutes.meeting.starts_at.date().isoformat()
    common = [{}, {"page_size": 1}, {"updated_since": "2000-01-01T00:00:00Z"}, {"lang": "sr"}]
    place = [{"municipality": municipality.pk}, {"municipality": municipality.slug}, {"forum": forum.pk}]
    place += [{"forum": forum.slug}, {"kind": "mcsc"}]
    categories = [{"category": category.pk}, {"category": category.slug}]
    meetings = [minutes.meeting_id, api.actions_meeting.pk, api.withdrawn_meeting.pk, api.closed_meeting.pk]
    meetings.append(api.upcoming.pk)
    concerns = [api.public_concern, api.restricted_concern, api.once_public]
    actions = [api.public_action, api.sensitive_action]
    return {
        "api:root": [({}, query) for query in common],
        "api:schema": [({}, {}), ({}, {"format": "json"}), ({}, {"format": "yaml"})],
        "api:docs": [({}, {}), ({}, {"script": ""})],
        "api:statistics": [({}, query) for query in [{}, {"municipality": municipality.slug}, *categories]],
        "api:municipality-list": [({}, query) for query in common],
        "api:municipality-detail": [({"pk": municipality.pk}, {})],
        "api:forum-list": [({}, query) for query in [*common, {"municipality": municipality.slug}]],
        "api:forum-detail": [({"pk": forum.pk}, {})],
        "api:meeting-list": [
            ({}, query)
            for query in [*common, *place, {"status": "held"}, {"starts_from": day}, {"starts_to": day}]
        ],
        "api:meeting-detail": [({"pk": pk}, {}) for pk in meetings],
        "api:minutes-list": [
            ({}, query)
            for query in [*common, *place, *categories, {"published_since": "2000-01-01T00:00:00Z"}]
        ],
        "api:minutes-detail": [({"meeting": pk}, {}) for pk in meetings],
        "api:concern-list": [
            ({}, query)
            for query in [*common, *place, *categories, {"status": "closed"}, {"raised_from": day}]
            + [{"meeting": minutes.meeting_id}, {"meeting": api.closed_meeting.pk}]
        ],
        "api:concern-detail": [({"id": concern.public_id}, {}) for concern in concerns],
        "api:action-list": [
            ({}, query)
            for query in [
                *common,
                *place,
                *categories,
                {"status": "open"},
                {"meeting": api.actions_meeting.pk},
            ]
            + [{"concern": concern.public_id} for concern in concerns]
        ],
        "api:action-detail": [({"id": action.public_id}, {}) for action in actions],
        "api:tombstone-list": [({}, query) for query in [*common, {"type": "concern"}]],
    }


def url_arguments(minutes, later_minutes, category, api) -> dict[str, list[tuple[dict, dict]]]:
    """For each public pattern name: the (kwargs, query) pairs to fetch."""
    meeting_ids = [minutes.meeting_id, later_minutes.meeting_id]
    municipality = minutes.meeting.forum.municipality_id
    forum = minutes.meeting.forum_id
    day = minutes.meeting.starts_at.date().isoformat()
    filters = [
        {},
        {"municipality": municipality},
        {"forum": forum},
        {"kind": "mcsc"},
        {"date_from": day},
        {"date_to": day},
        {"category": category.pk},
        {"q": "Procesverbali"},
        {"page": 2},
    ] + [{"q": marker} for marker in MARKERS.values()]
    accountability_filters = [
        {},
        {"municipality": municipality},
        {"category": category.pk},
        {"category": "x"},
    ]
    pdf_languages = [{"lang": code} for code, _name in settings.LANGUAGES] + [{}]
    # Every kind of meeting: with published minutes, with restricted actions, with a withdrawn
    # version, closed (404), and coming with a published agenda that holds restricted words.
    meeting_pages = [
        *meeting_ids,
        api.actions_meeting.pk,
        api.withdrawn_meeting.pk,
        api.closed_meeting.pk,
        api.upcoming.pk,
    ]
    return {
        "portal:home": [({}, {})],
        "portal:meeting_detail": [({"meeting_id": pk}, {}) for pk in meeting_pages],
        "portal:meeting_ics": [({"meeting_id": pk}, {}) for pk in meeting_pages],
        "portal:help": [({}, {})],
        "portal:meeting_list": [({}, {}), ({}, {"page": 2})],
        "portal:meetings_ics": [({}, {})],
        "portal:minutes_list": [({}, query) for query in filters],
        "portal:minutes_detail": [
            ({"meeting_id": pk}, {})
            for pk in [*meeting_ids, api.actions_meeting.pk, api.withdrawn_meeting.pk]
        ],
        "portal:minutes_pdf": [({"meeting_id": pk}, query) for pk in meeting_ids for query in pdf_languages],
        "portal:minutes_version_pdf": [
            ({"meeting_id": pk, "number": 1}, query) for pk in meeting_ids for query in pdf_languages
        ],
        "portal:minutes_feed": [({}, {})],
        "healthz": [({}, {})],
        "portal:accountability": [({}, query) for query in accountability_filters],
        "portal:accountability_csv": [({}, query) for query in accountability_filters],
        "portal:raise": [({}, {})],
        "portal:raise_receipt": [({}, {})],
        "portal:raise_for_forum": [
            ({"slug": api.forum.slug}, query) for query in [{}, {"meeting": api.upcoming.pk}]
        ],
        # Only the empty form: a typed code redirects to portal:track, whose codes are listed next.
        "portal:track_lookup": [({}, {})],
        "portal:track": [({"code": code}, {}) for code in [*api.submission_codes, "0000-0000-0000-0000"]],
        "portal:forum_minutes_feed": [
            ({"slug": minutes.meeting.forum.slug}, {}),
            ({"slug": "no-such-forum"}, {}),
        ],
        "portal:feedback": [
            ({"meeting_id": pk}, {}) for pk in [*meeting_ids, api.closed_meeting.pk, api.withdrawn_meeting.pk]
        ],
        "portal:subscribe": [
            ({}, query) for query in [{}, {"forum": minutes.meeting.forum.slug}, {"municipality": "x"}]
        ],
        "portal:subscribe_confirm": [
            ({"token": token}, {})
            for token in [api.pending_subscription.token, api.confirmed_subscription.token, "x"]
        ],
        "portal:unsubscribe": [
            ({"token": token}, {})
            for token in [api.pending_subscription.token, api.confirmed_subscription.token, "x"]
        ],
        **api_arguments(minutes, category, api),
    }


def without_echoed_search(text: str, query: dict) -> str:
    """The search box and the language switcher repeat what was typed: the reader's own input, not a leak."""
    if "q" in query:
        text = text.replace(f'value="{query["q"]}"', "").replace(f"q={query['q']}", "")
    return text


def test_every_public_pattern_has_arguments_in_this_harness(leaky_world):
    patterns = public_patterns()

    assert set(patterns) == set(url_arguments(*leaky_world)), (
        "A public URL pattern was added or removed: list it in url_arguments() so it is checked."
    )


def test_no_restricted_marker_reaches_any_public_url_in_any_language(client, leaky_world):
    arguments = url_arguments(*leaky_world)
    fetched = 0
    for name in public_patterns():
        for language, _label in settings.LANGUAGES:
            for kwargs, query in arguments[name]:
                with translation.override(language):
                    url = reverse(name, kwargs=kwargs)
                response = client.get(url, query)
                assert response.status_code in (200, 404), (url, query, response.status_code)
                text = without_echoed_search(readable_text(response), query)
                for field, marker in MARKERS.items():
                    assert marker not in text, f"{field} leaked on {url} {query}"
                fetched += 1
    assert fetched > 100


def test_a_search_for_a_marker_finds_no_minutes(client, leaky_world):
    for marker in MARKERS.values():
        body = client.get(reverse("portal:minutes_list"), {"q": marker}).content.decode()
        assert re.search(r"\b0 minutes found", body), marker


def test_restricted_concerns_are_still_counted_in_the_published_minutes(client, leaky_world):
    minutes, _later, category, _api = leaky_world
    body = client.get(reverse("portal:minutes_detail", args=[minutes.meeting_id])).content.decode()

    assert category.name_sq in body
    # The snapshot is in the municipality's first language, Albanian; two is below the threshold.
    with translation.override("sq"):
        fewer = gettext("Fewer than %(minimum)s further actions are restricted: they are counted, not shown.")
    assert fewer % {"minimum": 3} in body


LATE_MARKERS = {"summary": "MRKLATESUMMARY3e1d", "action": "MRKLATEACTION8a4f", "update": "MRKLATEUPDATE6c2b"}


def test_a_concern_restricted_after_the_pages_were_cached_leaves_them_at_once(
    client, leaky_world, forum, secretary, chair, category, police_unit, django_capture_on_commit_callbacks
):
    """Public pages are served from the cache (forum_site.lib.public_cache): restricting a concern
    whose text they showed must take it off every one of them at once, not when the cache expires."""
    minutes, later_minutes, restricted_category, api = leaky_world
    meeting = past_meeting(forum, days_ago=6)
    concern = factories.ConcernFactory(meeting=meeting, category=category, summary=LATE_MARKERS["summary"])
    action = factories.ActionFactory(
        meeting=meeting, concern=concern, title=LATE_MARKERS["action"], responsible_body=police_unit
    )
    factories.ActionUpdateFactory(action=action, note=LATE_MARKERS["update"], is_public=True)
    publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="Takim i gjashtë"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    arguments = url_arguments(minutes, later_minutes, restricted_category, api)
    arguments["portal:minutes_detail"].append(({"meeting_id": meeting.pk}, {}))
    arguments["portal:minutes_list"] += [({}, {"q": marker}) for marker in LATE_MARKERS.values()]
    # Two languages, the default and a prefixed one: the cache keys differ by language.
    requests = [
        (language, name, kwargs, query)
        for language in ("sq", "sr")
        for name in public_patterns()
        for kwargs, query in arguments[name]
    ]

    def fetch_all() -> str:
        texts = []
        for language, name, kwargs, query in requests:
            with translation.override(language):
                url = reverse(name, kwargs=kwargs)
            response = client.get(url, query)
            assert response.status_code in (200, 404, 410), (url, query, response.status_code)
            texts.append(without_echoed_search(readable_text(response), query))
        return "\n".join(texts)

    before = fetch_all()
    assert LATE_MARKERS["summary"] in before and LATE_MARKERS["update"] in before  # public until now

    with django_capture_on_commit_callbacks(execute=True):
        visibility.change_visibility(concern=concern, visibility=Concern.RESTRICTED, by=secretary)

    after = fetch_all()
    for field, marker in LATE_MARKERS.items():
        assert marker not in after, f"{field} still shown after the concern was restricted"
