"""The portal's records in Django's admin: where citizens get help, per municipality and language."""

from django.contrib import admin
from django.db import models

from portal.models import HelpEntry


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
