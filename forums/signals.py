"""Events of a forum's work that higher layers act on: the portal e-mails the people following a forum.

Forums never imports the portal (import-linter checks it), so it announces what happened and
whoever cares connects. Each signal is sent only once the transaction that made the change has
committed (`send_on_commit`): a receiver that queues e-mail never tells of a change rolled back.
Receivers get primary keys, never model instances, as a Celery task would.
"""

from django.db import transaction
from django.dispatch import Signal

# Meetings were scheduled (one, or a monthly series): `meeting_ids`.
meeting_scheduled = Signal()
# A version of a meeting's minutes was published, in every language: `minutes_id`, `version_number`.
minutes_published = Signal()
# A meeting's agenda was published ahead of it: `meeting_id`. Sent by the agenda's publishing step.
agenda_published = Signal()


def send_on_commit(signal: Signal, **arguments) -> None:
    """Send `signal` with these keyword arguments once the current transaction commits."""
    transaction.on_commit(lambda: signal.send(sender=None, **arguments))
