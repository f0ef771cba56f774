from django.apps import AppConfig
from django.apps import apps
from django.core import checks as django_checks

from forum_site import checks
from forum_site.lib import public_cache
from forum_site.lib import security_log

# Apps whose records public pages read: every model of theirs renews the public cache when it changes,
# except these, which no public page shows and which are written often (each read of restricted text
# is logged; a sent reminder or alert is noted; a citizen follows a forum) or only ever together with
# a watched record (tombstones).
PUBLIC_APPS = ("forums", "actions", "portal", "sites")
NOT_PUBLIC = {
    "forums.restrictedaccess",
    "actions.notification",
    "portal.tombstone",
    "portal.subscription",
    "portal.sentalert",
}


def public_models() -> list:
    """The models a public page may read, change history tables left out (they change with their record)."""
    return [
        model
        for label in PUBLIC_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label_lower not in NOT_PUBLIC and not model.__name__.startswith("Historical")
    ]


class SiteConfig(AppConfig):
    """The project itself as an app: its deployment checks, the security log, the public page cache."""

    name = "forum_site"

    def ready(self):
        django_checks.register(checks.shared_cache, django_checks.Tags.caches, deploy=True)
        django_checks.register(checks.email_not_logged, django_checks.Tags.security, deploy=True)
        security_log.connect()
        public_cache.watch(public_models())
