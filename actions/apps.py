from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Follow-up actions")

    def ready(self):
        # Imported here, not at the top: both use models, which Django loads only after app configs.
        from actions import pages
        from actions import signals

        signals.connect()
        pages.register()
