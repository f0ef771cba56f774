"""E-mail verification became mandatory: accounts that have an address but no allauth record of it
(made in the admin before invitations existed) get it as verified, as an administrator set it.
Without this their next login would wait for a confirmation link."""

from django.conf import settings
from django.db import migrations
from django.db.models.functions import Lower


def verify_addresses_set_by_administrators(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = set(EmailAddress.objects.annotate(lower=Lower("email")).values_list("lower", flat=True))
    users = list(User.objects.exclude(email="").filter(emailaddress__isnull=True))
    counts: dict[str, int] = {}
    for user in users:
        counts[user.email.lower()] = counts.get(user.email.lower(), 0) + 1
    for user in users:
        email = user.email.lower()
        # An address shared by two accounts, or already someone's, is left for an administrator.
        if counts[email] == 1 and email not in taken:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0005_privacy_gate"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(verify_addresses_set_by_administrators, migrations.RunPython.noop)]
