"""The audit trail of one forum for its chair: who changed what and when, and who was shown what.

It lists field names only, never values: a restricted concern's text must not reappear here,
and names are enough to ask the right question. Query count is bounded: one paged UNION over
the history tables and the access log, then one query per kind of object on the page.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField
from django.db.models import F
from django.db.models import Model
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from forums import extensions
from forums import permissions
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from forums.models import Minutes
from forums.models import RestrictedAccess
from forums.models import VisibilityProposal
from forums.models import display_name

PAGE_SIZE = 50
ACCESS = "access"
# Each kind of history: its model and how its rows belong to a forum.
TRACKED: dict[str, tuple[type[Model], str]] = {
    "meeting": (Meeting, "forum_id"),
    "agenda_item": (AgendaItem, "meeting_id__in"),
    "concern": (Concern, "meeting_id__in"),
    "minutes": (Minutes, "meeting_id__in"),
    # Both steps of making a sensitive concern public: the secretary's proposal, the chair's decision.
    "proposal": (VisibilityProposal, "concern__meeting_id__in"),
}
KIND_LABELS = {
    "meeting": gettext_lazy("Meeting"),
    "agenda_item": gettext_lazy("Agenda item"),
    "concern": gettext_lazy("Concern"),
    "minutes": gettext_lazy("Minutes"),
    "proposal": gettext_lazy("Proposal to make public"),
    ACCESS: gettext_lazy("Concern"),
}
ACCESS_ACTION_LABEL = gettext_lazy("Action")
ACCESS_EXPORT_LABEL = gettext_lazy("Export")
ACCESS_SUBMISSION_LABEL = gettext_lazy("Citizen's submission")
# Bookkeeping columns that change with every save and say nothing to a reader.
IGNORED_FIELDS = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user"}


@dataclass
class AuditEntry:
    """One line of the trail."""

    kind: str
    at: datetime
    who: str
    object_id: int | None
    change: str
    url: str = ""
    fields: list[str] = field(default_factory=list)
    # Restricted-access entries: where the text was shown, and what the record is when not a concern.
    where: str = ""
    label: str = ""

    @property
    def kind_label(self) -> str:
        if self.label:
            return self.label
        extra = extensions.tracked_histories().get(self.kind)
        return str(extra.label if extra else KIND_LABELS[self.kind])


def _tracked() -> dict[str, tuple[type[Model], str]]:
    """The forums' own histories, and those a higher layer added (the actions app adds its actions)."""
    extra = {kind: (history.model, history.scope) for kind, history in extensions.tracked_histories().items()}
    return {**TRACKED, **extra}


def _rows(forum: Forum) -> QuerySet:
    """Every history row and restricted-access record of the forum, as one sortable UNION."""
    meeting_ids = Meeting.objects.filter(forum=forum).values("pk")
    parts = []
    for kind, (model, scope) in _tracked().items():
        scope_value = forum.pk if scope == "forum_id" else meeting_ids
        parts.append(
            model.history.filter(**{scope: scope_value})
            .annotate(
                kind=Value(kind, output_field=CharField()),
                row=F("history_id"),
                at=F("history_date"),
                who=F("history_user_id"),
                object_id=F("id"),
                change=F("history_type"),
            )
            .values_list("kind", "row", "at", "who", "object_id", "change")
            .order_by()  # a UNION member may not carry its model's default ordering
        )
    parts.append(
        # Entries written before the access log named the forum are found through their concern.
        RestrictedAccess.objects.filter(Q(forum=forum) | Q(forum__isnull=True, concern__meeting__forum=forum))
        .annotate(
            kind=Value(ACCESS, output_field=CharField()),
            row=F("pk"),
            at=F("accessed_at"),
            who=F("user_id"),
            object_id=F("concern_id"),
            change=Value("o", output_field=CharField()),
        )
        .values_list("kind", "row", "at", "who", "object_id", "change")
        .order_by()
    )
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-at", "-row")


def _changed_fields(model: type[Model], rows: list[tuple]) -> dict[int, list[str]]:
    """For each history row id on the page, the verbose names of the fields it changed."""
    history_model = model.history.model
    row_ids = [row[1] for row in rows]
    object_ids = {row[4] for row in rows}
    columns = {
        f.attname: str(f.verbose_name)
        for f in history_model._meta.concrete_fields
        if f.name not in IGNORED_FIELDS and not f.name.startswith("history_")
    }
    # All versions of the objects on the page up to the newest row shown: the previous
    # version of every row is among them.
    newest = max(row[2] for row in rows)
    versions = history_model.objects.filter(id__in=object_ids, history_date__lte=newest).order_by(
        "id", "history_date", "history_id"
    )
    previous: dict[int, object] = {}
    changed: dict[int, list[str]] = {}
    wanted = set(row_ids)
    for version in versions.only("id", "history_id", "history_date", *columns):
        before = previous.get(version.id)
        if version.history_id in wanted and before is not None:
            changed[version.history_id] = [
                label for name, label in columns.items() if getattr(version, name) != getattr(before, name)
            ]
        previous[version.id] = version
    return changed


def _url(kind: str, object_id: int, meeting_by_minutes: dict[int, int]) -> str:
    if kind in ("concern", ACCESS):
        return reverse("forums:concern_detail", args=[object_id])
    if kind == "meeting":
        return reverse("forums:meeting_detail", args=[object_id])
    if kind in extensions.tracked_histories():
        return reverse(extensions.tracked_histories()[kind].url_name, args=[object_id])
    if kind == "proposal":
        return reverse("forums:proposal_detail", args=[object_id])
    if kind == "minutes" and object_id in meeting_by_minutes:
        return reverse("minutes:detail", args=[meeting_by_minutes[object_id]])
    return ""


CHANGE_LABELS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
    "o": gettext_lazy("restricted details shown"),
}


def _access_entry(entry: AuditEntry, access: RestrictedAccess | None) -> AuditEntry:
    """Fill in what an access-log row says: where, which record (an action or an export), how many rows."""
    if access is None:
        return entry
    entry.where = access.get_surface_display()
    if access.surface == RestrictedAccess.EXPORT:
        entry.label, entry.object_id, entry.url = str(ACCESS_EXPORT_LABEL), None, ""
        rows = access.rows or 0
        entry.change = ngettext(
            "exported with restricted details: %(rows)d row",
            "exported with restricted details: %(rows)d rows",
            rows,
        ) % {"rows": rows}
    elif access.submission_id:
        entry.label, entry.object_id = str(ACCESS_SUBMISSION_LABEL), access.submission_id
        entry.url = reverse("submissions:detail", args=[access.submission_id])
    elif access.action_id:
        entry.label, entry.object_id = str(ACCESS_ACTION_LABEL), access.action_id
        entry.url = reverse("actions:action_detail", args=[access.action_id])
        if access.concern_id:
            entry.change = _("restricted details shown, with those of concern #%(number)d") % {
                "number": access.concern_id
            }
    return entry


def audit_entries(rows: list[tuple]) -> list[AuditEntry]:
    """Turn a page of UNION rows into entries, with a fixed number of queries."""
    users = {
        user.pk: display_name(user)
        for user in get_user_model().objects.filter(pk__in={row[3] for row in rows if row[3]})
    }
    changed: dict[tuple[str, int], list[str]] = {}
    for kind, (model, _scope) in _tracked().items():
        of_kind = [row for row in rows if row[0] == kind and row[5] == "~"]
        if of_kind:
            for row_id, names in _changed_fields(model, of_kind).items():
                changed[kind, row_id] = names
    minutes_ids = {row[4] for row in rows if row[0] == "minutes"}
    meeting_by_minutes = (
        dict(Minutes.objects.filter(pk__in=minutes_ids).values_list("pk", "meeting_id"))
        if minutes_ids
        else {}
    )
    access_ids = [row[1] for row in rows if row[0] == ACCESS]
    accesses = RestrictedAccess.objects.in_bulk(access_ids) if access_ids else {}
    entries = []
    for kind, row_id, at, who, object_id, change in rows:
        entry = AuditEntry(
            kind=kind,
            at=at,
            who=users.get(who, _("system")),
            object_id=object_id,
            change=str(CHANGE_LABELS.get(change, change)),
            url=_url(kind, object_id, meeting_by_minutes) if object_id else "",
            fields=changed.get((kind, row_id), []),
        )
        entries.append(_access_entry(entry, accesses.get(row_id)) if kind == ACCESS else entry)
    return entries


@login_required
def forum_audit(request: HttpRequest, slug: str) -> HttpResponse:
    forum = permissions.get_forum_for_user(request.user, slug)
    if not permissions.can_read_audit(request.user, forum):
        raise PermissionDenied
    page = Paginator(_rows(forum), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"forum": forum, "page": page, "entries": audit_entries(list(page.object_list))}
    return render(request, "forums/audit_list.html", context)
