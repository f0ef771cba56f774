"""Root URLs. Public and staff pages take an optional language prefix (none for Albanian)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from forum_site.health import healthz

urlpatterns = [
    # Outside i18n_patterns: probes must not be redirected to a language prefix.
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("staff/actions/", include("actions.urls")),
    path("staff/", include("forums.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)
