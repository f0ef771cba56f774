"""Demo seeding only: TOTP enrolment for the demo staff, so a new user can log in with any app.

Never used outside `seed_demo`, which refuses to run with DEBUG off.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.db.models import Q

from forums.permissions import RESTRICTED_VIEWER_ROLES


def demo_staff_needing_two_factor():
    return (
        get_user_model()
        .objects.filter(email__endswith="@demo.forums.test")
        .filter(
            Q(is_superuser=True) | Q(memberships__role__in=RESTRICTED_VIEWER_ROLES, memberships__active=True)
        )
        .distinct()
    )


def enrol(secret: str | None) -> tuple[str, int]:
    """Enrol every demo account that needs TOTP and has none; answer the secret and how many."""
    secret = (secret or generate_totp_secret()).replace(" ", "").upper()
    enrolled = 0
    for user in demo_staff_needing_two_factor():
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
            enrolled += 1
    return secret, enrolled


def report(stdout, secret: str, enrolled: int) -> None:
    if enrolled:
        stdout.write(
            f"Two-factor: {enrolled} demo staff accounts use the TOTP secret {secret} "
            f"(add it to an authenticator app, or: oathtool --totp -b {secret})."
        )
    else:
        stdout.write("Two-factor: demo staff keep the TOTP secret they were enrolled with.")
