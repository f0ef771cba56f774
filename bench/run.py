"""Benchmark: generate a large data set, then time the pages people use most.

    .venv/bin/python bench/run.py                     # SQLite file in /tmp, 40 forums × 60 meetings
    DATABASE_URL=postgres://… .venv/bin/python bench/run.py --forums 80 --meetings 120

Prints, per page, the median and worst time over repeated requests and the number of
queries. Compare ratios within one run (e.g. a page at two data sizes), never absolute
numbers across machines. Timed tests are not part of the suite; query counts are
(tests use django_assert_max_num_queries).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/forums-bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", "/tmp/forums-bench-media")


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(forums: int, meetings: int, concerns_per_meeting: int) -> None:
    """Bulk-create forums with members, meetings, concerns, actions and published minutes."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from actions.models import Action, ActionUpdate, ResponsibleBody
    from forums.models import (
        AgendaItem,
        Concern,
        ConcernCategory,
        Forum,
        Meeting,
        Membership,
        Minutes,
        MinutesVersion,
        Municipality,
    )

    if Forum.objects.filter(slug__startswith="bench-").count() >= forums:
        print("data set already present")
        return
    User = get_user_model()
    now = timezone.now()
    categories = [
        ConcernCategory.objects.get_or_create(
            slug=f"bench-cat-{i}", defaults={"name_sq": f"Kategoria {i}", "restricted_by_default": i < 2}
        )[0]
        for i in range(10)
    ]
    pdf = ContentFile(b"%PDF-1.4 bench", name="bench.pdf")
    for f in range(forums):
        municipality, _ = Municipality.objects.get_or_create(
            slug=f"bench-m{f // 4}", defaults={"name_sq": f"Komuna {f // 4}", "name_sr": f"Opština {f // 4}"}
        )
        forum = Forum.objects.create(
            municipality=municipality,
            kind="mcsc" if f % 4 == 0 else "lpsc",
            name_sq=f"Forum {f}",
            slug=f"bench-{f}",
        )
        body = ResponsibleBody.objects.create(municipality=municipality, kind="police", name_sq=f"Njësia {f}")
        people = {
            role: User.objects.create(username=f"bench-{f}-{role}", email=f"{role}{f}@bench.test")
            for role in ("secretary", "chair", "police_liaison")
        }
        Membership.objects.bulk_create(
            Membership(user=user, forum=forum, role=role, institution="municipality")
            for role, user in people.items()
        )
        rows = Meeting.objects.bulk_create(
            Meeting(
                forum=forum,
                number=n + 1,
                starts_at=now - datetime.timedelta(days=30 * (meetings - n)),
                location="Salla",
                status="held",
            )
            for n in range(meetings)
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=m, position=p, title=f"Pika {p}") for m in rows for p in range(3)
        )
        concerns = Concern.objects.bulk_create(
            Concern(
                meeting=m,
                category=categories[(m.number + c) % 10],
                summary=f"Shqetësim {m.number}-{c}",
                visibility="restricted" if (m.number + c) % 10 < 2 else "public",
            )
            for m in rows
            for c in range(concerns_per_meeting)
        )
        actions = Action.objects.bulk_create(
            Action(
                meeting=c.meeting,
                concern=c,
                title=f"Veprim {c.pk}",
                responsible_body=body,
                assignee=people["police_liaison"],
                due_date=(c.meeting.starts_at + datetime.timedelta(days=30)).date(),
                status=("done", "open", "in_progress", "cancelled")[c.pk % 4],
                completed_at=c.meeting.starts_at + datetime.timedelta(days=20) if c.pk % 4 == 0 else None,
            )
            for c in concerns
        )
        ActionUpdate.objects.bulk_create(
            ActionUpdate(action=a, author=people["police_liaison"], note="Në proces", is_public=True)
            for a in actions[::3]
        )
        minutes = Minutes.objects.bulk_create(
            Minutes(meeting=m, status="published", approved_by=people["chair"]) for m in rows
        )
        versions = []
        for mi in minutes:
            version = MinutesVersion(
                minutes=mi,
                number=1,
                language="sq",
                html=f"<p>Procesverbali {mi.meeting_id}</p>",
                text=f"Procesverbali {mi.meeting_id}",
                sha256="0" * 64,
            )
            version.pdf.name = "minutes/bench.pdf"
            versions.append(version)
        MinutesVersion.objects.bulk_create(versions)
    storage_path = Path(os.environ["MEDIA_ROOT"]) / "minutes"
    storage_path.mkdir(parents=True, exist_ok=True)
    (storage_path / "bench.pdf").write_bytes(pdf.read())
    print(f"generated {forums} forums × {meetings} meetings")


def measure(repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from forums.models import Meeting, Membership

    meeting = Meeting.objects.filter(forum__slug="bench-0").order_by("-starts_at").first()
    secretary = Membership.objects.get(forum__slug="bench-0", role="secretary").user
    police = Membership.objects.get(forum__slug="bench-0", role="police_liaison").user
    public = [
        ("home", reverse("portal:home")),
        ("meetings", reverse("portal:meeting_list")),
        ("minutes list", reverse("portal:minutes_list")),
        ("minutes list, text search", reverse("portal:minutes_list") + "?q=Procesverbali"),
        ("minutes page", reverse("portal:minutes_detail", args=[meeting.pk])),
        ("accountability", reverse("portal:accountability")),
        ("feed", reverse("portal:minutes_feed")),
        ("calendar", reverse("portal:meetings_ics")),
    ]
    staff = [
        (secretary, "dashboard (secretary)", reverse("forums:dashboard")),
        (secretary, "meeting page (secretary)", reverse("forums:meeting_detail", args=[meeting.pk])),
        (police, "my actions (police)", reverse("actions:my_actions")),
    ]
    print(f"{'page':32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, url, user in [(lb, u, None) for lb, u in public] + [(lb, u, usr) for usr, lb, u in staff]:
        client = Client()
        if user is not None:
            client.force_login(user)
            from allauth.mfa.totp.internal.auth import TOTP
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user, ["totp"]):
                TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        client.get(url)  # warm caches and templates
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        print(f"{label:32} {statistics.median(times):10.1f} {max(times):8.1f} {len(queries):8d}")


def measure_api_against_html(repeat: int) -> None:
    """A page of 100 meetings and of 100 concerns from the API, against HTML showing the same records:
    the meeting list's first five pages (20 each), and for concerns, which have no HTML list, the
    accountability page, whose timeline is the public list of concerns (30 at most): a rough match."""
    from django.test import Client

    client = Client()
    pairs = [
        ("100 meetings", ["/api/v1/meetings/?page_size=100"], [f"/meetings/?page={n}" for n in range(1, 6)]),
        ("100 concerns", ["/api/v1/concerns/?page_size=100"], ["/accountability/"]),
    ]
    print(f"{'API page vs HTML':32} {'API ms':>10} {'HTML ms':>8} {'ratio':>8}")
    for label, api_urls, html_urls in pairs:
        medians = []
        for urls in (api_urls, html_urls):
            for url in urls:
                client.get(url)
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                for url in urls:
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                times.append((time.perf_counter() - start) * 1000)
            medians.append(statistics.median(times))
        print(f"{label:32} {medians[0]:10.1f} {medians[1]:8.1f} {medians[0] / medians[1]:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=40)
    parser.add_argument("--meetings", type=int, default=60, help="meetings per forum")
    parser.add_argument("--concerns", type=int, default=3, help="concerns (and actions) per meeting")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    generate(args.forums, args.meetings, args.concerns)
    measure(args.repeat)
    measure_api_against_html(args.repeat)


if __name__ == "__main__":
    main()
