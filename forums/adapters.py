"""django-allauth hooks: staff accounts are created by an administrator, never by sign-up, and the
address that logs in and receives password resets changes only with proof from both ends."""

from allauth.account import signals
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django.db import transaction


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


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
