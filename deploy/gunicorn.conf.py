"""gunicorn settings for a web machine: `gunicorn -c deploy/gunicorn.conf.py`.

Every value that differs between machines comes from the environment (see deploy/forums.env.example).
"""

import multiprocessing
import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

# The project's own modules, whatever directory gunicorn was started from.
PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:
    sys.path.insert(0, PROJECT)

from forum_site.lib.security_log import RedactSecretsFilter  # noqa: E402 (needs the path above)

wsgi_app = "forum_site.wsgi:application"
# nginx on the same machine proxies to this address; bind 0.0.0.0 only behind a firewall.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are short database reads; PDFs are rendered by Celery, never in a request.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file lives in memory, so a slow disk cannot make gunicorn kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn's advice)
# Trust X-Forwarded-* only from the local nginx.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "forums-web"

REDACT_SECRETS = RedactSecretsFilter()


class RedactingLogger(Logger):
    """gunicorn's logs with the masking of Django's: the access log would print every reset link."""

    def setup(self, cfg):
        super().setup(cfg)
        # One shared filter: setup runs again on every reload, and addFilter ignores a repeat.
        self.access_log.addFilter(REDACT_SECRETS)
        self.error_log.addFilter(REDACT_SECRETS)


logger_class = RedactingLogger
