"""Demo seeding only: TOTP enrolment for the demo staff, so a new user can log in with any app.

Never used outside `seed_demo`, which refuses to run with DEBUG off.
"""

import base64
import binascii

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth import get_user_model
from django.db.models import Q

from forums.permissions import RESTRICTED_VIEWER_ROLES

# RFC 4226 asks for 160 bits, and authenticator libraries such as pyotp refuse fewer.
MIN_SECRET_BITS = 160


def secret_problem(secret: str) -> str:
    """Why a TOTP secret given for the demo cannot be used, or an empty string."""
    normalised = secret.replace(" ", "").upper()
    try:
        decoded = base64.b32decode(normalised + "=" * (-len(normalised) % 8))
    except binascii.Error:
        return "The TOTP secret must be base32 (letters A–Z and digits 2–7)."
    if len(decoded) * 8 < MIN_SECRET_BITS:
        return (
            f"The TOTP secret holds {len(decoded) * 8} bits; use at least {MIN_SECRET_BITS} "
            "(32 base32 characters): authenticator libraries refuse shorter ones."
        )
    return ""


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
