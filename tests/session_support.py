"""Log a test client in as if the person had just typed their password (and TOTP code)."""

import time

from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY


def fresh_login(client, user, *, seconds_ago: int = 0) -> None:
    """`force_login` plus the record allauth keeps of a password login `seconds_ago`.

    Views behind forum_site.lib.reauth ask a stale session to re-authenticate; `force_login` alone
    leaves no record and so counts as stale.
    """
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time() - seconds_ago}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
