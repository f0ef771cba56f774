from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # Imported here, not at the top: it uses models, which Django loads only after app configs.
        from portal.api import tombstones

        tombstones.connect()
