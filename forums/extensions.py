"""Where a higher layer plugs into the forums app.

The actions app depends on forums, never the other way round (import-linter checks it). So when a
forums page or the minutes need something of the actions, they ask here, and the actions app
registers what it offers from its AppConfig.ready():
- the earlier actions a meeting reviewed, for the minutes' follow-up section;
- more context for the staff pages (the actions on the dashboard, a meeting's and a concern's page);
- more sections of the meeting page, which htmx may ask the page for alone (a cancelled edit);
- more kinds of change history for a forum's audit trail.
The portal, on top of both, fills one hook too: the address of a meeting's trust survey, which
the minutes print with a QR code (the survey's pages are the portal's).
Without a provider, each hook answers with nothing, so forums works (and is tested) on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.http import HttpRequest

from forums.models import Meeting

# --- The minutes' follow-up ------------------------------------------------------------------------

# Earlier actions of the forum reviewed at a meeting, each with its status label at that time.
FollowUp = Callable[[Meeting], list[tuple[object, str]]]
_follow_up: list[FollowUp] = []


def provide_follow_up(function: FollowUp) -> None:
    _follow_up[:] = [function]


def follow_up(meeting: Meeting) -> list[tuple[object, str]]:
    return _follow_up[0](meeting) if _follow_up else []


# --- The trust survey's address, printed in the minutes ------------------------------------------------

# The absolute URL of a meeting's survey page, in the active language.
SurveyLink = Callable[[Meeting], str]
_survey_link: list[SurveyLink] = []


def provide_survey_link(function: SurveyLink) -> None:
    _survey_link[:] = [function]


def survey_link(meeting: Meeting) -> str:
    return _survey_link[0](meeting) if _survey_link else ""


# --- Staff pages ---------------------------------------------------------------------------------

DASHBOARD = "dashboard"
MEETING_PAGE = "meeting"
CONCERN_PAGE = "concern"
# A provider takes the request and the page's object (meeting=…, concern=…) and answers more context.
PageContext = Callable[..., dict]
_page_context: dict[str, dict[str, PageContext]] = {}


def provide_page_context(page: str, function: PageContext) -> None:
    # Keyed by the function's name, so a second ready() (tests) replaces instead of doubling.
    _page_context.setdefault(page, {})[function.__qualname__] = function


def page_context(page: str, request: HttpRequest, **objects) -> dict:
    context: dict = {}
    for function in _page_context.get(page, {}).values():
        context.update(function(request, **objects))
    return context


@dataclass(frozen=True)
class MeetingSection:
    """A section a higher layer adds to the meeting page: its template, and its context for
    (request, meeting)."""

    template: str
    context: Callable[[HttpRequest, Meeting], dict]


# By the id of the section's element, which htmx sends as its target.
_meeting_sections: dict[str, MeetingSection] = {}


def provide_meeting_section(element_id: str, section: MeetingSection) -> None:
    _meeting_sections[element_id] = section


def meeting_section(element_id: str | None) -> MeetingSection | None:
    return _meeting_sections.get(element_id or "")


# --- The audit trail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackedHistory:
    """A model whose change history belongs in a forum's audit trail."""

    kind: str
    model: type[Model]
    scope: str  # how its rows belong to a forum: "forum_id", or a lookup on the forum's meeting ids
    label: str
    url_name: str = ""  # the staff page of one object, reversed with its id


_histories: dict[str, TrackedHistory] = {}


def track_history(history: TrackedHistory) -> None:
    _histories[history.kind] = history


def tracked_histories() -> dict[str, TrackedHistory]:
    return dict(_histories)
