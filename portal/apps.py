from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, which Django loads only after app configs.
        from forums import extensions
        from portal import feedback
        from portal import subscriptions
        from portal.api import tombstones

        tombstones.connect()
        subscriptions.connect()
        # The minutes (forums) print the survey's address; its pages are the portal's.
        extensions.provide_survey_link(feedback.survey_link)
