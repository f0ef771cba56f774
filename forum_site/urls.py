"""Root URLs. Public and staff pages take an optional language prefix (none for Albanian)."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include
from django.urls import path

from forum_site.health import healthz
from forum_site.language import switch_language

# The admin logs in through allauth, so the same two-factor rules apply to it.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # Outside i18n_patterns: probes must not be redirected to a language prefix.
    path("healthz", healthz, name="healthz"),
    # The open-data API has no language prefix: its URLs are pinned, the language is a parameter.
    path("api/v1/", include("portal.api.urls")),
    path("i18n/switch/", switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("staff/actions/", include("actions.urls")),
    path("staff/minutes/", include("forums.minutes.urls")),
    path("staff/submissions/", include("forums.submissions.urls")),
    path("staff/", include("forums.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)

handler403 = "forum_site.errors.forbidden"
handler404 = "forum_site.errors.not_found"
handler500 = "forum_site.errors.server_error"
