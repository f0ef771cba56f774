from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums and meetings")

    def ready(self):
        from forums import security_log

        security_log.connect()
