from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums and meetings")

    def ready(self):
        # Imported here, not at the top: it uses models, which Django loads only after app configs.
        from forums import adapters

        adapters.connect()
