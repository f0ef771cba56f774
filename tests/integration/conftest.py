"""Real services for the `services` tests: Celery workers and beat on Redis, gunicorn, faults.

Every test in this folder gets the `services` marker; run them with `make test-full`, whose
`.ci/test-full` starts a throwaway PostgreSQL and Redis and exports where they are (TEST_* variables,
CELERY_BROKER_URL and CELERY_RESULT_BACKEND for this group only).

Databases: the tests run in pytest-django's test database (`test_forums`). Workers, beat and gunicorn
started here are pointed at that same database, so a test that wants a worker to see its rows uses
`transactional_db` (rows are committed, and flushed after the test) instead of `db`.

Files: a worker writes media under `worker.media_root`; point `settings.MEDIA_ROOT` there in a test
that reads what the worker wrote.

Processes start in their own process group, are stopped at the end of each test, and are also listed
in $TEST_SERVICES_DIR/pgids so `.ci/test-full` kills them even if pytest itself dies.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
import redis
from django.db import connections

from forum_site.celery import app as celery_app
from tests.integration.helpers import REPO
from tests.integration.helpers import wait_for

HERE = Path(__file__).resolve().parent
START_TIMEOUT = 30


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark everything in this folder `services` before `-m` selects, so `make test` leaves it out."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.services)


def required_env(name: str) -> str:
    """A variable that .ci/test-full exports; a clear failure when the services are not running."""
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(
            f"{name} is not set: services tests need the PostgreSQL and Redis that `make test-full` starts.",
            pytrace=False,
        )
    return value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServiceProcess:
    """A subprocess in its own process group, logging to a file, that is always cleaned up."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.args = args
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "ServiceProcess":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command lines)
            self.args,
            cwd=REPO,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        with (Path(required_env("TEST_SERVICES_DIR")) / "pgids").open("a") as pgids:
            pgids.write(f"{self.process.pid}\n")
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def fail_if_dead(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            pytest.fail(
                f"{self.name} exited with {self.process.returncode}:\n{self.log_text()[-3000:]}",
                pytrace=False,
            )

    def kill(self) -> None:
        """SIGKILL the whole process group at once, as when a machine dies or the OOM killer strikes."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM (Celery's warm shutdown, gunicorn's graceful stop), then SIGKILL what is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=timeout)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        # Pool children outlive a killed parent; the group takes them too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(timeout=10)


class Worker(ServiceProcess):
    """`celery worker` with the prefork pool, concurrency 2, on the default queue."""

    def __init__(
        self, env: dict[str, str], log_dir: Path, concurrency: int = 2, include: tuple[str, ...] = ()
    ):
        self.hostname = f"test-{uuid.uuid4().hex[:8]}@forums"
        self.media_root = Path(env["MEDIA_ROOT"])
        super().__init__(
            f"worker-{self.hostname.split('@')[0]}",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "forum_site",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "-Q",
                "celery",
                "-l",
                "info",
                "-n",
                self.hostname,
                # Start in a second rather than three; tests do not need worker-to-worker chatter.
                "--without-mingle",
                "--without-gossip",
                # Diagnostic tasks for the harness's own tests.
                "-I",
                ",".join(["tests.integration.worker_tasks", *include]),
            ],
            env,
            log_dir,
        )

    def wait_ready(self) -> "Worker":
        def answers() -> bool:
            self.fail_if_dead()
            return bool(celery_app.control.ping(destination=[self.hostname], timeout=0.5))

        wait_for(answers, START_TIMEOUT, f"worker {self.hostname} to answer a ping")
        return self

    def pool_pids(self) -> list[int]:
        """Process ids of the prefork pool's children (where tasks run)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


class Beat(ServiceProcess):
    """`celery beat` with its schedule file in a temporary folder."""

    def __init__(self, env: dict[str, str], log_dir: Path, app: str = "forum_site"):
        super().__init__(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "beat",
                "-l",
                "info",
                "-s",
                str(log_dir / "celerybeat-schedule"),
                "--pidfile=",
            ],
            env,
            log_dir,
        )

    def wait_ready(self) -> "Beat":
        def started() -> bool:
            self.fail_if_dead()
            return "beat: Starting" in self.log_text()

        wait_for(started, START_TIMEOUT, "celery beat to start")
        return self


@pytest.fixture(scope="session")
def test_database_url(django_db_setup) -> str:
    """DATABASE_URL of pytest-django's test database, for the processes we start."""
    base = urlsplit(required_env("DATABASE_URL"))
    if not base.scheme.startswith("postgres"):
        pytest.fail(
            "services tests need DATABASE_URL to point at PostgreSQL (make test-full).", pytrace=False
        )
    name = connections["default"].settings_dict["NAME"]
    return base._replace(path=f"/{name}").geturl()


@pytest.fixture
def service_env(test_database_url, tmp_path) -> dict[str, str]:
    """Environment for workers, beat and gunicorn: the same database, broker and a media folder."""
    media_root = tmp_path / "worker-media"
    media_root.mkdir()
    return {
        **os.environ,
        "DATABASE_URL": test_database_url,
        "CELERY_BROKER_URL": required_env("CELERY_BROKER_URL"),
        "CELERY_RESULT_BACKEND": required_env("CELERY_RESULT_BACKEND"),
        "MEDIA_ROOT": str(media_root),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def clean_broker() -> None:
    """Each test starts with empty queues and results: nothing left over from an earlier test."""
    redis.Redis.from_url(required_env("TEST_REDIS_URL")).flushall()


@pytest.fixture
def start_worker(service_env, tmp_path, clean_broker) -> Iterator[Callable[..., Worker]]:
    """Start a real worker and wait until it answers pings: `start_worker(visibility_timeout=5)`.

    `include=("tests.integration.slow_render",)` imports more test modules in the worker.
    """
    started: list[Worker] = []

    def start(
        concurrency: int = 2,
        visibility_timeout: int | None = None,
        include: tuple[str, ...] = (),
        **extra_env: str,
    ) -> Worker:
        env = dict(service_env, **extra_env)
        if visibility_timeout is not None:
            # Also look for such tasks every second instead of every 100 s (kombu's default).
            env["CELERY_BROKER_TRANSPORT_OPTIONS"] = json.dumps(
                {
                    "visibility_timeout": visibility_timeout,
                    "unacked_restore_interval": 1,
                    "unacked_restore_throttle": 1,
                }
            )
        worker = Worker(env, tmp_path, concurrency=concurrency, include=include)
        started.append(worker)
        return worker.start().wait_ready()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def celery_worker(start_worker) -> Worker:
    """One running worker (prefork, concurrency 2); `worker.media_root` is where it writes files."""
    return start_worker()


@pytest.fixture
def start_beat(service_env, tmp_path, clean_broker) -> Iterator[Callable[..., Beat]]:
    """Start celery beat: `start_beat()` for the site's schedule, `start_beat(app=...)` for another."""
    started: list[Beat] = []

    def start(app: str = "forum_site", **extra_env: str) -> Beat:
        beat = Beat(dict(service_env, **extra_env), tmp_path, app=app)
        started.append(beat)
        return beat.start().wait_ready()

    yield start
    for beat in started:
        beat.stop()


@pytest.fixture
def start_web(service_env, tmp_path) -> Iterator[Callable[..., str]]:
    """Start gunicorn with deploy/gunicorn.conf.py in production mode; returns its base URL."""
    started: list[ServiceProcess] = []

    def start(**extra_env: str) -> str:
        port = free_port()
        env = {
            **service_env,
            "DEBUG": "false",
            "SECRET_KEY": "integration-test-secret-key-not-used-anywhere-else",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{port}",
            # Production needs EMAIL_URL or an explicit backend; these tests send no mail from the web.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            **extra_env,
        }
        web = ServiceProcess(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py")],
            env,
            tmp_path,
        )
        started.append(web)
        web.start()
        url = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            web.fail_if_dead()
            try:
                with urlopen(f"{url}/healthz", timeout=5):  # noqa: S310 (our own loopback server)
                    return True
            except OSError:
                return False

        wait_for(answers, START_TIMEOUT, "gunicorn to answer /healthz")
        return url

    yield start
    for web in started:
        web.stop()


class RedisService:
    """The Redis that .ci/test-full started, stoppable and startable again from its config file."""

    def __init__(self) -> None:
        self.url = required_env("TEST_REDIS_URL")
        self.conf = required_env("TEST_REDIS_CONF")

    def is_up(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=1).ping())
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        # The server closes the connection as it goes away.
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis.from_url(self.url).shutdown(nosave=True)
        wait_for(lambda: not self.is_up(), 10, "Redis to stop")

    def start(self) -> None:
        if not self.is_up():
            subprocess.run(["redis-server", self.conf], check=True, stdout=subprocess.DEVNULL)  # noqa: S603, S607
        wait_for(self.is_up, 10, "Redis to answer PING")


@pytest.fixture
def redis_service() -> Iterator[RedisService]:
    """Stop and start the broker in a test; it is always running again afterwards."""
    service = RedisService()
    yield service
    service.start()


class PostgresService:
    """The PostgreSQL cluster that .ci/test-full started."""

    def __init__(self) -> None:
        self.pg_ctl = str(Path(required_env("TEST_PG_BIN")) / "pg_ctl")
        self.data = required_env("TEST_PGDATA")
        self.log = required_env("TEST_PG_LOG")
        run_as = os.environ.get("TEST_PG_RUN_AS", "")
        self.prefix = ["runuser", "-u", run_as, "--"] if run_as else []

    def restart(self) -> None:
        """Fast restart: every open connection is cut, as in a failover or a package upgrade."""
        subprocess.run(  # noqa: S603
            [*self.prefix, self.pg_ctl, "-D", self.data, "-l", self.log, "-m", "fast", "-w", "restart"],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            timeout=60,
        )


@pytest.fixture
def postgres_service(django_db_blocker) -> Iterator[PostgresService]:
    """Restart PostgreSQL in a test; this process's own (now dead) connections are dropped afterwards."""
    yield PostgresService()
    with django_db_blocker.unblock():
        connections.close_all()
