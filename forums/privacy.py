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
8. A meeting's agenda is public once the secretary published it, and only while no item title
   holds the text of a restricted record of its forum, in any wording its change history holds
   (`public_agendas`): publishing such an agenda is refused naming the record
   (`restricted_text_in_agenda`), and a record restricted after publication takes the agenda off
   every public surface at once, until the words are taken out. A record corrected after its words
   were copied into a title is still found in them.
9. What a citizen sends through the site is never published as written (the design's rule 9):
   its text and e-mail address reach no public page, tracking page, e-mail or export. A
   submission in a category restricted by default is restricted from the start, and so is the
   concern it becomes; one whose concern is restricted now is restricted too. For a restricted
   submission the tracking page (read by whoever holds the slip with the code) and the e-mails
   to the citizen name neither its category nor any text: only its status, dates and forum. What
   the forum writes for the public (a concern's summary, an answer) must not copy the citizen's
   words (`copies_citizen_words`), and the minutes may not hold them (rule 5). Public statistics
   count restricted submissions only among those raised, under rule 7; what became of them is
   not broken down, since with so few a count of those declined would tell of one person.
10. A share of survey answers (the trust survey after meetings) is shown only from
   SURVEY_MIN_ANSWERS answers up: below it, neither the share nor the exact number of answers is
   shown (`shown_share`). A survey comment is never public as written: the forum's secretary
   and chair read it, and count it by theme.

Actions belong to a higher layer (the actions app), so their rules are written here as
predicates on attributes and as Q objects on field names, without importing the model.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from django.conf import settings
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import AgendaItem
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Meeting
from forums.models import Submission

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

    kind: str  # "concern", "action" or "submission"
    pk: int

    @property
    def label(self) -> str:
        if self.kind == "concern":
            return _("concern #%(number)d") % {"number": self.pk}
        if self.kind == "submission":
            return _("citizen's submission #%(number)d") % {"number": self.pk}
        return _("action #%(number)d") % {"number": self.pk}


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def texts_ever_held(records: QuerySet, *fields: str) -> set[tuple]:
    """(pk, *fields) of each record as it reads now and as each version of its change history held
    it: text corrected after it was copied somewhere is still found in its old wording."""
    rows = set(records.values_list("pk", *fields))
    history = records.model.history.filter(id__in=[pk for pk, *_text in rows])
    rows.update(history.values_list("id", *fields).order_by().distinct())
    return rows


def restricted_texts(meeting: Meeting) -> list[tuple[RestrictedRecord, str]]:
    """The text of every restricted record the minutes of `meeting` could have copied.

    Every restricted record of its forum, not only the meeting's own: minutes quote earlier
    meetings (a concern raised again, the follow-up of earlier actions), and a record restricted
    after those minutes were published must not come back when they are published again. Concerns
    with their escalation partners, actions (pre-filled "Decisions" come from their titles), each
    with every summary and details, or title and description, it ever had (one corrected since may
    have been copied as it was), and what citizens wrote about the forum's concerns (rule 9).
    """
    forum_id = meeting.forum_id
    texts: list[tuple[RestrictedRecord, str]] = []
    concerns = texts_ever_held(
        Concern.objects.filter(
            Q(meeting__forum_id=forum_id)
            | Q(escalated_to__meeting__forum_id=forum_id)
            | Q(escalated_from__meeting__forum_id=forum_id),
            visibility=Concern.RESTRICTED,
        ),
        "summary",
        "details",
    )
    for pk, summary, details in sorted(concerns):
        record = RestrictedRecord("concern", pk)
        texts += [(record, summary), (record, details)]
    # Actions live in a higher layer: reached through the meeting's reverse relation, not imported.
    actions = texts_ever_held(
        Meeting.actions.rel.related_model.objects.filter(restricted_action_q(), meeting__forum_id=forum_id),
        "title",
        "description",
    )
    for pk, title, description in sorted(actions):
        record = RestrictedRecord("action", pk)
        texts += [(record, title), (record, description)]
    # Rule 9: the words citizens sent about the forum's concerns are never published as written.
    for submission in Submission.objects.filter(concern__meeting__forum_id=forum_id).exclude(text=""):
        texts.append((RestrictedRecord("submission", submission.pk), submission.text))
    return texts


def restricted_text_in(meeting: Meeting, *free_texts: str) -> list[RestrictedRecord]:
    """Rule 5: the restricted records of `meeting` whose text appears in the given free text."""
    return records_found(restricted_texts(meeting), free_texts)


def records_found(
    texts: Iterable[tuple[RestrictedRecord, str]], free_texts: Iterable[str]
) -> list[RestrictedRecord]:
    """The records whose text (long enough to mean something) appears in the free text."""
    haystack = normalised("\n".join(free_texts))
    found: list[RestrictedRecord] = []
    for record, text in texts:
        needle = normalised(text)
        if len(needle) >= MIN_MATCHED_LENGTH and needle in haystack and record not in found:
            found.append(record)
    return found


# --- Agendas -------------------------------------------------------------------------------------


def restricted_texts_of_forums(forum_ids: Iterable[int]) -> dict[int, list[tuple[RestrictedRecord, str]]]:
    """The text of every restricted record of these forums, per forum id; one query, however many forums.

    An agenda is written before its meeting, from earlier meetings (the follow-up of their actions)
    and from concerns escalated or brought to it, so every restricted record of the forum counts,
    not only the meeting's own. An escalated concern counts in both its forums. Each record counts
    with every summary and details, or title and description, its change history holds: an agenda
    copied it before it was corrected, and the old words tell of the person as the new ones do.
    Concerns come first, then actions, each by number, so a message naming them reads the same
    every time.
    """
    forum_ids = set(forum_ids)
    texts: dict[int, list[tuple[RestrictedRecord, str]]] = defaultdict(list)
    if not forum_ids:
        return texts
    # Actions live in a higher layer: reached through the meeting's reverse relation, not imported.
    action_model = Meeting.actions.rel.related_model
    concerns = Concern.objects.filter(
        Q(meeting__forum_id__in=forum_ids)
        | Q(escalated_to__meeting__forum_id__in=forum_ids)
        | Q(escalated_from__meeting__forum_id__in=forum_ids),
        visibility=Concern.RESTRICTED,
    )
    actions = action_model.objects.filter(restricted_action_q(), meeting__forum_id__in=forum_ids)
    no_forum = Value(None, output_field=IntegerField())
    # A live record carries its forums (an escalated concern its partner's too); an old wording from
    # its history carries none, and counts in the forums of the live record it belongs to.
    members = [
        concerns.annotate(kind=Value("concern")).values_list(
            "kind",
            "pk",
            "summary",
            "details",
            "meeting__forum_id",
            "escalated_to__meeting__forum_id",
            "escalated_from__meeting__forum_id",
        ),
        actions.annotate(kind=Value("action"), to_forum=no_forum, from_forum=no_forum).values_list(
            "kind", "pk", "title", "description", "meeting__forum_id", "to_forum", "from_forum"
        ),
        Concern.history.filter(id__in=concerns.values("pk"))
        .annotate(kind=Value("concern"), forum=no_forum, to_forum=no_forum, from_forum=no_forum)
        .values_list("kind", "id", "summary", "details", "forum", "to_forum", "from_forum"),
        action_model.history.filter(id__in=actions.values("pk"))
        .annotate(kind=Value("action"), forum=no_forum, to_forum=no_forum, from_forum=no_forum)
        .values_list("kind", "id", "title", "description", "forum", "to_forum", "from_forum"),
    ]
    first, *others = (member.order_by() for member in members)
    # One query: public pages and the API read every published agenda through here. UNION, not
    # UNION ALL: a history repeats a wording in every version that changed something else.
    forums_of: dict[RestrictedRecord, set[int]] = defaultdict(set)
    wordings: dict[RestrictedRecord, set[str]] = defaultdict(set)
    for kind, pk, text, more_text, *forums in first.union(*others):
        record = RestrictedRecord(kind, pk)
        forums_of[record].update(set(forums) & forum_ids)
        wordings[record].update((text, more_text))
    for record in sorted(wordings, key=lambda record: (record.kind != "concern", record.pk)):
        for forum_id in forums_of[record]:
            texts[forum_id] += [(record, text) for text in sorted(wordings[record])]
    return texts


def restricted_text_in_agenda(meeting: Meeting, *titles: str) -> list[RestrictedRecord]:
    """Rule 8: the restricted records of the meeting's forum whose text, as it reads now or as it
    ever read, the agenda's titles hold."""
    return records_found(restricted_texts_of_forums([meeting.forum_id])[meeting.forum_id], titles)


@dataclass(frozen=True)
class PublicAgenda:
    """A meeting's agenda as citizens may read it: the item titles in order (never the discussion)."""

    titles: list[str]
    published_at: datetime


def public_agendas(meetings: Iterable[Meeting]) -> dict[int, PublicAgenda]:
    """The agendas the public may read, by meeting id; a bounded number of queries for any number.

    A meeting is absent when its agenda is not published, empty, or (rule 8) holds the text of a
    restricted record of its forum, in any wording it ever had: such an agenda stays off every
    public surface until the secretary takes the words out, whoever restricted the record, however,
    and whatever was corrected since.
    """
    published = [meeting for meeting in meetings if meeting.agenda_published_at is not None]
    if not published:
        return {}
    titles: dict[int, list[str]] = defaultdict(list)
    items = AgendaItem.objects.filter(meeting__in=[meeting.pk for meeting in published]).order_by(
        "meeting_id", "position", "pk"
    )
    for meeting_id, title in items.values_list("meeting_id", "title"):
        titles[meeting_id].append(title)
    texts = restricted_texts_of_forums(meeting.forum_id for meeting in published if titles[meeting.pk])
    return {
        meeting.pk: PublicAgenda(titles[meeting.pk], meeting.agenda_published_at)
        for meeting in published
        if titles[meeting.pk] and not records_found(texts[meeting.forum_id], titles[meeting.pk])
    }


# --- Citizens' submissions (rule 9) ---------------------------------------------------------------

# A run of this many words of the citizen's text, found in what the forum writes, is a copy.
COPIED_WORDS = 6


def submission_starts_restricted(category: ConcernCategory) -> bool:
    """A submission in a category restricted by default is restricted from the moment it arrives."""
    return category.restricted_by_default


def submission_is_restricted(submission: Submission) -> bool:
    """Restricted from the start, or since: its concern is restricted now."""
    if submission.visibility == Concern.RESTRICTED:
        return True
    return submission.concern_id is not None and not concern_is_public(submission.concern)


def restricted_submission_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}visibility": Concern.RESTRICTED}) | Q(
        **{f"{prefix}concern__visibility": Concern.RESTRICTED}
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def copies_citizen_words(written: str, citizen_text: str) -> bool:
    """Whether text the forum writes for the public repeats the citizen's words.

    A run of COPIED_WORDS words of theirs counts, and so does a whole short text (a few words
    of at least MIN_MATCHED_LENGTH characters). Word-wise, so punctuation and case do not hide a copy.
    """
    theirs, ours = _words(citizen_text), _words(written)
    if not theirs or not ours:
        return False
    if len(theirs) < COPIED_WORDS:
        return (
            len(" ".join(theirs)) >= MIN_MATCHED_LENGTH and f" {' '.join(theirs)} " in f" {' '.join(ours)} "
        )
    runs = {tuple(theirs[i : i + COPIED_WORDS]) for i in range(len(theirs) - COPIED_WORDS + 1)}
    return any(tuple(ours[i : i + COPIED_WORDS]) in runs for i in range(len(ours) - COPIED_WORDS + 1))


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
    return ShownCount(count, suppressed=restricted > 0 and restricted_part_matters(count))


def restricted_part_matters(count: int) -> bool:
    """Whether how many of a count are restricted changes how it is shown (rule 7): only below the
    minimum. Where finding the restricted ones is dear, it can be left out otherwise."""
    return 0 < count < min_count()


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
    """The share of answers agreeing with a statement, as a public surface shows it (rule 10)."""

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
