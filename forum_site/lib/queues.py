"""Several short lists of one model in one query: each list's first rows and how many it holds.

The dashboard shows many queues per person (meetings to mark held, minutes to fix, actions overdue,
due this week, without an assignee...). A query each made the page's count grow with the roles one
holds. Here the database labels each row with the queues it is in, numbers it within each queue
(ROW_NUMBER), counts each queue (COUNT over it), and sends only the rows some queue shows. A row may
be in several queues (an unassigned action is also overdue); each queue has its own order.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber


@dataclass(frozen=True)
class Queue:
    """The rows of a queue (`where`), in `order_by`, of which the first `length` are shown (None: all)."""

    where: Q
    order_by: tuple
    length: int | None


def first_rows(queryset: QuerySet, queues: dict[str, Queue]) -> dict[str, dict]:
    """Per queue name: {"rows": its first rows in order, "total": how many it holds}. One query."""
    annotations, shown = {}, Q()
    for name, queue in queues.items():
        member = f"queue_{name}_in"
        annotations[member] = ExpressionWrapper(queue.where, output_field=BooleanField())
        annotations[f"queue_{name}_total"] = Window(Count("pk"), partition_by=F(member))
        annotations[f"queue_{name}_rank"] = Window(
            RowNumber(), partition_by=F(member), order_by=queue.order_by
        )
        limit = {} if queue.length is None else {f"queue_{name}_rank__lte": queue.length}
        shown |= Q(**{member: True}, **limit)
    candidates = Q()
    for queue in queues.values():
        candidates |= queue.where
    rows = list(queryset.filter(candidates).annotate(**annotations).filter(shown).order_by())

    result = {}
    for name in queues:
        members = [row for row in rows if getattr(row, f"queue_{name}_in")]
        members.sort(key=lambda row, rank=f"queue_{name}_rank": getattr(row, rank))
        result[name] = {
            "rows": members,
            "total": getattr(members[0], f"queue_{name}_total") if members else 0,
        }
    return result
