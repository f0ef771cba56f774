"""Anonymous public pages from the cache, forgotten the moment anything they could show changes.

Citizens read the same pages over and over; one change (minutes published, corrected or withdrawn,
a concern logged or restricted, a public update, a meeting scheduled) can alter any of them. So
every cached page and every cached number carries the *generation* it was made in: one random token
in the cache, replaced whenever a record that public pages read is saved or deleted (`watch`, wired in
`forum_site.apps`) and wherever a service writes rows without saving them (`invalidate`). A page of
an older generation is never served again; nothing needs to know which page showed what.

Privacy first:
- Only requests without a session or messages cookie are served from or stored in the cache: logged-in
  staff always get the page rendered for them, and nobody gets another person's messages.
- The key is the language and the address, not the language cookie: a reader whose cookie names
  another language is redirected away from a plain address (the default language's) before any view
  runs (`forum_site.language.ChosenLanguageMiddleware`), so its cached page never answers them.
- A response that set a cookie or used a CSRF token, that is streamed, private or no-store, or that is
  not a 200 is never stored.
- The generation is replaced both at once and again after the transaction commits, so a page rendered
  from the old rows while the change was being committed is orphaned too.
- Pages expire after PUBLIC_PAGE_CACHE_SECONDS anyway (what "upcoming" means moves with the clock).
- PUBLIC_PAGE_CACHE_SECONDS is 0 (off) in production unless CACHE_URL names a cache shared by every
  process: a per-process cache would not hear of a change made by another worker.

Every page served this way carries an ETag, and a request whose If-None-Match matches gets 304 Not
Modified without the page being rendered: feed readers and calendar apps poll cheaply.

To cache a new public page: decorate its view with `@cached_public_page` (below `@require_safe`), and
make sure the records it reads are watched (`forum_site/apps.py`). See docs/architecture.md.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable
from collections.abc import Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed
from django.db.models.signals import post_delete
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.cache import patch_cache_control
from django.utils.cache import set_response_etag
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-cache:generation"
# Headers a stored page keeps; middleware adds the rest (language, security, CSP) on every answer.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Cache-Control", "X-Accel-Redirect")


def enabled() -> bool:
    return settings.PUBLIC_PAGE_CACHE_SECONDS > 0


def _new_generation() -> str:
    return uuid.uuid4().hex


def generation() -> str:
    """The current generation token; a fresh one when the cache lost it (restart, eviction)."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        current = cache.get(GENERATION_KEY)
    return current


def _replace_generation() -> None:
    cache.set(GENERATION_KEY, _new_generation(), None)


def _replace_after_commit() -> None:
    try:
        _replace_generation()
    except Exception:  # the change is committed; the generation was already replaced once before
        logger.exception("Could not renew the public page cache after a commit")


def invalidate() -> None:
    """Forget every cached public page and number: now, and again once the transaction commits.

    Raises when the cache cannot be reached, so a change that could not be announced is rolled back
    rather than left hidden behind a stale page.
    """
    _replace_generation()
    connection = transaction.get_connection()
    # Once per transaction is enough (a service saves many rows); a savepoint rolled back takes its
    # callbacks with it, and the next change registers again.
    pending = any(callback is _replace_after_commit for _ids, callback, _robust in connection.run_on_commit)
    if connection.in_atomic_block and not pending:
        transaction.on_commit(_replace_after_commit)


def _on_change(sender, raw=False, **kwargs) -> None:
    if not raw:  # fixtures loading rows
        invalidate()


def watch(models: Iterable[type[Model]]) -> None:
    """Invalidate on every save, deletion and many-to-many change of these models."""
    for model in models:
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )


def remember(name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in the cache for the current generation (and language) under `name`."""
    if not enabled():
        return compute()
    try:
        key = f"public-data:{generation()}:{get_language()}:{name}"
        value = cache.get(key)
    except Exception:
        logger.warning("Public cache unreachable; computing %s afresh", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        cache.set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


# --- Pages ----------------------------------------------------------------------------------------


def _anonymous(request: HttpRequest) -> bool:
    """No session and no pending messages: the page is the same for everybody in this language."""
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    )


def _page_key(request: HttpRequest) -> str:
    # Scheme and host too: feeds and calendars write absolute links.
    address = f"{get_language()} {request.build_absolute_uri()}"
    return "public-page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        and "no-store" not in cache_control
        and "private" not in cache_control
    )


def _stored(response: HttpResponse, token: str) -> dict:
    headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
    return {"generation": token, "content": response.content, "headers": headers}


def _rebuilt(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response[name] = value
    return response


def _tagged(response: HttpResponse) -> HttpResponse:
    """An ETag on every public answer; browsers and proxies may keep the page but must ask each time."""
    if response.status_code == 200 and not response.streaming:
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
    return response


def _answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 Not Modified when the reader already has this version of the page."""
    if not response.has_header("ETag"):
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's answer to anonymous readers from the cache while nothing public has changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not enabled() or not _anonymous(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        try:
            # One round trip: the current generation and the page, compared here.
            found = cache.get_many([GENERATION_KEY, key])
            token = found.get(GENERATION_KEY) or generation()
        except Exception:
            logger.warning("Public cache unreachable; rendering %s afresh", request.path, exc_info=True)
            return _answer(request, _tagged(view(request, *args, **kwargs)))
        stored = found.get(key)
        if stored is not None and stored["generation"] == token:
            return _answer(request, _rebuilt(stored))
        response = _tagged(view(request, *args, **kwargs))
        if _storable(request, response):
            cache.set(key, _stored(response, token), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return _answer(request, response)

    return wrapper
