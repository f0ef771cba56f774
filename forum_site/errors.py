"""Error pages that tell the reader what happened and give a reference, never a traceback."""

import logging
import uuid

from django.shortcuts import render

logger = logging.getLogger("forums.errors")


def remember_error(request, exception: Exception) -> None:
    """Give an unexpected error a reference that the page shows and the log records."""
    request.error_reference = uuid.uuid4().hex[:12]
    logger.error("server error ref=%s path=%s", request.error_reference, request.path, exc_info=exception)


def server_error(request):
    reference = getattr(request, "error_reference", None) or uuid.uuid4().hex[:12]
    return render(request, "500.html", {"reference": reference}, status=500)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)
