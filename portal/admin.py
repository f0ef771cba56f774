"""The portal's records in Django's admin: where citizens get help, and e-mail alert subscriptions.

Help entries are edited here per municipality and language. Subscriptions show how many, never who:
the addresses are citizens' personal data. The administrator sees counts per municipality and forum,
confirmed and waiting; there is no list, no detail page, no export and no way to add one.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path

from forums.models import Forum
from forums.models import Municipality
from portal.models import HelpEntry
from portal.models import Subscription

CONFIRMED = Q(subscriptions__confirmed_at__isnull=False)
WAITING = Q(subscriptions__confirmed_at__isnull=True, subscriptions__isnull=False)


@admin.register(HelpEntry)
class HelpEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "forum", "language", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["municipality", "language", "kind", "active"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["municipality", "forum"]
    list_select_related = ["municipality", "forum"]
    # A website typed without its scheme is reached over HTTPS.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["municipality", "forum", "language", "kind", "name", "description"]}),
        (None, {"fields": ["phone", "email", "website", "hours"]}),
        (None, {"fields": ["position", "active"]}),
    ]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        # Only the counts page: no change, delete or history view that could show an address.
        return [path("", self.admin_site.admin_view(self.counts_view), name="portal_subscription_changelist")]

    def counts_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        counts = {
            "confirmed": Count("subscriptions", filter=CONFIRMED),
            "waiting": Count("subscriptions", filter=WAITING),
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.model._meta.verbose_name_plural,
            "municipalities": Municipality.objects.annotate(**counts).order_by("name_sq"),
            "forums": Forum.objects.select_related("municipality")
            .annotate(**counts)
            .order_by("municipality__name_sq", "name_sq"),
            "total_confirmed": Subscription.objects.filter(confirmed_at__isnull=False).count(),
            "total_waiting": Subscription.objects.filter(confirmed_at__isnull=True).count(),
        }
        return TemplateResponse(request, "admin/portal/subscription/counts.html", context)
