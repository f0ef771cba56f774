"""/healthz for load balancers: is the database reachable, the broker reachable, any worker alive.

The answer names only the checks and their outcome, never hosts, URLs or error text.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum_site.celery import app as celery_app

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"
UNCONFIGURED = "unconfigured"
# Short enough that a load balancer probe never queues up behind a dead dependency.
BROKER_TIMEOUT_SECONDS = 2
WORKER_PING_SECONDS = 1


def check_database() -> str:
    """Run a trivial query on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return ERROR
    return OK


def check_broker() -> str:
    """Open (and close) one connection to the Celery broker, retrying at most once."""
    if not settings.CELERY_BROKER_URL:
        return UNCONFIGURED
    try:
        with celery_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        logger.exception("Health check: broker unreachable")
        return ERROR
    return OK


def count_workers() -> int:
    """Number of Celery workers that answer a ping through the broker within a second."""
    try:
        replies = celery_app.control.ping(timeout=WORKER_PING_SECONDS) or []
    except Exception:
        logger.exception("Health check: worker ping failed")
        return 0
    return len(replies)


@never_cache
@require_GET
def healthz(request):
    """Report database, broker and worker liveness; 503 when the database or a configured broker is down."""
    database = check_database()
    broker = check_broker()
    if broker == UNCONFIGURED:
        workers = UNCONFIGURED
    elif broker == OK:
        workers = count_workers()
    else:
        workers = 0
    healthy = database == OK and broker in (OK, UNCONFIGURED)
    return JsonResponse(
        {"database": database, "broker": broker, "workers": workers}, status=200 if healthy else 503
    )
