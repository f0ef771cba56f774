from django.apps import AppConfig
from django.core import checks as django_checks

from forum_site import checks


class SiteConfig(AppConfig):
    """The project itself as an app, so its deployment checks are registered with Django's."""

    name = "forum_site"

    def ready(self):
        django_checks.register(checks.shared_cache, django_checks.Tags.caches, deploy=True)
        django_checks.register(checks.email_not_logged, django_checks.Tags.security, deploy=True)
