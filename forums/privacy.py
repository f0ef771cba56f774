"""The privacy gate: what of a concern, action, update or escalation may reach a public surface.

Every public surface asks here and nowhere else: the minutes (page, PDF, every version), text
search, the Atom feed, the calendars, the accountability page and its CSV, the citizens' pages
and the open-data API. Staff pages decide who may read restricted text in `permissions.py`;
this module decides what the public may read.

The rules
1. A concern is public only while its visibility is "public". Of a restricted concern only its
   category and dates reach a public surface: never its summary, details, neighbourhood or
   source. A concern in a category restricted by default (domestic violence, violent extremism)
   is made public only by two people: the secretary proposes, the chair confirms.
2. An action is restricted when the concern it answers is restricted, when its responsible body
   handles sensitive cases, or when the secretary marked it. Public surfaces show restricted
   actions only as counts, and their updates are never public.
3. An update is public when it was posted as public and its action is public.
4. An escalated concern and its copy in the council share one visibility (restricting either
   restricts both), so an escalation shows on public surfaces only when both ends are public.
5. Free text written by staff (the minutes' narrative and decisions, often pre-filled from
   actions) must not hold the text of a restricted record: `restricted_text_in` names the record,
   and the minutes workflow refuses to submit, approve, publish or render while it does.
6. Restricting a record withdraws every published minutes version that held its text (see
   `forums.minutes.services.withdraw_minutes_showing`); withdrawn versions leave public download and
   search, and a note with the date stays in their place.
7. A number below PRIVACY_MIN_COUNT that counts restricted concerns (or restricted actions) is
   shown as "fewer than N", and a chart draws no bar for it; a median of fewer than N actions with
   a restricted one among them is not shown. How restricted concerns were closed is the one thing
   about them the numbers could tell of a person, so it is public only per municipality, category
   and completed year, and a year's row is broken down by reason only when every reason counts
   none or at least N (see `restricted_breakdown_is_shown` for why hiding the small reasons alone
   is not enough).
8. A share of survey answers (the trust survey after meetings) is shown only from
   SURVEY_MIN_ANSWERS answers up: below it, neither the share nor the exact number of answers is
   shown (`shown_share`). A survey comment is never public as written: the forum's secretary
   and chair read it, and count it by theme.

Actions belong to a higher layer (the actions app), so their rules are written here as
predicates on attributes and as Q objects on field names, without importing the model.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import Concern, ConcernCategory, Meeting

# --- Concerns ------------------------------------------------------------------------------------


def concern_is_public(concern: Concern) -> bool:
    return concern.visibility == Concern.PUBLIC


def public_concern_q(prefix: str = "") -> Q:
    """Concerns whose text may be shown; `prefix` reaches them through a relation (`concern__`)."""
    return Q(**{f"{prefix}visibility": Concern.PUBLIC})


def needs_two_people_to_publish(concern: Concern) -> bool:
    """A concern in a category restricted by default becomes public only by proposal and confirmation.

    So does one that was ever in such a category: moving it to another category first, then
    publishing it in a second save, is no way round the chair.
    """
    if category_needs_two_people(concern.category):
        return True
    return concern.pk is not None and concern.history.filter(category__restricted_by_default=True).exists()


def category_needs_two_people(category: ConcernCategory) -> bool:
    """The same rule for a category a concern is about to be logged in or moved to."""
    return category.restricted_by_default


# --- Actions and their updates -------------------------------------------------------------------


def action_is_restricted(action) -> bool:
    """Rule 2: restricted by its concern, by its responsible body, or by the secretary's mark."""
    if action.marked_restricted or action.responsible_body.handles_sensitive_cases:
        return True
    return action.concern_id is not None and not concern_is_public(action.concern)


def restricted_action_q(prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}marked_restricted": True})
        | Q(**{f"{prefix}responsible_body__handles_sensitive_cases": True})
        | Q(**{f"{prefix}concern__visibility": Concern.RESTRICTED})
    )


def public_action_q(prefix: str = "") -> Q:
    """Actions whose text may be shown: the negation of rule 2, written out for nullable concerns."""
    return Q(
        **{f"{prefix}marked_restricted": False, f"{prefix}responsible_body__handles_sensitive_cases": False}
    ) & (Q(**{f"{prefix}concern__isnull": True}) | Q(**{f"{prefix}concern__visibility": Concern.PUBLIC}))


def public_update_q(prefix: str = "") -> Q:
    """Rule 3: updates posted as public, on actions that are public."""
    return Q(**{f"{prefix}is_public": True}) & public_action_q(f"{prefix}action__")


def split_public_actions(actions: Iterable) -> tuple[list, int]:
    """The actions whose text may be published, and how many others there are (shown as a count)."""
    shown, hidden = [], 0
    for action in actions:
        if action_is_restricted(action):
            hidden += 1
        else:
            shown.append(action)
    return shown, hidden


# --- Free text copied from records ---------------------------------------------------------------

# Shorter texts (a village name, "Patrol") would match ordinary words of the minutes.
MIN_MATCHED_LENGTH = 12


@dataclass(frozen=True)
class RestrictedRecord:
    """A restricted record whose text was found in free text: named by kind and number only."""

    kind: str  # "concern" or "action"
    pk: int

    @property
    def label(self) -> str:
        if self.kind == "concern":
            return _("concern #%(number)d") % {"number": self.pk}
        return _("action #%(number)d") % {"number": self.pk}


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def restricted_texts(meeting: Meeting) -> list[tuple[RestrictedRecord, str]]:
    """The text of every restricted record the minutes of `meeting` could have copied.

    Its concerns and their escalation partners, and its actions (pre-filled "Decisions" come
    from their titles).
    """
    texts: list[tuple[RestrictedRecord, str]] = []
    concerns = list(meeting.concerns.filter(visibility=Concern.RESTRICTED))
    partners = Concern.objects.filter(
        Q(escalated_to__meeting=meeting) | Q(escalated_from__meeting=meeting), visibility=Concern.RESTRICTED
    )
    for concern in [*concerns, *partners]:
        record = RestrictedRecord("concern", concern.pk)
        texts += [(record, concern.summary), (record, concern.details)]
    for action in meeting.actions.filter(restricted_action_q()):
        record = RestrictedRecord("action", action.pk)
        texts += [(record, action.title), (record, action.description)]
    return texts


def restricted_text_in(meeting: Meeting, *free_texts: str) -> list[RestrictedRecord]:
    """Rule 5: the restricted records of `meeting` whose text appears in the given free text."""
    haystack = normalised("\n".join(free_texts))
    found: list[RestrictedRecord] = []
    for record, text in restricted_texts(meeting):
        needle = normalised(text)
        if len(needle) >= MIN_MATCHED_LENGTH and needle in haystack and record not in found:
            found.append(record)
    return found


# --- Small numbers -------------------------------------------------------------------------------


def min_count() -> int:
    return settings.PRIVACY_MIN_COUNT


@dataclass(frozen=True)
class ShownCount:
    """A count as a public surface shows it: small counts of restricted concerns are not exact."""

    value: int
    suppressed: bool = False

    def __str__(self) -> str:
        if self.suppressed:
            return _("fewer than %(minimum)d") % {"minimum": min_count()}
        return str(self.value)

    @property
    def threshold(self) -> int:
        return min_count()

    @property
    def csv(self) -> str:
        return f"<{min_count()}" if self.suppressed else str(self.value)


def shown_count(count: int, *, restricted: int) -> ShownCount:
    """Rule 7: a count that includes restricted concerns is exact only from PRIVACY_MIN_COUNT up."""
    return ShownCount(count, suppressed=restricted > 0 and 0 < count < min_count())


def median_is_shown(values: int, *, restricted: int) -> bool:
    """A median of one or two durations is those durations: with a restricted one, it is one case's."""
    return not shown_count(values, restricted=restricted).suppressed


def restricted_breakdown_is_shown(parts: Iterable[int]) -> bool:
    """Whether restricted concerns may be shown split into these parts (their closing reasons).

    Only when every part is 0 or at least PRIVACY_MIN_COUNT. Writing the small parts as "fewer
    than N" would not hide them: the row's total is public (the concerns closed), so a single
    hidden part is the total minus the others, and two hidden parts that add up to 2 are 1 each.
    """
    return all(part == 0 or part >= min_count() for part in parts)


def last_year_of_published_outcomes(today: date) -> int:
    """How restricted concerns were closed is published for years that have ended, never the current one.

    A count that still moves tells, by comparing two exports, how the one case closed in between
    was closed. A year that has ended no longer moves.
    """
    return today.year - 1


# --- Survey answers ------------------------------------------------------------------------------


def survey_min_answers() -> int:
    return settings.SURVEY_MIN_ANSWERS


@dataclass(frozen=True)
class SurveyShare:
    """The share of answers agreeing with a statement, as a public surface shows it (rule 8)."""

    agreeing: int
    answers: int
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        """The share agreeing in whole percent; None when suppressed or nobody answered."""
        if self.suppressed or not self.answers:
            return None
        return round(100 * self.agreeing / self.answers)

    @property
    def fraction(self) -> float | None:
        """The share agreeing as a fraction to three places, for the CSV and the API."""
        if self.suppressed or not self.answers:
            return None
        return round(self.agreeing / self.answers, 3)

    @property
    def threshold(self) -> int:
        return survey_min_answers()

    @property
    def answers_csv(self) -> str:
        return f"<{survey_min_answers()}" if self.suppressed else str(self.answers)

    @property
    def answers_text(self) -> str:
        """How many answered, in words: "fewer than 10 answers" below the minimum."""
        if self.suppressed:
            return _("fewer than %(minimum)d answers") % {"minimum": survey_min_answers()}
        return ngettext("%(count)d answer", "%(count)d answers", self.answers) % {"count": self.answers}

    def __str__(self) -> str:
        if self.suppressed:
            return _("fewer than %(minimum)d answers") % {"minimum": survey_min_answers()}
        if not self.answers:
            return _("no answers")
        return _("%(percent)d%% agree (n = %(answers)d)") % {"percent": self.percent, "answers": self.answers}


def shown_share(agreeing: int, answers: int) -> SurveyShare:
    """Rule 8: a share of fewer than SURVEY_MIN_ANSWERS answers is not shown, nor how many there were."""
    return SurveyShare(agreeing, answers, suppressed=0 < answers < survey_min_answers())
