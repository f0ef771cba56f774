"""Benchmark: generate a large data set, then measure the pages people use most.

    make bench                                         # SQLite in /tmp: 40 forums × 60 meetings × 3 concerns
    make bench BENCH_ARGS="--forums 40 --meetings 250 --concerns 10"   # national scale: 100,000 concerns
    DATABASE_URL=postgres://… make bench BENCH_ARGS="…"                 # on PostgreSQL, as production runs
    .venv/bin/python bench/run.py --queries-only --forums 4 --meetings 12   # what CI runs: query counts

Prints two tables.

1. In-process (Django's test client, one process): per page, the median time of a first hit (the page
   cache emptied before each request: what the first reader after a change waits), of a cached hit
   (public pages), the queries of a first hit, and the first hit as a multiple of the minutes page's.
2. Throughput with wrk against gunicorn (4 workers, the page cache in Redis, PDFs answered with
   X-Accel-Redirect as behind nginx), as a ratio to a trivial view through the same middleware in the
   same run (bench/urls.py; the site has no such view): public pages cached, and uncached (a second
   gunicorn with the page cache off). Needs wrk and redis-server; skipped with a note without them.

Compare ratios within one run, never absolute numbers across machines. Nothing here is asserted:
timed tests are not part of the suite; query counts are (django_assert_max_num_queries).
"""

import argparse
import contextlib
import datetime
import hashlib
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings")
# The in-process table keeps its cache in this process (the wrk table starts its own Redis).
os.environ["CACHE_URL"] = "locmemcache://"
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "300")

STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOPICS = [
    ("Bullizëm në shkollë", "Vršnjačko nasilje u školi"),
    ("Trafiku para shkollës", "Saobraćaj ispred škole"),
    ("Ndriçimi i rrugës", "Osvetljenje ulice"),
    ("Narkotikët dhe të rinjtë", "Narkotici i mladi"),
    ("Qentë endacakë", "Psi lutalice"),
    ("Siguria në park", "Bezbednost u parku"),
    ("Vjedhjet në lagje", "Krađe u naselju"),
    ("Rregullat e shëndetit publik", "Pravila javnog zdravlja"),
]
FILLER = (
    "Anëtarët e forumit diskutuan shqetësimet e qytetarëve dhe caktuan veprimet për policinë dhe komunën. "
    "Përfaqësuesit e shkollave dhe të shoqërisë civile morën pjesë në takim. "
) * 6
FILLER_SR = (
    "Članovi foruma razgovarali su o zabrinutostima građana i odredili mere za policiju i opštinu. "
    "Predstavnici škola i civilnog društva učestvovali su na sastanku. "
) * 6
PDF_BYTES = b"%PDF-1.4 bench"


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- The data set ---------------------------------------------------------------------------------


def generate(forums: int, meetings: int, concerns_per_meeting: int) -> None:
    """Bulk-create forums with members, meetings (a tenth closed, a few ahead), concerns (half closed,
    a fifth restricted), actions in every status, public updates, and minutes in two languages."""
    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.db.models import OuterRef
    from django.db.models import Subquery
    from django.utils import timezone

    from actions.models import Action
    from actions.models import ActionUpdate
    from actions.models import ResponsibleBody
    from forums.models import AgendaItem
    from forums.models import Concern
    from forums.models import ConcernCategory
    from forums.models import Forum
    from forums.models import Meeting
    from forums.models import Membership
    from forums.models import Minutes
    from forums.models import MinutesVersion
    from forums.models import Municipality

    present = Forum.objects.filter(slug__startswith="bench-")
    if present.exists():
        size = (present.count(), Meeting.objects.filter(forum=present.first(), status="held").count())
        if size != (forums, meetings):
            sys.exit(
                f"A data set of {size[0]} forums × {size[1]} meetings is already here: use another database."
            )
        print("data set already present")
        return
    started = time.perf_counter()
    User = get_user_model()
    now = timezone.now()
    categories = [
        ConcernCategory.objects.get_or_create(
            slug=f"bench-cat-{i}",
            defaults={"name_sq": f"Kategoria {i}", "restricted_by_default": i < 2, "position": i},
        )[0]
        for i in range(10)
    ]
    reasons = [code for code, _label in Concern.CLOSING_REASON_CHOICES]
    sha = hashlib.sha256(PDF_BYTES).hexdigest()
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
        held = Meeting.objects.bulk_create(
            Meeting(
                forum=forum,
                number=n + 1,
                starts_at=now - datetime.timedelta(days=30 * (meetings - n)),
                location="Salla e Kuvendit",
                status="held",
                is_public=n % 10 != 9,
            )
            for n in range(meetings)
        )
        Meeting.objects.bulk_create(
            Meeting(
                forum=forum,
                number=meetings + n + 1,
                starts_at=now + datetime.timedelta(days=10 + 30 * n),
                location="Salla e Kuvendit",
            )
            for n in range(3)
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=m, position=p, title=f"Pika {p}") for m in held for p in range(3)
        )
        rows = []
        for m in held:
            for c in range(concerns_per_meeting):
                kind = (m.number * concerns_per_meeting + c) % 4
                category = categories[(m.number + c) % 10]
                closed_at = min(m.starts_at + datetime.timedelta(days=25), now) if kind < 2 else None
                rows.append(
                    Concern(
                        meeting=m,
                        category=category,
                        summary=f"Shqetësim {m.number}-{c}",
                        visibility="restricted" if category.restricted_by_default else "public",
                        status=("closed", "closed", "open", "in_progress")[kind],
                        closing_reason=reasons[(m.number + c) % 4] if closed_at else "",
                        closed_at=closed_at,
                    )
                )
        concerns = Concern.objects.bulk_create(rows)
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
            ActionUpdate(
                action=a,
                author=people["police_liaison"],
                note="Në proces",
                is_public=True,
                created_at=a.meeting.starts_at + datetime.timedelta(days=10),
            )
            for a in actions[::3]
        )
        minutes = Minutes.objects.bulk_create(
            Minutes(meeting=m, status="published", approved_by=people["chair"]) for m in held
        )
        versions = []
        for mi in minutes:
            topic = TOPICS[mi.meeting.number % len(TOPICS)]
            for language, title, filler in (("sq", topic[0], FILLER), ("sr-latn", topic[1], FILLER_SR)):
                text = f"Procesverbali {mi.meeting.number}, {forum.name}. {title}. {filler}"
                version = MinutesVersion(
                    minutes=mi,
                    number=1,
                    language=language,
                    html=f"<p>{text}</p>",
                    text=text,
                    sha256=sha,
                    published_at=mi.meeting.starts_at + datetime.timedelta(days=7),
                )
                version.search_text = version_search_text(text)  # bulk_create skips save()
                version.pdf.name = "minutes/bench.pdf"
                versions.append(version)
        MinutesVersion.objects.bulk_create(versions)
    # Records were raised at their meeting, not when this script ran (quarters, follow-up, timelines).
    starts = Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("starts_at")[:1])
    Concern.objects.filter(meeting__forum__slug__startswith="bench-").update(
        created_at=starts, updated_at=starts
    )
    bench_actions = Action.objects.filter(meeting__forum__slug__startswith="bench-")
    bench_actions.update(created_at=starts, updated_at=starts)
    bench_actions.filter(completed_at__isnull=False).update(updated_at=F("completed_at"))
    storage = Path(os.environ.get("MEDIA_ROOT", "/tmp/forums-bench-media")) / "minutes"
    storage.mkdir(parents=True, exist_ok=True)
    (storage / "bench.pdf").write_bytes(PDF_BYTES)
    print(
        f"generated {forums} forums × {meetings} meetings × {concerns_per_meeting} concerns "
        f"({Concern.objects.count():,} concerns) in {time.perf_counter() - started:.0f} s"
    )


def version_search_text(text: str) -> str:
    from forum_site.lib import search_text

    return search_text.index_text(text)


# --- What is measured -----------------------------------------------------------------------------


def pages() -> tuple[list, list]:
    """(label, url, target) of the public pages and (user, label, url, target) of the staff pages."""
    from django.urls import reverse

    from forums.models import Meeting
    from forums.models import Membership

    meeting = (
        Meeting.objects.filter(forum__slug="bench-0", status="held", is_public=True)
        .order_by("-starts_at")
        .first()
    )
    secretary = Membership.objects.get(forum__slug="bench-0", role="secretary").user
    police = Membership.objects.get(forum__slug="bench-0", role="police_liaison").user
    five, ten = "≤5×", "≤10×"
    public = [
        ("home", reverse("portal:home"), five),
        ("meetings", reverse("portal:meeting_list"), ""),
        ("minutes list", reverse("portal:minutes_list"), ""),
        ("minutes list, text search", reverse("portal:minutes_list") + "?q=Procesverbali", ten),
        ("text search, one topic", reverse("portal:minutes_list") + "?q=bullizem", ten),
        ("minutes page", reverse("portal:minutes_detail", args=[meeting.pk]), "1×"),
        ("its PDF (version 1)", reverse("portal:minutes_version_pdf", args=[meeting.pk, 1]), ""),
        ("accountability", reverse("portal:accountability"), five),
        ("feed", reverse("portal:minutes_feed"), ""),
        ("calendar", reverse("portal:meetings_ics"), five),
    ]
    staff = [
        (secretary, "dashboard (secretary)", reverse("forums:dashboard"), five),
        (secretary, "meeting page (secretary)", reverse("forums:meeting_detail", args=[meeting.pk]), five),
        (police, "my actions (police)", reverse("actions:my_actions"), five),
    ]
    return public, staff


def logged_in_client(user):
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import is_mfa_enabled
    from django.test import Client

    client = Client()
    client.force_login(user)
    if not is_mfa_enabled(user, ["totp"]):
        TOTP.activate(user, STAFF_TOTP_SECRET)
    return client


def timed(client, url: str, repeat: int, *, clear_cache: bool) -> tuple[list[float], int]:
    """Times of `repeat` requests in ms, and the queries of the last one."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        if clear_cache:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)
    return times, len(queries)


def in_process(repeat: int) -> None:
    from django.test import Client

    public, staff = pages()
    rows = [(Client(), label, url, target, True) for label, url, target in public]
    rows += [(logged_in_client(user), label, url, target, False) for user, label, url, target in staff]
    measured = []
    for client, label, url, target, cacheable in rows:
        client.get(url)  # templates, connections
        first, queries = timed(client, url, repeat, clear_cache=True)
        cached = timed(client, url, repeat, clear_cache=False)[0] if cacheable else None
        measured.append(
            (label, statistics.median(first), cached and statistics.median(cached), queries, target)
        )
    reference = next(first for label, first, *_rest in measured if label == "minutes page")
    print(
        f"{'page':28} {'first hit ms':>12} {'cached ms':>10} {'queries':>8} {'× minutes page':>15} {'target':>7}"
    )
    for label, first, cached, queries, target in measured:
        cached_text = f"{cached:10.1f}" if cached is not None else f"{'—':>10}"
        print(f"{label:28} {first:12.1f} {cached_text} {queries:8d} {first / reference:14.1f}× {target:>7}")


def api_against_html(repeat: int) -> None:
    """A page of 100 meetings and of 100 concerns from the API, against HTML showing the same records
    (issue 15): the meeting list's first five pages (20 each), and for concerns, which have no HTML
    list, the accountability page, whose timeline is the public list of concerns: a rough match.
    Both uncached: the HTML cache would otherwise answer for it."""
    from django.test import Client

    client = Client()
    pairs = [
        ("100 meetings", ["/api/v1/meetings/?page_size=100"], [f"/meetings/?page={n}" for n in range(1, 6)]),
        ("100 concerns", ["/api/v1/concerns/?page_size=100"], ["/accountability/"]),
    ]
    print(f"\n{'API page vs HTML':28} {'API ms':>12} {'HTML ms':>10} {'ratio':>8}")
    for label, api_urls, html_urls in pairs:
        api, html = (
            sum(statistics.median(timed(client, url, repeat, clear_cache=True)[0]) for url in urls)
            for urls in (api_urls, html_urls)
        )
        print(f"{label:28} {api:12.1f} {html:10.1f} {api / html:8.2f}")


def query_counts() -> None:
    """Each page once, its queries on a first hit: what CI prints (and fails on a page that errors)."""
    from django.test import Client

    public, staff = pages()
    rows = [(Client(), label, url) for label, url, _target in public]
    rows += [(logged_in_client(user), label, url) for user, label, url, _target in staff]
    print(f"{'page':28} {'queries':>8}")
    for client, label, url in rows:
        client.get(url)
        print(f"{label:28} {timed(client, url, 1, clear_cache=True)[1]:8d}")


# --- Throughput with wrk against gunicorn ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 (our own server)
            return
        time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds} s; the end of {log.name}:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def running(command: list[str], *, env: dict | None = None, log: Path):
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def gunicorn(workdir: Path, redis_url: str, *, page_cache: bool):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_URL": redis_url,
        "PUBLIC_PAGE_CACHE_SECONDS": "300" if page_cache else "0",
        "PDF_X_ACCEL_PREFIX": "/protected-media/",
        "SITE_URL": "http://127.0.0.1",  # required with DEBUG off
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--workers=4",
        f"--bind=127.0.0.1:{port}",
        "--access-logfile=/dev/null",
        "--max-requests=0",
    ]
    log = workdir / f"gunicorn-{port}.log"
    with running(command, env=env, log=log):
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/bench/trivial/", log)
        yield base


NGINX_CONF = """worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {dir}/nginx-body;
    proxy_temp_path {dir}/nginx-proxy;
    fastcgi_temp_path {dir}/nginx-fastcgi;
    uwsgi_temp_path {dir}/nginx-uwsgi;
    scgi_temp_path {dir}/nginx-scgi;
    upstream forums_gunicorn {{ server {upstream}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        # As in deploy/nginx/forums.conf.
        location /protected-media/ {{
            internal;
            alias {media}/;
            etag off;
            if_modified_since off;
            add_header ETag $upstream_http_etag always;
            add_header X-Content-Type-Options nosniff always;
        }}
        location / {{
            proxy_pass http://forums_gunicorn;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(workdir: Path, upstream: str):
    """nginx in front of gunicorn, sending PDFs itself as production does; None without nginx."""
    if not shutil.which("nginx") or not Path("/etc/nginx/mime.types").exists():
        yield None
        return
    port = free_port()
    media = os.environ.get("MEDIA_ROOT", "/tmp/forums-bench-media")
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=workdir, upstream=upstream, port=port, media=media))
    command = ["nginx", "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"]
    log = workdir / "nginx.log"
    with running(command, log=log):
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/bench/trivial/", log)
        yield base


def wrk(url: str, seconds: int, headers: dict | None = None) -> float:
    """Requests per second; every answer must be a success or 304."""
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        sys.exit(f"wrk saw errors on {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def throughput(seconds: int) -> None:
    if not (shutil.which("wrk") and shutil.which("redis-server")):
        print("throughput: wrk or redis-server is not installed, skipped")
        return
    from django.urls import reverse

    public, _staff = pages()
    urls = {label: url for label, url, _target in public}
    meeting_id = int(re.search(r"/(\d+)/$", urls["minutes page"]).group(1))
    etag = '"' + hashlib.sha256(PDF_BYTES).hexdigest() + '"'
    rows = [
        ("/", urls["home"], None),
        ("/minutes/", urls["minutes list"], None),
        ("/meetings/", urls["meetings"], None),
        ("/accountability/", urls["accountability"], None),
        ("a minutes page", urls["minutes page"], None),
        ("its PDF (X-Accel-Redirect)", urls["its PDF (version 1)"], None),
        ("its PDF, revalidated (304)", urls["its PDF (version 1)"], {"If-None-Match": etag}),
        (
            "current PDF, revalidated (304)",
            reverse("portal:minutes_pdf", args=[meeting_id]),
            {"If-None-Match": etag},
        ),
        ("feed", urls["feed"], None),
        ("calendar", urls["calendar"], None),
    ]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        workdir.chmod(0o755)  # nginx workers may run as another user
        redis_port = free_port()
        redis = [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        with running(redis, log=workdir / "redis.log"):
            time.sleep(0.5)
            for mode, page_cache in (("cached", True), ("uncached", False)):
                with gunicorn(workdir, f"redis://127.0.0.1:{redis_port}/0", page_cache=page_cache) as base:
                    trivial = wrk(base + "/bench/trivial/", seconds)
                    results.setdefault("trivial view (req/s)", {})[mode] = trivial
                    for label, url, headers in rows:
                        urllib.request.urlopen(base + url, timeout=120).read()  # noqa: S310 (fills the cache)
                        results.setdefault(label, {})[mode] = wrk(base + url, seconds, headers) / trivial
                    with nginx(workdir, base.removeprefix("http://")) as front:
                        if front is None:
                            continue
                        trivial = wrk(front + "/bench/trivial/", seconds)
                        results.setdefault("via nginx: trivial view (req/s)", {})[mode] = trivial
                        pdf = urls["its PDF (version 1)"]
                        for label, headers in (
                            ("via nginx: its PDF (sent by nginx)", None),
                            ("via nginx: its PDF, 304", {"If-None-Match": etag}),
                        ):
                            results.setdefault(label, {})[mode] = wrk(front + pdf, seconds, headers) / trivial
    print(f"{'page (ratio to the trivial view)':34} {'cached':>8} {'uncached':>9}")
    for label, by_mode in results.items():
        cells = [
            f"{by_mode[mode]:.0f}" if "trivial" in label else f"{by_mode[mode]:.3f}×"
            for mode in ("cached", "uncached")
        ]
        print(f"{label:34} {cells[0]:>8} {cells[1]:>9}")


def machine() -> str:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = model.group(1) if model else cpu
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with connection.cursor() as cursor:
        version = connection.vendor
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    return f"{datetime.date.today()} · {cpu}, {os.cpu_count()} cores, load {load:.1f} · Python {platform.python_version()} · {version}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=40)
    parser.add_argument("--meetings", type=int, default=60, help="meetings per forum")
    parser.add_argument("--concerns", type=int, default=3, help="concerns (and actions) per meeting")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--no-wrk", action="store_true", help="only the in-process table")
    parser.add_argument("--no-in-process", action="store_true", help="only the throughput table")
    parser.add_argument("--queries-only", action="store_true", help="only the query counts (CI)")
    args = parser.parse_args()
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:////tmp/forums-bench-{args.forums}x{args.meetings}x{args.concerns}.sqlite3"
    )
    os.environ.setdefault("MEDIA_ROOT", "/tmp/forums-bench-media")
    setup_django()
    generate(args.forums, args.meetings, args.concerns)
    print(machine())
    if args.queries_only:
        query_counts()
        return
    if not args.no_in_process:
        in_process(args.repeat)
        api_against_html(args.repeat)
    if not args.no_wrk:
        throughput(args.wrk_seconds)


if __name__ == "__main__":
    main()
