"""Fill the database with about two years of made-up forum work in three municipalities.

Idempotent: what exists (by slug or e-mail) is kept, and a forum that already has meetings
gets no new ones. Demo accounts get the password from --password, or a random one that is
printed; a second run without --password leaves existing passwords alone. The data and the
seeders are in forum_site/demo/.
"""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from forum_site.demo import help_entries
from forum_site.demo import meeting_pages
from forum_site.demo import minutes
from forum_site.demo import privacy_cases
from forum_site.demo import survey
from forum_site.demo import two_factor
from forum_site.demo import world
from forum_site.demo.meetings import MeetingSeeder
from forum_site.demo.tables import EMAIL_DOMAIN
from forum_site.demo.tables import PLACES
from forum_site.lib.links import absolute_url
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from forums.models import Municipality


class Command(BaseCommand):
    help = "Create demo municipalities, forums, people and two years of meetings (idempotent; DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for the demo accounts; given explicitly it also resets existing ones. "
            "Without it new accounts get a random password that is printed.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a real production site)."
        )
        parser.add_argument(
            "--totp-secret",
            help="Base32 TOTP secret enrolled for demo staff who must use two-factor login "
            "(secretaries, chairs, police liaisons, the admin). Without it a random one is printed.",
        )
        parser.add_argument(
            "--published-minutes",
            type=int,
            default=12,
            help="How many of each forum's latest held meetings get published minutes (PDFs rendered "
            "through the Celery task); the latest held meeting's minutes wait for the chair instead.",
        )

    def handle(self, *args, password=None, force=False, totp_secret=None, published_minutes=12, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; pass --force if this really is a demo site."
            )
        if totp_secret is not None and (problem := two_factor.secret_problem(totp_secret)):
            raise CommandError(problem)
        explicit = password is not None
        if explicit and not password:
            raise CommandError("--password must not be empty.")
        password = password or secrets.token_urlsafe(12)
        now = timezone.now()
        with transaction.atomic():
            categories = world.categories()
            created_users, roles = world.people(password, reset=explicit)
            for place in PLACES:
                municipality = world.municipality_of(place)
                bodies = world.bodies_of(municipality)
                forums = world.forums_of(place, municipality, roles)
                for forum in forums:
                    if not forum.meetings.exists():
                        MeetingSeeder(forum, place, bodies, categories, now, mcsc=forums[0]).run()
        secret, enrolled = two_factor.enrol(totp_secret)
        meeting_pages.describe_places()
        rendered = minutes.publish_recent(per_forum=published_minutes)
        privacy_cases.seed()
        # After the privacy cases: the agendas published are checked against their restricted records.
        meeting_pages.publish_agendas()
        help_entries.seed()
        answers = survey.seed(now)
        self._report(password, explicit, created_users)
        self.stdout.write(f"Minutes published for {rendered} demo meetings (PDFs rendered).")
        if answers:
            self.stdout.write(f"Trust survey: {answers} demo answers.")
        two_factor.report(self.stdout, secret, enrolled)

    def _report(self, password: str, explicit: bool, created_users: int) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Municipality.objects.count()} municipalities, {Forum.objects.count()} "
                f"forums, {Meeting.objects.count()} meetings, {Concern.objects.count()} concerns, "
                f"{Action.objects.count()} actions."
            )
        )
        self.stdout.write(
            # SITE_URL is the address served (`make run HOST=...` sets it), not always the default.
            f"Log in at {absolute_url(reverse('account_login'))} as e.g. sekretari.prishtine@{EMAIL_DOMAIN}"
        )
        if explicit:
            self.stdout.write("Demo accounts use the password given with --password.")
        elif created_users:
            self.stdout.write(f"Password of the new demo accounts: {password}")
        else:
            self.stdout.write("Existing demo accounts keep their passwords; pass --password to reset them.")
