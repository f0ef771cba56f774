"""Several short lists of one model in one query: each list's first rows and how many it holds.

The dashboard shows many queues per person (meetings to mark held, minutes to fix, actions overdue,
due this week, without an assignee...). A query each made the page's count grow with the roles one
holds. Here one statement answers them all: a row may be in several queues (an unassigned action is
also overdue), and each queue has its own order.

- Inside, the database labels the rows in scope with the queues they are in and numbers them within
  each queue (ROW_NUMBER), on the row's key and sort columns only: numbering the full rows, with
  their related rows joined, meant sorting every open action of a forum, whole, once per queue.
- Outside, the rows some queue shows are read in full, numbered again among themselves (the same
  order, so the same sequence), and each counted queue's size comes from a count beside them.
"""

from dataclasses import dataclass

from django.db.models import BooleanField
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import Func
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Window
from django.db.models.functions import RowNumber


@dataclass(frozen=True)
class Queue:
    """The rows of a queue (`where`), in `order_by`, of which the first `length` are shown (None: all).

    `counted`: whether the page says how many it holds (a count of its rows beside them).
    """

    where: Q
    order_by: tuple
    length: int | None
    counted: bool = True


def first_rows(scope: QuerySet, queues: dict[str, Queue], *, read: QuerySet) -> dict[str, dict]:
    """Per queue name: {"rows": its first rows in order, "total": how many it holds (0 if not counted)}.

    `scope`: the rows that may be in a queue, e.g. of the person's forums: each is numbered, so it is
    bounded by what one person sees, not by the country's records. `read`: how the rows shown are read
    (their related rows, their columns). One query.
    """
    members, ranks, shown = {}, {}, Q()
    for name, queue in queues.items():
        member = f"queue_{name}_in"
        members[member] = ExpressionWrapper(queue.where, output_field=BooleanField())
        ranks[f"queue_{name}_rank"] = Window(RowNumber(), partition_by=F(member), order_by=queue.order_by)
        limit = {} if queue.length is None else {f"queue_{name}_rank__lte": queue.length}
        shown |= Q(**{member: True}, **limit)
    numbered = scope.annotate(**members, **ranks).filter(shown).values("pk")
    totals = {
        f"queue_{name}_total": _count(scope.filter(queue.where))
        for name, queue in queues.items()
        if queue.counted
    }
    rows = list(read.filter(pk__in=numbered).annotate(**members, **ranks, **totals).order_by())

    result = {}
    for name in queues:
        in_queue = [row for row in rows if getattr(row, f"queue_{name}_in")]
        in_queue.sort(key=lambda row, rank=f"queue_{name}_rank": getattr(row, rank))
        total = getattr(rows[0], f"queue_{name}_total", 0) if rows else 0
        result[name] = {"rows": in_queue, "total": total}
    return result


def _count(queryset: QuerySet) -> Subquery:
    """How many rows the queryset holds, as a value computed once for the whole statement."""
    counted = queryset.order_by().annotate(queue_count=Func(F("pk"), function="COUNT")).values("queue_count")
    return Subquery(counted, output_field=IntegerField())
