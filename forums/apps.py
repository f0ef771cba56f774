from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums and meetings")

    def ready(self):
        # Imported here, not at the top: it uses models, which Django loads only after app configs.
        from forums import adapters
        from forums import extensions
        from forums.models import Submission

        adapters.connect()
        # Each answer to a citizen's submission is in its forum's audit trail.
        extensions.track_history(
            extensions.TrackedHistory(
                kind="submission",
                model=Submission,
                scope="forum_id",
                label=_("Citizen's submission"),
                url_name="submissions:detail",
            )
        )
