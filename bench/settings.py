"""The site's settings plus what only the benchmark needs: a trivial view to measure against.

The view answers through the same middleware as every page, so a page's throughput divided by the
trivial view's, measured in the same run, says what the page itself costs.
"""

from forum_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Plain static file names: the benchmark runs without collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
