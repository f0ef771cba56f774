"""E-mail alerts: `/subscribe/`, `/subscribe/confirm/<token>/` and `/unsubscribe/<token>/`.

No login anywhere: the links carry the token. Confirming and leaving are a button (POST) on the
page a link opens, because mail scanners open links (GET) on their own; a mail program's one-click
unsubscribe (RFC 8058) POSTs to the same address without a CSRF token, so that view is exempt.
"""

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal import abuse
from portal import subscriptions
from portal.forms import SubscribeForm
from portal.forms import proof_of_work_context
from portal.models import Subscription

LIMIT_PURPOSE = "subscribe"
LINK_LIMIT_PURPOSE = "subscribe-email"
# Confirmation links one e-mail address can be sent in an hour, whoever asks: nobody can flood a
# stranger's inbox through this form.
LINKS_PER_ADDRESS_PER_HOUR = 3


def _initial(request: HttpRequest) -> dict:
    """A link from a forum's pages preselects it: `?forum=<slug>` or `?municipality=<slug>`."""
    initial = {"language": translation.get_language()}
    for kind in ("forum", "municipality"):
        if request.GET.get(kind):
            initial["follow"] = f"{kind}:{request.GET[kind]}"
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and abuse.is_limited(
        request, purpose=LIMIT_PURPOSE, per_hour=settings.SUBSCRIPTION_REQUESTS_PER_ADDRESS_PER_HOUR
    ):
        return render(request, "portal/subscribe.html", {"busy": True}, status=429)
    form = SubscribeForm(request.POST if request.method == "POST" else None, initial=_initial(request))
    if form.is_bound and form.is_valid():
        abuse.count(request, purpose=LIMIT_PURPOSE)
        _send_link(request, form)
        return render(
            request, "portal/subscribe.html", {"sent": True, "days": settings.SUBSCRIPTION_CONFIRM_DAYS}
        )
    context = {"form": form, **proof_of_work_context()}
    return render(request, "portal/subscribe.html", context, status=400 if form.is_bound else 200)


def _send_link(request: HttpRequest, form: SubscribeForm) -> None:
    """Ask for the subscription, unless this e-mail address had its links for the hour.

    Past that limit the page answers the same, only no link goes out: nobody learns whether an
    address is subscribed, and nobody can flood a stranger's inbox through this form.
    """
    email = form.cleaned_data["email"].lower()
    if abuse.is_limited(
        request, purpose=LINK_LIMIT_PURPOSE, per_hour=LINKS_PER_ADDRESS_PER_HOUR, subject=email
    ):
        return
    abuse.count(request, purpose=LINK_LIMIT_PURPOSE, subject=email)
    subscriptions.request_subscription(
        email=form.cleaned_data["email"], language=form.cleaned_data["language"], **form.followed()
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    # The page is about one person's subscription: no cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: a button confirms (mail scanners only GET)."""
    if request.method == "POST":
        subscription = subscriptions.confirm_subscription(token=token)
        state = "confirmed" if subscription else "invalid"
    else:
        subscription = subscriptions.pending_subscription(token)
        if subscription is not None:
            state = "pending"
        else:
            subscription = Subscription.objects.filter(token=token, confirmed_at__isnull=False).first()
            state = "confirmed" if subscription else "invalid"
    context = {"state": state, "followed": subscription.followed if subscription else None}
    return _no_store(render(request, "portal/subscription_confirm.html", context))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Leave in one click: the button here, or a mail program's one-click POST (RFC 8058)."""
    if request.method == "POST":
        state = "left" if subscriptions.unsubscribe(token=token) else "unknown"
        context = {"state": state, "followed": None}
    else:
        subscription = Subscription.objects.filter(token=token).first()
        context = {
            "state": "subscribed" if subscription else "unknown",
            "followed": subscription.followed if subscription else None,
        }
    return _no_store(render(request, "portal/unsubscribe.html", context))
