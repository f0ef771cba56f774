from django.apps import AppConfig
from django.core import checks as django_checks

from forum_site import checks
from forum_site.lib import security_log


class SiteConfig(AppConfig):
    """The project itself as an app: its deployment checks, the security log, the demo command."""

    name = "forum_site"

    def ready(self):
        django_checks.register(checks.shared_cache, django_checks.Tags.caches, deploy=True)
        django_checks.register(checks.email_not_logged, django_checks.Tags.security, deploy=True)
        security_log.connect()
