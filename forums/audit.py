"""Attributing change history to the person a service acts for, also outside a web request."""

from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace
from typing import TypeVar

from simple_history.models import HistoricalRecords

F = TypeVar("F", bound=Callable)


def records_history(service: F) -> F:
    """Decorate a service taking `by=` so every history row it writes names that user."""

    @wraps(service)
    def wrapper(*args, by, **kwargs):
        context = HistoricalRecords.context
        previous = getattr(context, "request", None)
        context.request = SimpleNamespace(user=by)
        try:
            return service(*args, by=by, **kwargs)
        finally:
            if previous is None:
                del context.request
            else:
                context.request = previous

    return wrapper
