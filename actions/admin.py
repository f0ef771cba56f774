from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionUpdate, ResponsibleBody


@admin.register(ResponsibleBody)
class ResponsibleBodyAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name_sq", "name_sr"]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["created_at", "author", "note", "old_status", "new_status", "is_public"]
    raw_id_fields = ["author"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "responsible_body", "assignee", "due_date", "priority", "status"]
    list_filter = ["status", "priority", "responsible_body__kind", "meeting__forum__municipality"]
    search_fields = ["title", "description"]
    raw_id_fields = ["meeting", "concern", "assignee"]
    date_hierarchy = "due_date"
    inlines = [ActionUpdateInline]
    list_select_related = ["responsible_body", "assignee"]
