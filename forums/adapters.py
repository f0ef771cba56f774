"""django-allauth hooks: staff accounts are created by an administrator, never by sign-up, and the
address that logs in and receives password resets changes only with proof from both ends."""

from allauth.account import signals
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django.db import transaction

from forum_site.lib import links


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    # allauth names the site and builds its links from Django's Sites table and the request's host;
    # a fresh database names example.com there. Ours come from SITE_URL, like every other e-mail.
    def format_email_subject(self, subject: str) -> str:
        return f"[{links.configured_site().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {
            **{
                key: links.on_this_site(value) if _is_link(key, value) else value
                for key, value in context.items()
            },
            "current_site": links.configured_site(),
        }
        super().send_mail(template_prefix, email, context)


def _is_link(key: str, value) -> bool:
    """allauth passes its links (activate_url, password_reset_url, signup_url) as absolute URLs."""
    return key.endswith("_url") and isinstance(value, str) and value.startswith(("http://", "https://"))


class VerifiedAddressResetPasswordForm(ResetPasswordForm):
    """Sends a reset link only to a verified address of an account.

    allauth falls back to an unverified address, so one added from a stolen session would receive
    the key to the account. Whoever asks about any other address gets allauth's "no account" mail.
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [
            user
            for user in self.users
            if EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
        ]
        return email


def tell_the_current_address(sender, request, user, email_address: EmailAddress, **kwargs) -> None:
    """When a new address is added (it awaits confirmation), tell the address still in use.

    allauth tells the old address only once the change is confirmed; by then it may be too late
    to react.
    """
    if email_address.verified:
        return
    get_adapter(request).send_notification_mail(
        "account/email/email_change_requested", user, {"new_email": email_address.email}
    )


def verify_the_invited_address(sender, request, user, **kwargs) -> None:
    """Setting a password from an invitation link proves the address the link was sent to.

    Reset links reach verified addresses only, so a person without one can only have come from
    an invitation, which goes to `user.email`. An address another account has verified stays
    theirs.
    """
    if not user.email or EmailAddress.objects.filter(user=user, verified=True).exists():
        return
    if EmailAddress.objects.filter(email__iexact=user.email, verified=True).exists():
        return
    with transaction.atomic():
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email__iexact=user.email, defaults={"email": user.email.lower()}
        )
        address.verified = True
        address.save(update_fields=["verified"])
        address.set_as_primary()


def connect() -> None:
    signals.email_added.connect(tell_the_current_address, dispatch_uid="forums.accounts.email_added")
    signals.password_reset.connect(verify_the_invited_address, dispatch_uid="forums.accounts.password_reset")
