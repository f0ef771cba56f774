"""Inviting staff: accounts are made by an administrator and finished by the person invited."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from forum_site.lib.emails import send_templated_email
from forum_site.lib.links import absolute_url
from forums.errors import ForumError


def invitation_link(user) -> str:
    """A one-time link to set a password: it stops working once the password is set."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return absolute_url(path)


def invite_person(*, email: str, first_name: str = "", last_name: str = "", by, language: str = "sq"):
    """Create a staff account without a password and e-mail its owner a link to set one."""
    if not by.is_superuser:
        raise ForumError(_("Only an administrator can invite people."))
    email = email.strip().lower()
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise ForumError(_("Someone with this e-mail address already has an account."), field="email")
    with transaction.atomic():
        user = User(username=email[:150], email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    send_invitation(user=user, language=language)
    return user


def send_invitation(*, user, language: str = "sq") -> None:
    """(Re)send the set-password link to a person who has no password yet."""
    send_templated_email(
        name="invitation", to=user, language=language, context={"link": invitation_link(user)}
    )
